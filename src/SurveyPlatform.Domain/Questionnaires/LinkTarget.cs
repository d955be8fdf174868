namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// The one rule for where a link written into survey text (or placed in an e-mail) may point:
/// http, https and mailto, or a relative address. Anything else (javascript:, data:, vbscript:,
/// file:, …) is refused, however it is cased or padded.
/// </summary>
public static class LinkTarget
{
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    /// <param name="url">The address as the browser will read it: entities already decoded.</param>
    public static bool IsAllowed(string? url)
    {
        if (url is null)
        {
            return false;
        }

        // Browsers drop ASCII tab and newlines anywhere and control characters and spaces at the
        // ends before reading the scheme ("java\tscript:" is javascript:), so the check does too.
        var cleaned = new string([.. url.Where(c => c > ' ' && c != '\u007f')]);
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        // A colon after a path, query or fragment character is not a scheme: "page?at=10:30" is relative.
        var beforeColon = cleaned[..colon];
        if (beforeColon.Length == 0 || beforeColon.IndexOfAny(['/', '?', '#', '\\']) >= 0)
        {
            return beforeColon.Length > 0;
        }

        return AllowedSchemes.Contains(beforeColon, StringComparer.OrdinalIgnoreCase);
    }
}
