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

    /// <summary>
    /// One piped value as <see cref="FillPieces"/> hands it to its renderer: the answer key, the (escaped) value, and
    /// the author's brackets around the placeholder ("({code})" gives Before " (" with the space before it, After ")"),
    /// which belong to the value so that an unanswered value leaves no empty "()".
    /// </summary>
    public sealed record Piped(string Key, string Value, string Before, string After)
    {
        /// <summary>The value in its brackets, or nothing at all when it is empty.</summary>
        public static string Plain(Piped piped) => piped is null || piped.Value.Length == 0 ? string.Empty : piped.Before + piped.Value + piped.After;
    }

    [GeneratedRegex(@"(?<open> ?[(\[])?\{((?:(?i:participant)\.)?[A-Za-z][A-Za-z0-9_]{0,64})\}(?<close>[)\]])?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex BracketedPlaceholder();

    /// <summary>
    /// Like <see cref="Fill(string?, SurveyDefinition, IReadOnlyDictionary{string, string}, Func{string, string}?, Words?, IReadOnlyDictionary{string, string}?)"/>,
    /// but each known placeholder, with the brackets written around it, is replaced by what <paramref name="render"/>
    /// makes of it (<see cref="Piped.Plain"/>: nothing when unanswered); the brackets are escaped like the value.
    /// </summary>
    public static string? FillPieces(string? text, SurveyDefinition definition, IReadOnlyDictionary<string, string> answers, Func<Piped, string> render, Func<string, string>? escape = null, Words? words = null, IReadOnlyDictionary<string, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(render);
        if (string.IsNullOrEmpty(text) || !text.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }

        escape ??= v => v;
        return BracketedPlaceholder().Replace(text, match =>
        {
            var key = match.Groups[1].Value;
            var label = ParticipantReference.TryName(key, out var name)
                ? ParticipantReference.Value(context, name) ?? string.Empty
                : Label(definition, key, answers, words);
            var open = match.Groups["open"].Value;
            var close = match.Groups["close"].Value;
            if (label is null)
            {
                return match.Value;
            }

            var paired = (open.TrimStart(), close) is ("(", ")") or ("[", "]");
            var piece = paired
                ? new Piped(key, escape(label), escape(open), escape(close))
                : new Piped(key, escape(label), string.Empty, string.Empty);
            return paired ? render(piece) : open + render(piece) + close;
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
