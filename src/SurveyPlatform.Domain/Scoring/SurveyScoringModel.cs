namespace SurveyPlatform.Domain.Scoring;

/// <summary>A saved revision of a survey's scoring model; the highest version is the one runs use.</summary>
public sealed class SurveyScoringModel
{
    private SurveyScoringModel()
    {
        Json = null!;
        Hash = null!;
    }

    public SurveyScoringModel(Guid surveyId, int version, string json, string hash, string? savedBy, DateTime now)
    {
        Id = Guid.NewGuid();
        SurveyId = surveyId;
        Version = version;
        Json = json;
        Hash = hash;
        SavedBy = savedBy;
        SavedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }
    public int Version { get; private set; }
    public string Json { get; private set; }
    public string Hash { get; private set; }
    public string? SavedBy { get; private set; }
    public DateTime SavedAt { get; private set; }
}
