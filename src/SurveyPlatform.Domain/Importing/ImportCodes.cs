using System.Net;
using System.Text.RegularExpressions;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Importing;

/// <summary>
/// Question and option codes for imported files: other tools allow names such as "Q4#1",
/// "What should be improved?" or "1861-1865", which are not codes here. Each becomes letters, digits
/// and _, unique within its list; every change is noted so the owner can recognise the column.
/// </summary>
public sealed partial class ImportCodes
{
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A question code from <paramref name="name"/>, unique among the codes made so far.</summary>
    public string Question(string name, string fallback, string what, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var code = Clean(name, fallback, asQuestion: true);
        code = Unique(code, _used);
        if (!string.Equals(code, name, StringComparison.Ordinal))
        {
            notes.Add(name.Length == 0
                ? $"{what} has no name; it was given the code \"{code}\"."
                : $"{what}: the name \"{name}\" became the code \"{code}\" (codes are a letter, then letters, digits or _, at most {QuestionDraft.MaxCodeLength}, each used once).");
        }

        return code;
    }

    /// <summary>Reserves a code (for example one part of a split question) so later names do not take it.</summary>
    public bool Reserve(string code) => QuestionDraft.IsValidCode(code) && _used.Add(code);

    /// <summary>Option or row codes for the given raw values, in order; changes are noted.</summary>
    public static string[] Options(IReadOnlyList<string> values, string what, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(notes);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var codes = new string[values.Count];
        var changed = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var code = Unique(Clean(values[i], (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), asQuestion: false), used);
            codes[i] = code;
            if (!string.Equals(code, values[i], StringComparison.Ordinal))
            {
                changed.Add($"\"{values[i]}\" → {code}");
            }
        }

        if (changed.Count > 0)
        {
            notes.Add($"{what}: value codes changed to letters, digits and _ ({string.Join(", ", changed)}).");
        }

        return codes;
    }

    private static string Clean(string raw, string fallback, bool asQuestion)
    {
        var text = new string([.. (raw ?? string.Empty).Trim().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        text = Underscores().Replace(text, "_").Trim('_');
        if (text.Length == 0)
        {
            text = fallback;
        }

        if (asQuestion && !char.IsAsciiLetter(text[0]))
        {
            text = "q" + (text[0] == '_' ? text : "_" + text);
        }

        return text.Length > QuestionDraft.MaxCodeLength ? text[..QuestionDraft.MaxCodeLength] : text;
    }

    private static string Unique(string code, HashSet<string> used)
    {
        var candidate = code;
        for (var n = 2; !used.Add(candidate); n++)
        {
            var suffix = $"_{n}";
            candidate = (code.Length + suffix.Length > QuestionDraft.MaxCodeLength ? code[..(QuestionDraft.MaxCodeLength - suffix.Length)] : code) + suffix;
        }

        return candidate;
    }

    /// <summary>Plain text from HTML: tags removed, entities decoded, whitespace collapsed.</summary>
    public static string Text(string? html) =>
        Space().Replace(WebUtility.HtmlDecode(Tags().Replace(html ?? string.Empty, " ")), " ").Trim();

    [GeneratedRegex("_+")]
    private static partial Regex Underscores();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
