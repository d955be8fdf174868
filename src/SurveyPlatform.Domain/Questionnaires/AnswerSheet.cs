using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using SurveyPlatform.Domain.Logic;

namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// Validates what a respondent posted against a definition. It walks the pages in order, applying
/// show-if conditions to the answers so far: a hidden page or question is not validated and its
/// posted answer is dropped. It keeps every value typed, so a page re-shown with errors loses
/// nothing, and produces the stored form of each valid answer, keyed by answer key (the question
/// code, a matrix row's <c>{code}_{row}</c>, or <c>{code}_other</c>).
/// </summary>
public static class AnswerSheet
{
    public const string MultipleSeparator = ";";
    public const int ShortTextMaxLength = 500;
    public const int LongTextMaxLength = 4000;

    public sealed record Result(
        IReadOnlyDictionary<string, string> Answers,
        IReadOnlyList<FieldError> Errors,
        IReadOnlySet<string> HiddenQuestions)
    {
        /// <summary>The indices of pages whose own condition hides them.</summary>
        public IReadOnlySet<int> HiddenPages { get; init; } = new HashSet<int>();

        /// <summary>
        /// The page (index) of each error in <see cref="Errors"/>, in the same order: a matrix split across pages
        /// has one question code on several pages, so an error's field alone does not say where it was made.
        /// </summary>
        public IReadOnlyList<int> ErrorPages { get; init; } = [];

        /// <summary>The errors made on page <paramref name="page"/>.</summary>
        public IReadOnlyList<FieldError> ErrorsOn(int page) => [.. Errors.Where((_, i) => i < ErrorPages.Count && ErrorPages[i] == page)];

        public bool IsValid => Errors.Count == 0;
    }

    /// <param name="posted">Raw values keyed by answer key; a multiple choice or ranking may carry several.</param>
    /// <param name="context">The participant's attributes, read by <c>participant.NAME</c> in conditions; never stored as answers.</param>
    public static Result Validate(SurveyDefinition definition, IReadOnlyDictionary<string, IReadOnlyList<string>> posted, IReadOnlyDictionary<string, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(posted);
        var answers = new Dictionary<string, string>(posted.Count, StringComparer.OrdinalIgnoreCase);
        var errors = new List<FieldError>();
        var hidden = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hiddenPages = new HashSet<int>();
        var errorPages = new List<int>();
        var lookup = new StoredAnswers(answers, context);

        for (var pageIndex = 0; pageIndex < definition.Pages.Count; pageIndex++)
        {
            var page = definition.Pages[pageIndex];
            var pageShown = IsShown(page.Condition, lookup);
            if (!pageShown)
            {
                hiddenPages.Add(pageIndex);
            }

            foreach (var question in page.Questions)
            {
                if (!pageShown || !IsShown(question.Condition, lookup))
                {
                    hidden.Add(question.Code);
                    continue;
                }

                if (question.IsAnswerable)
                {
                    Check(question, posted, answers, errors);
                    errorPages.AddRange(Enumerable.Repeat(pageIndex, errors.Count - errorPages.Count));
                }
            }
        }

        return new Result(answers, errors, hidden) { HiddenPages = hiddenPages, ErrorPages = errorPages };
    }

    /// <summary>Whether a condition holds for the answers so far; an unparsable condition hides nothing.</summary>
    public static bool IsShown(string? condition, IAnswerLookup answers)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return true;
        }

        var (parsed, _) = ConditionParser.Parse(condition);
        return parsed?.Evaluate(answers) ?? true;
    }

    /// <summary>
    /// Stored answers as the condition evaluator reads them: a multiple choice gives each choice, and
    /// <c>participant.NAME</c> gives the attribute from <paramref name="context"/> (none without a participant).
    /// </summary>
    public sealed class StoredAnswers(IReadOnlyDictionary<string, string> answers, IReadOnlyDictionary<string, string>? context = null) : IAnswerLookup
    {
        public IReadOnlyList<string> Values(string code)
        {
            if (ParticipantReference.TryName(code, out var name))
            {
                return ParticipantReference.Value(context, name) is { } attribute ? [attribute] : [];
            }

            return answers.TryGetValue(code, out var value) && value.Length > 0 ? value.Split(MultipleSeparator) : [];
        }
    }

    /// <summary>The posted values of a key, trimmed, without the empty ones.</summary>
    private static List<string> Values(IReadOnlyDictionary<string, IReadOnlyList<string>> posted, string key)
    {
        if (!posted.TryGetValue(key, out var raw))
        {
            return [];
        }

        var values = new List<string>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var value = raw[i].Trim();
            if (value.Length > 0)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private static void Check(QuestionDefinition q, IReadOnlyDictionary<string, IReadOnlyList<string>> posted, Dictionary<string, string> answers, List<FieldError> errors)
    {
        if (q.IsMatrix)
        {
            CheckMatrix(q, posted, answers, errors);
            return;
        }

        var values = Values(posted, q.Code);
        if (values.Count == 0)
        {
            if (q.Required)
            {
                errors.Add(Error(q.Code, q.Type switch
                {
                    QuestionType.SingleChoice or QuestionType.Rating or QuestionType.Nps or QuestionType.YesNo => new Problem("ChooseAnswer", "Choose an answer."),
                    QuestionType.MultipleChoice => new Problem("ChooseAtLeastOne", "Choose at least one answer."),
                    QuestionType.Ranking => new Problem("PutInOrder", "Put the items in order."),
                    QuestionType.Number => new Problem("EnterNumber", "Enter a number."),
                    QuestionType.Date => new Problem("EnterDate", "Enter a date."),
                    _ => new Problem("EnterAnswer", "Enter an answer."),
                }));
            }

            return;
        }

        var error = q.Type switch
        {
            QuestionType.SingleChoice => Single(q, values, posted, answers),
            QuestionType.MultipleChoice => Multiple(q, values, posted, answers),
            QuestionType.Rating or QuestionType.Nps => Scale(q, values, q.Code, answers),
            QuestionType.Ranking => Ranking(q, values, answers),
            QuestionType.Number => Number(q, values, answers),
            QuestionType.ShortText => ShortText(q, values, answers),
            QuestionType.LongText => values.Count == 1 && values[0].Length <= LongTextMaxLength
                ? Store(answers, q.Code, values[0])
                : new Problem("TooLong", $"Keep the answer to {LongTextMaxLength:N0} characters or fewer.", LongTextMaxLength),
            QuestionType.Date => values.Count == 1 && DateOnly.TryParseExact(values[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? Store(answers, q.Code, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                : new Problem("RealDate", "Enter a real date, like 2026-03-31."),
            QuestionType.YesNo => values.Count == 1 && values[0].ToLowerInvariant() is "yes" or "no"
                ? Store(answers, q.Code, values[0].ToLowerInvariant())
                : new Problem("YesOrNo", "Choose yes or no."),
            _ => new Problem("NotAnswerable", "This question type cannot be answered."),
        };
        if (error is not null)
        {
            errors.Add(Error(q.Code, error));
        }
    }

    /// <summary>A validation problem: a stable key for translations, the English text and its values.</summary>
    private sealed record Problem(string Key, string Message, params object[] Args);

    private static FieldError Error(string field, Problem problem) =>
        new(field, problem.Message) { Key = problem.Key, Args = problem.Args };

    private static Problem? Store(Dictionary<string, string> answers, string key, string value)
    {
        answers[key] = value;
        return null;
    }

    private static Problem? Single(QuestionDefinition q, List<string> values, IReadOnlyDictionary<string, IReadOnlyList<string>> posted, Dictionary<string, string> answers)
    {
        if (values.Count != 1 || FindOption(q.Options, values[0]) is not { } option)
        {
            return new Problem("ChooseListed", "Choose one of the listed answers.");
        }

        return Other(q, [option.Code], posted, answers) ?? Store(answers, q.Code, option.Code);
    }

    private static Problem? Multiple(QuestionDefinition q, List<string> values, IReadOnlyDictionary<string, IReadOnlyList<string>> posted, Dictionary<string, string> answers)
    {
        var chosen = new List<string>();
        foreach (var value in values.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (FindOption(q.Options, value) is not { } option)
            {
                return new Problem("ChooseOnlyListed", "Choose only from the listed answers.");
            }

            chosen.Add(option.Code);
        }

        if (q.ExclusiveOption is { } exclusive && chosen.Count > 1 && chosen.Contains(exclusive, StringComparer.OrdinalIgnoreCase))
        {
            var label = FindOption(q.Options, exclusive)?.Label ?? exclusive;
            return new Problem("Exclusive", $"\"{label}\" cannot be combined with other answers.", label);
        }

        if (q.MinSelections is { } min && chosen.Count < min)
        {
            return new Problem("MinSelections", $"Choose at least {min}.", min);
        }

        if (q.MaxSelections is { } max && chosen.Count > max)
        {
            return new Problem("MaxSelections", $"Choose at most {max}.", max);
        }

        // Stored in the definition's order so the same choices always give the same value.
        var ordered = q.Options.Select(o => o.Code).Where(c => chosen.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        return Other(q, ordered, posted, answers) ?? Store(answers, q.Code, string.Join(MultipleSeparator, ordered));
    }

    private static Problem? Other(QuestionDefinition q, List<string> chosen, IReadOnlyDictionary<string, IReadOnlyList<string>> posted, Dictionary<string, string> answers)
    {
        if (q.OtherOption is not { } other || !chosen.Contains(other, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = Values(posted, q.OtherKey).FirstOrDefault();
        if (text is null)
        {
            return new Problem("SpecifyOther", "Please specify your other answer.");
        }

        return text.Length > ShortTextMaxLength ? new Problem("OtherTooLong", $"Keep the other answer to {ShortTextMaxLength} characters or fewer.", ShortTextMaxLength) : Store(answers, q.OtherKey, text);
    }

    private static Problem? Scale(QuestionDefinition q, List<string> values, string key, Dictionary<string, string> answers)
    {
        if (values.Count == 1 && q.AllowNotApplicable && string.Equals(values[0], QuestionDefinition.NotApplicable, StringComparison.OrdinalIgnoreCase))
        {
            return Store(answers, key, QuestionDefinition.NotApplicable);
        }

        if (values.Count != 1
            || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < q.ScaleStart || value > q.ScaleMax)
        {
            return new Problem("RatingRange", $"Choose a rating from {q.ScaleStart} to {q.ScaleMax}.", q.ScaleStart, q.ScaleMax);
        }

        return Store(answers, key, value.ToString(CultureInfo.InvariantCulture));
    }

    private static Problem? Ranking(QuestionDefinition q, List<string> values, Dictionary<string, string> answers)
    {
        var codes = new List<string>();
        foreach (var value in values)
        {
            if (FindOption(q.Options, value) is not { } option || codes.Contains(option.Code, StringComparer.OrdinalIgnoreCase))
            {
                return new Problem("DifferentPlace", "Give each item a different place.");
            }

            codes.Add(option.Code);
        }

        return codes.Count != q.Options.Count ? new Problem("EveryItem", "Put every item in order.") : Store(answers, q.Code, string.Join(MultipleSeparator, codes));
    }

    private static Problem? Number(QuestionDefinition q, List<string> values, Dictionary<string, string> answers)
    {
        if (values.Count != 1 || !decimal.TryParse(values[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return q.WholeNumbers ? new Problem("WholeNumber", "Enter a whole number, like 12.") : new Problem("DecimalNumber", "Enter a number, like 12 or 3.5.");
        }

        if (q.WholeNumbers && number != decimal.Truncate(number))
        {
            return new Problem("WholeNumber", "Enter a whole number, like 12.");
        }

        if ((q.Min is { } min && number < min) || (q.Max is { } max && number > max))
        {
            return RangeMessage(q);
        }

        return Store(answers, q.Code, number.ToString(CultureInfo.InvariantCulture));
    }

    private static Problem? ShortText(QuestionDefinition q, List<string> values, Dictionary<string, string> answers)
    {
        var text = values[0];
        if (values.Count != 1 || text.Length > ShortTextMaxLength)
        {
            return new Problem("TooLong", $"Keep the answer to {ShortTextMaxLength} characters or fewer.", ShortTextMaxLength);
        }

        switch (q.Validation)
        {
            case TextValidation.Email when !IsEmail(text):
                return new Problem("Email", "Enter an e-mail address like name@example.org.");
            case TextValidation.Regex when q.Pattern is { } pattern && !Matches(pattern, text):
                return new Problem("Format", "The answer is not in the expected format.");
            default:
                return Store(answers, q.Code, text);
        }
    }

    private static void CheckMatrix(QuestionDefinition q, IReadOnlyDictionary<string, IReadOnlyList<string>> posted, Dictionary<string, string> answers, List<FieldError> errors)
    {
        var missing = false;
        foreach (var row in q.Rows)
        {
            var key = q.RowKey(row.Code);
            var values = Values(posted, key);
            if (values.Count == 0)
            {
                missing = true;
                continue;
            }

            Problem? error;
            if (q.Type == QuestionType.MatrixRating)
            {
                error = Scale(q, values, key, answers);
            }
            else if (values.Count == 1 && q.AllowNotApplicable && string.Equals(values[0], QuestionDefinition.NotApplicable, StringComparison.OrdinalIgnoreCase))
            {
                error = Store(answers, key, QuestionDefinition.NotApplicable);
            }
            else
            {
                error = values.Count == 1 && FindOption(q.Options, values[0]) is { } option
                    ? Store(answers, key, option.Code)
                    : new Problem("ChooseListed", "Choose one of the listed answers.");
            }

            if (error is not null)
            {
                errors.Add(Error(key, error) with { Message = $"{row.Label}: {error.Message}", Prefix = row.Label });
            }
        }

        if (missing && q.Required)
        {
            errors.Add(Error(q.Code, new Problem("EveryRow", "Answer every row.")));
        }
    }

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Contains('.', StringComparison.Ordinal);

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, $"\\A(?:{pattern})\\z", RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Problem RangeMessage(QuestionDefinition q) => (q.Min, q.Max) switch
    {
        ({ } min, { } max) => new Problem("Range", $"Enter a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.", min, max),
        ({ } min, null) => new Problem("AtLeast", $"Enter a number of at least {min.ToString(CultureInfo.InvariantCulture)}.", min),
        (null, { } max) => new Problem("AtMost", $"Enter a number of at most {max.ToString(CultureInfo.InvariantCulture)}.", max),
        _ => new Problem("EnterNumber", "Enter a number."),
    };

    private static OptionDefinition? FindOption(IReadOnlyList<OptionDefinition> options, string code) =>
        options.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase));
}
