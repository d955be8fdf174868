using System.Text.Json;

namespace SurveyPlatform.Domain.Distribution;

/// <summary>
/// The non-identifying attributes of the participant who gave a response in an anonymous survey.
/// Nothing links an anonymous response to its participant, so the attributes the owner marked as
/// non-identifying are copied onto the response when it is completed, and only those.
/// </summary>
public sealed class ResponseAttributes
{
    private ResponseAttributes()
    {
        AttributesJson = null!;
    }

    /// <summary>The response (its id is also its answering session's).</summary>
    public Guid ResponseId { get; private set; }

    /// <summary>A JSON object of strings.</summary>
    public string AttributesJson { get; private set; }

    public IReadOnlyDictionary<string, string> Attributes =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(AttributesJson) ?? [];

    /// <summary>The attributes among <paramref name="nonIdentifying"/> (names compared ignoring case), or null when there are none.</summary>
    public static ResponseAttributes? Keep(Guid responseId, IReadOnlyDictionary<string, string> attributes, IEnumerable<string> nonIdentifying)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var allowed = new HashSet<string>(nonIdentifying, StringComparer.OrdinalIgnoreCase);
        var kept = attributes.Where(a => allowed.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return kept.Count == 0 ? null : new ResponseAttributes { ResponseId = responseId, AttributesJson = JsonSerializer.Serialize(kept) };
    }
}
