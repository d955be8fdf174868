namespace SurveyPlatform.Domain.Surveys;

/// <summary>
/// A survey's draft definition. It is stored in the survey's own row but read as a part of its own,
/// so that a respondent's request, which reads the survey thousands of times a second in a mailing's
/// burst and never uses the draft, does not read it (a JSON document of a few KB, and far more for a
/// long questionnaire). Every other read of a survey brings it along (docs/performance.md). Its key is the
/// survey's id, kept by the data layer (a shadow property), not repeated here.
/// </summary>
public sealed class SurveyDraft
{
    private SurveyDraft()
    {
        DefinitionJson = null!;
    }

    internal SurveyDraft(string definitionJson)
    {
        DefinitionJson = definitionJson;
    }

    public string DefinitionJson { get; internal set; }
}
