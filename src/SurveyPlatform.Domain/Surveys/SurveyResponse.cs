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

    /// <summary>How the response arrived: <see cref="WebSource"/> (the respondent form) or <see cref="ImportSource"/> (a response file).</summary>
    public string Source { get; private set; } = WebSource;

    /// <summary>An imported response's id in the file it came from (a REDCap record id, another tool's response id); unique per survey.</summary>
    public string? ExternalId { get; private set; }

    public IReadOnlyCollection<Answer> Answers => _answers;

    public const string WebSource = "web";
    public const string ImportSource = "import";
    public const int SourceMaxLength = 16;
    public const int ExternalIdMaxLength = 100;

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

    /// <summary>
    /// A response brought in from a file, already checked against <paramref name="version"/>'s definition.
    /// It keeps its original id (as <see cref="ExternalId"/>) and submission time, and is marked as imported.
    /// </summary>
    public static SurveyResponse Import(Guid surveyId, int version, string? externalId, IReadOnlyDictionary<string, string> answers, DateTime submittedAt)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (externalId is { Length: > ExternalIdMaxLength })
        {
            throw new ArgumentException($"An external id is at most {ExternalIdMaxLength} characters.", nameof(externalId));
        }

        var response = FromSession(Guid.NewGuid(), surveyId, version, answers, submittedAt);
        response.Source = ImportSource;
        response.ExternalId = externalId;
        return response;
    }

    /// <summary>
    /// The anonymisation of the response itself, by anonymous mode when it is completed and by retention:
    /// the submission time is kept to the UTC day and an imported response forgets its id in the source
    /// file. Returns whether anything changed, so a second pass changes nothing.
    /// </summary>
    public bool Anonymise()
    {
        var day = UtcDay.Of(SubmittedAt);
        if (day == SubmittedAt && ExternalId is null)
        {
            return false;
        }

        SubmittedAt = day;
        ExternalId = null;
        return true;
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
