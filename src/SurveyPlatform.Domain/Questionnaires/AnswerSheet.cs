using System.Globalization;

namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// Validates what a respondent posted against a definition. It keeps every value typed, so a page
/// re-shown with errors loses nothing, and produces the stored form of each valid answer.
/// </summary>
public static class AnswerSheet
{
    public const string MultipleSeparator = ";";

    public sealed record Result(
        IReadOnlyDictionary<string, string> Answers,
        IReadOnlyList<FieldError> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    /// <param name="posted">Raw values keyed by question code; a multiple choice may carry several.</param>
    public static Result Validate(SurveyDefinition definition, IReadOnlyDictionary<string, IReadOnlyList<string>> posted)
    {
        var answers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<FieldError>();

        foreach (var question in definition.Questions)
        {
            var values = posted.TryGetValue(question.Code, out var v)
                ? v.Select(x => x.Trim()).Where(x => x.Length > 0).ToList()
                : [];

            if (values.Count == 0)
            {
                if (question.Required)
                {
                    errors.Add(new FieldError(question.Code, question.Type switch
                    {
                        QuestionType.SingleChoice or QuestionType.Rating => "Choose an answer.",
                        QuestionType.MultipleChoice => "Choose at least one answer.",
                        QuestionType.Number => "Enter a number.",
                        _ => "Enter an answer.",
                    }));
                }

                continue;
            }

            var error = Check(question, values, out var stored);
            if (error is not null)
            {
                errors.Add(new FieldError(question.Code, error));
            }
            else
            {
                answers[question.Code] = stored!;
            }
        }

        return new Result(answers, errors);
    }

    private static string? Check(QuestionDefinition question, List<string> values, out string? stored)
    {
        stored = null;
        switch (question.Type)
        {
            case QuestionType.SingleChoice:
                if (values.Count != 1 || FindOption(question, values[0]) is not { } single)
                {
                    return "Choose one of the listed answers.";
                }

                stored = single.Code;
                return null;

            case QuestionType.MultipleChoice:
                var chosen = new List<string>();
                foreach (var value in values.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (FindOption(question, value) is not { } option)
                    {
                        return "Choose only from the listed answers.";
                    }

                    chosen.Add(option.Code);
                }

                // Stored in the definition's order so the same choices always give the same value.
                stored = string.Join(MultipleSeparator, question.Options.Select(o => o.Code).Where(chosen.Contains));
                return null;

            case QuestionType.Rating:
                if (values.Count != 1
                    || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rating)
                    || rating < QuestionDefinition.RatingMin || rating > QuestionDefinition.RatingMax)
                {
                    return $"Choose a rating from {QuestionDefinition.RatingMin} to {QuestionDefinition.RatingMax}.";
                }

                stored = rating.ToString(CultureInfo.InvariantCulture);
                return null;

            case QuestionType.Number:
                if (values.Count != 1
                    || !decimal.TryParse(values[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return "Enter a number, like 12 or 3.5.";
                }

                if (question.Min is { } min && number < min || question.Max is { } max && number > max)
                {
                    return RangeMessage(question);
                }

                stored = number.ToString(CultureInfo.InvariantCulture);
                return null;

            case QuestionType.ShortText:
                var text = values[0];
                if (values.Count != 1 || text.Length > 500)
                {
                    return "Keep the answer to 500 characters or fewer.";
                }

                stored = text;
                return null;

            default:
                return "This question type cannot be answered.";
        }
    }

    private static string RangeMessage(QuestionDefinition q) => (q.Min, q.Max) switch
    {
        ({ } min, { } max) => $"Enter a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.",
        ({ } min, null) => $"Enter a number of at least {min.ToString(CultureInfo.InvariantCulture)}.",
        (null, { } max) => $"Enter a number of at most {max.ToString(CultureInfo.InvariantCulture)}.",
        _ => "Enter a number.",
    };

    private static OptionDefinition? FindOption(QuestionDefinition question, string code) =>
        question.Options.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase));
}
