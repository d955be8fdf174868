namespace SurveyPlatform.Domain.Surveys;

/// <summary>
/// A survey's draft definition. It is stored in the survey's own row but read as a part of its own,
/// so that a respondent's request, which reads the survey thousands of times a second in a mailing's
/// burst and never uses the draft, does not read it (a JSON document of a few KB, and far more for a
/// long questionnaire). Every other read of a survey brings it along (docs/performance.md).
/// </summary>
public sealed class SurveyDraft
{
    private SurveyDraft()
    {
        DefinitionJson = null!;
    }

    internal SurveyDraft(Guid surveyId, string definitionJson)
    {
        SurveyId = surveyId;
        DefinitionJson = definitionJson;
    }

    public Guid SurveyId { get; private set; }

    public string DefinitionJson { get; internal set; }
}
