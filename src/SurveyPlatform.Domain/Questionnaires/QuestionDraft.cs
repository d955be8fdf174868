using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// Checks a question an owner is adding before it joins a draft, and reports each problem against
/// the field that caused it.
/// </summary>
public static partial class QuestionDraft
{
    public const int MaxCodeLength = 32;

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    public static bool IsValidCode(string? code) =>
        !string.IsNullOrEmpty(code) && code.Length <= MaxCodeLength && CodePattern().IsMatch(code);

    /// <summary>
    /// Parses pasted options, one per line: <c>label</c>, <c>label | points</c> (when the second part
    /// is a number), <c>code | label</c> or <c>code | label | points</c>. A line without a code gets a slug of its
    /// label ("Very satisfied" becomes <c>very_satisfied</c>), made unique within the list with _2, _3…;
    /// a label with no Latin letters or digits gets <c>opt_N</c> (N its line). Written codes are kept as
    /// they are, so editing a question never changes the codes its answers are stored under.
    /// </summary>
    public static (IReadOnlyList<OptionDefinition> Options, IReadOnlyList<string> Errors) ParseOptions(string? text)
    {
        var options = new List<OptionDefinition>();
        var errors = new List<string>();
        var lines = (text ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var written = lines.Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 3 || (p.Length == 2 && !decimal.TryParse(p[1], NumberStyles.Number, CultureInfo.InvariantCulture, out _)))
            .Select(p => p[0])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var generated = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string CodeFor(string label, int line)
        {
            var slug = Slug(label);
            var stem = slug.Length == 0 ? $"opt_{line}" : slug;
            var code = stem;
            for (var n = 2; written.Contains(code) || generated.Contains(code); n++)
            {
                var suffix = $"_{n}";
                code = (stem.Length + suffix.Length > MaxCodeLength ? stem[..(MaxCodeLength - suffix.Length)] : stem) + suffix;
            }

            generated.Add(code);
            return code;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split('|', StringSplitOptions.TrimEntries);
            string code;
            string label;
            var points = 0m;
            string? pointsText = null;
            switch (parts.Length)
            {
                case 1:
                    label = parts[0];
                    code = CodeFor(label, i + 1);
                    break;
                case 2 when decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out _):
                    label = parts[0];
                    code = CodeFor(label, i + 1);
                    pointsText = parts[1];
                    break;
                case 2:
                    code = parts[0];
                    label = parts[1];
                    break;
                case 3:
                    code = parts[0];
                    label = parts[1];
                    pointsText = parts[2];
                    break;
                default:
                    errors.Add($"Option line {i + 1}: use \"label\", \"label | points\", \"code | label\" or \"code | label | points\".");
                    continue;
            }

            if (pointsText is not null && !decimal.TryParse(pointsText, NumberStyles.Number, CultureInfo.InvariantCulture, out points))
            {
                errors.Add($"Option line {i + 1}: points \"{pointsText}\" is not a number.");
                continue;
            }

            if (label.Length == 0)
            {
                errors.Add($"Option line {i + 1}: the label is empty.");
                continue;
            }

            if (!IsValidOptionCode(code))
            {
                errors.Add($"Option line {i + 1}: code \"{code}\" may use only letters, digits and _ (at most {MaxCodeLength}).");
                continue;
            }

            if (options.Any(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"Option line {i + 1}: code \"{code}\" is used twice.");
                continue;
            }

            options.Add(new OptionDefinition(code, label, points));
        }

        return (options, errors);
    }

    /// <summary>
    /// An ASCII code from a label: accents dropped (é → e, ß → ss), lower case, every run of other
    /// characters one _, at most <see cref="MaxCodeLength"/> characters; empty when nothing Latin is left.
    /// </summary>
    public static string Slug(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var builder = new StringBuilder();
        foreach (var c in label.Normalize(NormalizationForm.FormD))
        {
            var folded = c switch
            {
                'ß' => "ss",
                'æ' or 'Æ' => "ae",
                'œ' or 'Œ' => "oe",
                'ø' or 'Ø' => "o",
                'đ' or 'Đ' => "d",
                'ł' or 'Ł' => "l",
                'þ' or 'Þ' => "th",
                _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark => string.Empty,
                _ when char.IsAsciiLetterOrDigit(c) => new string(char.ToLowerInvariant(c), 1),
                _ => "_",
            };
            foreach (var f in folded)
            {
                if (f != '_' || (builder.Length > 0 && builder[^1] != '_'))
                {
                    builder.Append(f);
                }
            }
        }

        var slug = builder.ToString().Trim('_');
        return slug.Length > MaxCodeLength ? slug[..MaxCodeLength].TrimEnd('_') : slug;
    }

    private static bool IsValidOptionCode(string code) =>
        code.Length is > 0 and <= MaxCodeLength && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Returns the problems with adding <paramref name="question"/> to <paramref name="definition"/>, keyed by field.</summary>
    public static IReadOnlyList<FieldError> Check(SurveyDefinition definition, QuestionDefinition question)
    {
        var errors = new List<FieldError>();
        if (!IsValidCode(question.Code))
        {
            errors.Add(new FieldError("Code", $"The code must start with a letter, then letters, digits or _, at most {MaxCodeLength} characters."));
        }
        else if (definition.Find(question.Code) is not null)
        {
            errors.Add(new FieldError("Code", $"The code \"{question.Code}\" is already used in this survey."));
        }

        if (string.IsNullOrWhiteSpace(question.Text))
        {
            errors.Add(new FieldError("Text", "Enter the question text."));
        }

        if (question.HasOptions && question.Options.Count < (question.Type is QuestionType.MultipleChoice or QuestionType.MatrixSingle ? 1 : 2))
        {
            errors.Add(new FieldError("Options", question.Type == QuestionType.MatrixSingle ? "A matrix needs at least one column (options)." : "A choice question needs at least two options."));
        }

        if (question.IsMatrix && question.Rows.Count == 0)
        {
            errors.Add(new FieldError("Rows", "A matrix needs at least one row."));
        }

        if (question.RowsPerPage is < 1)
        {
            errors.Add(new FieldError("RowsPerPage", "Rows per page must be at least 1, or left empty."));
        }

        if (question.Condition is { Length: > 0 } condition)
        {
            var (_, conditionErrors) = Logic.ConditionParser.ParseAndCheck(condition, definition.CodesBefore(null).SelectMany(c => definition.Find(c)!.AnswerKeys()).ToList(), []);
            errors.AddRange(conditionErrors.Select(e => new FieldError("Condition", e.ToString())));
        }

        if (question.Type == QuestionType.ShortText && question.Validation == TextValidation.Regex && string.IsNullOrWhiteSpace(question.Pattern))
        {
            errors.Add(new FieldError("Pattern", "Enter the regular expression answers must match."));
        }

        if (question.Type == QuestionType.Number && question.Min is { } min && question.Max is { } max && min > max)
        {
            errors.Add(new FieldError("Min", "The minimum must not be greater than the maximum."));
        }

        return errors;
    }
}

public sealed record FieldError(string Field, string Message)
{
    /// <summary>A stable message key, so a respondent page can show the message in its own language.</summary>
    public string? Key { get; init; }

    /// <summary>The values the message's template is formatted with.</summary>
    public IReadOnlyList<object> Args { get; init; } = [];

    /// <summary>Text shown before the message, such as a matrix row's label.</summary>
    public string? Prefix { get; init; }
}
