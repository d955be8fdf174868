namespace SurveyPlatform.Domain.Questionnaires;

/// <summary>
/// The names authors read for each question type, in one place: the builder's lists and its type
/// choice show these, never the enum names (which stay the stored and exported form).
/// </summary>
public static class QuestionTypeNames
{
    public static string DisplayName(this QuestionType type) => type switch
    {
        QuestionType.SingleChoice => "Single choice",
        QuestionType.MultipleChoice => "Multiple choice",
        QuestionType.Rating => "Rating scale",
        QuestionType.ShortText => "Short text",
        QuestionType.Number => "Number",
        QuestionType.Nps => "Net Promoter Score",
        QuestionType.MatrixSingle => "Matrix (one answer per row)",
        QuestionType.MatrixRating => "Matrix (rating per row)",
        QuestionType.Ranking => "Ranking",
        QuestionType.LongText => "Long text",
        QuestionType.Date => "Date",
        QuestionType.YesNo => "Yes or no",
        QuestionType.Descriptive => "Descriptive text (no answer)",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown question type."),
    };
}
