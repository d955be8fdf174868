using System.Text.RegularExpressions;

namespace SurveyPlatform.Domain.Exports;

/// <summary>Question text (a Markdown subset) as plain text for labels in data files: markup removed, whitespace collapsed.</summary>
public static partial class PlainText
{
    public static string FromMarkdown(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var text = Link().Replace(markdown, "$1");
        text = BlockMarker().Replace(text, string.Empty);
        text = Emphasis().Replace(text, string.Empty);
        text = text.Replace("\\", string.Empty, StringComparison.Ordinal);
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?m)^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")]
    private static partial Regex BlockMarker();

    [GeneratedRegex(@"(\*{1,3}|_{2,3}|~~|`+|(?<=\s|^)_|_(?=\s|$|[.,;:!?]))")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
