using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Scoring;

/// <summary>
/// The foundation score: a response's score is the sum of the points of the options it chose.
/// A rating counts its own value as points; a matrix scores each row the same way. Text, number,
/// NPS, ranking, date and yes/no answers do not score.
/// </summary>
public static class ResponseScorer
{
    public const string EngineVersion = "1.0.0";

    public static decimal Score(SurveyDefinition definition, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        var total = 0m;
        foreach (var question in definition.Questions)
        {
            switch (question.Type)
            {
                case QuestionType.SingleChoice:
                case QuestionType.MultipleChoice:
                    total += OptionPoints(question, answers.GetValueOrDefault(question.Code));
                    break;
                case QuestionType.Rating:
                    total += Number(answers.GetValueOrDefault(question.Code));
                    break;
                case QuestionType.MatrixSingle:
                    total += question.Rows.Sum(row => OptionPoints(question, answers.GetValueOrDefault(question.RowKey(row.Code))));
                    break;
                case QuestionType.MatrixRating:
                    total += question.Rows.Sum(row => Number(answers.GetValueOrDefault(question.RowKey(row.Code))));
                    break;
                default:
                    break;
            }
        }

        return total;
    }

    private static decimal OptionPoints(QuestionDefinition question, string? value) =>
        string.IsNullOrEmpty(value)
            ? 0m
            : value.Split(AnswerSheet.MultipleSeparator).Sum(code =>
                question.Options.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase))?.Points ?? 0m);

    // "Not applicable" and blanks are missing, never zero points.
    private static decimal Number(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : 0m;
}
