using System.Text;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Exports;

/// <summary>
/// The variables of the wide response CSV and the names statistics packages accept for them. The
/// wide list follows the response download's rules (newest version's order first; a multiple
/// choice or ranking gives <c>CODE_OPTION</c>, a matrix <c>CODE_ROW</c>; a header already produced
/// is not repeated). SPSS and Stata names are derived from the CSV header: kept when valid, else
/// made valid and unique, and the codebook shows every renamed one.
/// </summary>
public static class VariableNames
{
    public const int SpssMaxLength = 64;
    public const int StataMaxLength = 32;

    private static readonly HashSet<string> SpssReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH",
    };

    private static readonly HashSet<string> StataReserved = new(StringComparer.Ordinal)
    {
        "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n", "_N",
        "_pi", "_pred", "_rc", "_skip", "strL", "using", "with",
    };

    /// <summary>The answer columns of the wide layout, in the download's order.</summary>
    public static IReadOnlyList<string> AnswerColumns(IEnumerable<QuestionDefinition> questionsNewestVersionFirst)
    {
        ArgumentNullException.ThrowIfNull(questionsNewestVersionFirst);
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var question in questionsNewestVersionFirst)
        {
            foreach (var key in question.AnswerKeys())
            {
                if (question.Type is QuestionType.MultipleChoice or QuestionType.Ranking && string.Equals(key, question.Code, StringComparison.OrdinalIgnoreCase))
                {
                    columns.AddRange(question.Options.Select(o => $"{question.Code}_{o.Code}").Where(seen.Add));
                }
                else if (seen.Add(key))
                {
                    columns.Add(key);
                }
            }
        }

        return columns;
    }

    /// <summary>The whole wide header: leading columns, answers, <c>participant_</c> attributes, scores.</summary>
    public static IReadOnlyList<string> Wide(
        IEnumerable<string> leadingColumns,
        IEnumerable<QuestionDefinition> questionsNewestVersionFirst,
        IEnumerable<string> participantColumns,
        IEnumerable<string> scoreColumns) =>
        [.. leadingColumns, .. AnswerColumns(questionsNewestVersionFirst), .. participantColumns, .. scoreColumns];

    /// <summary>
    /// A valid SPSS name: letter first, then letters, digits and underscores, at most 64 bytes, not a
    /// reserved word, not ending in a full stop.
    /// </summary>
    public static bool IsValidSpss(string name) =>
        !string.IsNullOrEmpty(name)
        && Encoding.UTF8.GetByteCount(name) <= SpssMaxLength
        && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
        && name[^1] != '.'
        && !SpssReserved.Contains(name);

    /// <summary>A valid Stata name: letter first, then letters, digits and underscores, at most 32 characters, not reserved.</summary>
    public static bool IsValidStata(string name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= StataMaxLength
        && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && !StataReserved.Contains(name)
        && !(name.StartsWith("str", StringComparison.Ordinal) && name.Length > 3 && name[3..].All(char.IsAsciiDigit));

    /// <summary>SPSS names for the headers, in order: unique ignoring case (SPSS does).</summary>
    public static IReadOnlyList<string> Spss(IReadOnlyList<string> headers) =>
        Unique(headers, IsValidSpss, SpssMaxLength, reservedSuffix: SpssReserved);

    /// <summary>Stata names for the headers, in order: unique ignoring case, so they also survive case-insensitive file systems and readers.</summary>
    public static IReadOnlyList<string> Stata(IReadOnlyList<string> headers) =>
        Unique(headers, IsValidStata, StataMaxLength, reservedSuffix: StataReserved);

    private static List<string> Unique(IReadOnlyList<string> headers, Func<string, bool> valid, int maxLength, HashSet<string> reservedSuffix)
    {
        ArgumentNullException.ThrowIfNull(headers);
        // Valid headers keep their names first, so a renamed one never takes a name the CSV already uses.
        var used = new HashSet<string>(headers.Where(valid), StringComparer.OrdinalIgnoreCase);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>(headers.Count);
        foreach (var header in headers)
        {
            if (valid(header) && taken.Add(header))
            {
                names.Add(header);
                continue;
            }

            var stem = Clean(header, maxLength);
            if (!valid(stem) || reservedSuffix.Contains(stem))
            {
                stem = Truncate(stem + "_v", maxLength);
            }

            var candidate = stem;
            for (var n = 2; !valid(candidate) || used.Contains(candidate) || taken.Contains(candidate); n++)
            {
                var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                candidate = Truncate(stem, maxLength - suffix.Length) + suffix;
            }

            taken.Add(candidate);
            used.Add(candidate);
            names.Add(candidate);
        }

        return names;
    }

    /// <summary>ASCII letters, digits and underscores only (accents dropped, other runs as one underscore), letter first.</summary>
    private static string Clean(string header, int maxLength)
    {
        var sb = new StringBuilder();
        foreach (var c in header.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (sb.Length == 0 || sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        var text = sb.ToString().Trim('_');
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            text = "v_" + text;
        }

        return Truncate(text, maxLength).TrimEnd('_');
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
