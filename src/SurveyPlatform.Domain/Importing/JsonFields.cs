using System.Text.Json;

namespace SurveyPlatform.Domain.Importing;

/// <summary>Reading the JSON files the importers take (Qualtrics .qsf, SurveyJS), where a field may be missing or of an unexpected kind.</summary>
internal static class JsonFields
{
    /// <summary>A property as text: a string, or a number or boolean as written; empty when it is missing or of another kind.</summary>
    public static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? string.Empty,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => string.Empty,
            }
            : string.Empty;
}
