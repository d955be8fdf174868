using System.Text;
using System.Text.RegularExpressions;
using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Responding;

/// <summary>
/// Piping: <c>{CODE}</c> in survey text shows the label of an earlier answer (the typed value for
/// text, numbers and dates; labels joined by ", " for several choices). A code that names no
/// question is left as written; an unanswered question pipes nothing. <c>{participant.NAME}</c>
/// shows the invited participant's attribute from the context, and nothing without a participant.
/// </summary>
public static partial class Piping
{
    /// <summary>The words piped for a yes/no answer and for "not applicable", in the page's language.</summary>
    public sealed record Words(string Yes, string No, string NotApplicable)
    {
        public static readonly Words English = new("Yes", "No", "Not applicable");
    }

    [GeneratedRegex(@"\{((?:(?i:participant)\.)?[A-Za-z][A-Za-z0-9_]{0,64})\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Placeholder();

    /// <param name="escape">Applied to each piped value, e.g. <see cref="EscapeMarkdown"/> for Markdown text.</param>
    /// <param name="context">The participant's attributes for <c>{participant.NAME}</c>; null without a participant.</param>
    public static string? Fill(string? text, SurveyDefinition definition, IReadOnlyDictionary<string, string> answers, Func<string, string>? escape = null, Words? words = null, IReadOnlyDictionary<string, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        if (string.IsNullOrEmpty(text) || !text.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }

        return Placeholder().Replace(text, match =>
        {
            var key = match.Groups[1].Value;
            var label = ParticipantReference.TryName(key, out var name)
                ? ParticipantReference.Value(context, name) ?? string.Empty
                : Label(definition, key, answers, words);
            return label is null ? match.Value : (escape ?? (v => v))(label);
        });
    }

    /// <summary>A question with its text and help piped.</summary>
    public static QuestionDefinition Fill(QuestionDefinition question, SurveyDefinition definition, IReadOnlyDictionary<string, string> answers, Func<string, string>? escape = null, Words? words = null, IReadOnlyDictionary<string, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question with
        {
            Text = Fill(question.Text, definition, answers, escape, words, context) ?? string.Empty,
            Help = Fill(question.Help, definition, answers, escape, words, context),
        };
    }

    /// <summary>The label an answer key pipes as, or null when the key names no question.</summary>
    public static string? Label(SurveyDefinition definition, string key, IReadOnlyDictionary<string, string> answers, Words? words = null)
    {
        words ??= Words.English;
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        if (definition.Questions.FirstOrDefault(q => q.OtherOption is not null && string.Equals(q.OtherKey, key, StringComparison.OrdinalIgnoreCase)) is not null)
        {
            return answers.TryGetValue(key, out var other) ? other : string.Empty;
        }

        var question = definition.Find(key);
        var matrix = question is null ? definition.Questions.FirstOrDefault(q => q.IsMatrix && q.Rows.Any(r => string.Equals(q.RowKey(r.Code), key, StringComparison.OrdinalIgnoreCase))) : null;
        if (question is null && matrix is null)
        {
            return null;
        }

        if (!answers.TryGetValue(key, out var value) || value.Length == 0)
        {
            return string.Empty;
        }

        var owner = question ?? matrix!;
        if (string.Equals(value, QuestionDefinition.NotApplicable, StringComparison.OrdinalIgnoreCase) && owner.AllowNotApplicable)
        {
            return words.NotApplicable;
        }

        return owner.Type switch
        {
            QuestionType.SingleChoice => OptionLabel(owner, value, answers),
            QuestionType.MultipleChoice or QuestionType.Ranking => string.Join(", ", value.Split(AnswerSheet.MultipleSeparator).Select(v => OptionLabel(owner, v, answers))),
            QuestionType.MatrixSingle => OptionLabel(owner, value, answers),
            QuestionType.YesNo => value == "yes" ? words.Yes : words.No,
            _ => value,
        };
    }

    /// <summary>Escapes Markdown punctuation so a piped answer shows as typed and cannot add links or emphasis.</summary>
    public static string EscapeMarkdown(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '.' or '!' or '<' or '>' or '|' or '~')
            {
                builder.Append('\\');
            }

            builder.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return builder.ToString();
    }

    private static string OptionLabel(QuestionDefinition question, string code, IReadOnlyDictionary<string, string> answers)
    {
        if (string.Equals(code, question.OtherOption, StringComparison.OrdinalIgnoreCase) && answers.TryGetValue(question.OtherKey, out var other))
        {
            return other;
        }

        return question.Options.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase))?.Label ?? code;
    }
}
