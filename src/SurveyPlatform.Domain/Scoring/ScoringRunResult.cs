using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Domain.Scoring;

/// <summary>A run's results document (<see cref="ScoringResults"/> as canonical JSON), written with the run's success.</summary>
public sealed class ScoringRunResult
{
    private ScoringRunResult()
    {
        Json = null!;
    }

    public ScoringRunResult(Guid runId, string json)
    {
        RunId = runId;
        Json = json;
    }

    public Guid RunId { get; private set; }
    public string Json { get; private set; }
}
