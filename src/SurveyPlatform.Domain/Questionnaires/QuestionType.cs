namespace SurveyPlatform.Domain.Questionnaires;

public enum QuestionType
{
    SingleChoice,
    MultipleChoice,
    Rating,
    ShortText,
    Number,
}
