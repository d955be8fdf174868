using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Scoring;

/// <summary>
/// The foundation score: a response's score is the sum of the points of the options it chose.
/// A rating counts its own value (1–5) as points. Text and number answers do not score.
/// </summary>
public static class ResponseScorer
{
    public const string EngineVersion = "1.0.0";

    public static decimal Score(SurveyDefinition definition, IReadOnlyDictionary<string, string> answers)
    {
        var total = 0m;
        foreach (var question in definition.Questions)
        {
            if (!answers.TryGetValue(question.Code, out var value) || value.Length == 0)
            {
                continue;
            }

            switch (question.Type)
            {
                case QuestionType.SingleChoice:
                case QuestionType.MultipleChoice:
                    foreach (var code in value.Split(AnswerSheet.MultipleSeparator))
                    {
                        var option = question.Options.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase));
                        total += option?.Points ?? 0m;
                    }

                    break;
                case QuestionType.Rating:
                    if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var rating))
                    {
                        total += rating;
                    }

                    break;
                default:
                    break;
            }
        }

        return total;
    }
}
