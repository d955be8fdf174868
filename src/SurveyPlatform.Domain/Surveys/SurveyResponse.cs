namespace SurveyPlatform.Domain.Surveys;

/// <summary>A completed response to one published version of a survey.</summary>
public sealed class SurveyResponse
{
    private readonly List<Answer> _answers = [];

    private SurveyResponse()
    {
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }
    public int Version { get; private set; }
    public DateTime SubmittedAt { get; private set; }
    public IReadOnlyCollection<Answer> Answers => _answers;

    /// <param name="id">Issued with the form, so a repeated post of the same form is recognised.</param>
    public static SurveyResponse Submit(Guid id, Survey survey, IReadOnlyDictionary<string, string> answers, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(answers);
        if (!survey.IsAcceptingResponses(now))
        {
            throw new InvalidOperationException("The survey is not accepting responses.");
        }

        var response = new SurveyResponse
        {
            Id = id,
            SurveyId = survey.Id,
            Version = survey.PublishedVersion,
            SubmittedAt = now,
        };
        foreach (var (code, value) in answers)
        {
            response._answers.Add(new Answer(id, code, value));
        }

        return response;
    }

    internal static SurveyResponse FromSession(Guid id, Guid surveyId, int version, IReadOnlyDictionary<string, string> answers, DateTime now)
    {
        var response = new SurveyResponse { Id = id, SurveyId = surveyId, Version = version, SubmittedAt = now };
        foreach (var (code, value) in answers)
        {
            response._answers.Add(new Answer(id, code, value));
        }

        return response;
    }
}

public sealed class Answer
{
    public const int ValueMaxLength = 4000;

    /// <summary>An answer key: a question code, <c>{code}_{row}</c> for a matrix row, or <c>{code}_other</c>.</summary>
    public const int KeyMaxLength = 65;

    private Answer()
    {
        QuestionCode = null!;
        Value = null!;
    }

    internal Answer(Guid responseId, string questionCode, string value)
    {
        ResponseId = responseId;
        QuestionCode = questionCode;
        Value = value;
    }

    public Guid ResponseId { get; private set; }
    public string QuestionCode { get; private set; }
    public string Value { get; private set; }
}
