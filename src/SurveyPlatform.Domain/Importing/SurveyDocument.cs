using System.Text.Json;
using System.Text.Json.Serialization;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Importing;

/// <summary>
/// The JSON file an owner downloads and uploads: a format marker, the title and description, and
/// the definition (docs/definition-model.md). Export → import → export gives identical JSON.
/// </summary>
public sealed record SurveyDocument(string Format, string Title, string Description, SurveyDefinition Definition)
{
    public const string CurrentFormat = "surveyplatform.survey/1";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public static SurveyDocument Of(string title, string description, SurveyDefinition definition) =>
        new(CurrentFormat, title, description, definition);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static SurveyDocument FromJson(byte[] file)
    {
        SurveyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SurveyDocument>(file, Options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            throw new ImportFormatException($"This is not a SurveyPlatform survey file: the JSON is not valid{where}.");
        }

        if (document is null || document.Format != CurrentFormat)
        {
            throw new ImportFormatException($"This is not a SurveyPlatform survey file: \"format\" must be \"{CurrentFormat}\".");
        }

        if (string.IsNullOrWhiteSpace(document.Title) || document.Definition is null)
        {
            throw new ImportFormatException("This survey file has no title or no definition.");
        }

        return document with { Description = document.Description ?? string.Empty };
    }
}
