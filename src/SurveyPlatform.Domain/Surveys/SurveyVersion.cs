using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Surveys;

public sealed class SurveyVersion
{
    private SurveyVersion()
    {
        DefinitionJson = null!;
    }

    internal SurveyVersion(Guid surveyId, int number, string definitionJson, DateTime publishedAt)
    {
        SurveyId = surveyId;
        Number = number;
        DefinitionJson = definitionJson;
        PublishedAt = publishedAt;
    }

    public Guid SurveyId { get; private set; }
    public int Number { get; private set; }
    public string DefinitionJson { get; private set; }
    public DateTime PublishedAt { get; private set; }

    public SurveyDefinition Definition => SurveyDefinition.FromJson(DefinitionJson);
}
