namespace SurveyPlatform.Domain.Logic;

/// <summary>
/// <c>participant.NAME</c>: a condition or piping reference to an attribute of the invited
/// participant (segment, organisation, region…) rather than to a question. Attributes are read from
/// a context the caller passes in; they are never stored as answers. Without a participant (public
/// link, preview) every attribute reads as unanswered.
/// </summary>
public static class ParticipantReference
{
    public const string Prefix = "participant.";

    /// <summary>Whether <paramref name="code"/> is <c>participant.NAME</c>, and the NAME.</summary>
    public static bool TryName(string? code, out string name)
    {
        name = string.Empty;
        if (code is null || code.Length <= Prefix.Length || !code.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = code[Prefix.Length..];
        if (!IsName(rest))
        {
            return false;
        }

        name = rest;
        return true;
    }

    /// <summary>An attribute name: a letter, then letters, digits or _.</summary>
    public static bool IsName(string? name) =>
        !string.IsNullOrEmpty(name) && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The attribute's value (name compared ignoring case), or null when it is absent or blank.</summary>
    public static string? Value(IReadOnlyDictionary<string, string>? context, string name)
    {
        if (context is null || context.Count == 0)
        {
            return null;
        }

        if (!context.TryGetValue(name, out var value))
        {
            value = context.FirstOrDefault(a => string.Equals(a.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
