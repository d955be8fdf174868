namespace SurveyPlatform.Domain.Questionnaires;

public enum QuestionType
{
    SingleChoice,
    MultipleChoice,
    Rating,
    ShortText,
    Number,
    Nps,
    MatrixSingle,
    MatrixRating,
    Ranking,
    LongText,
    Date,
    YesNo,
    Descriptive,
}

/// <summary>How a single choice is shown: radio buttons, or a dropdown for long lists.</summary>
public enum ChoiceDisplay
{
    Auto,
    Radio,
    Dropdown,
}

public enum TextValidation
{
    None,
    Email,
    Regex,
}
