namespace SurveyPlatform.Domain.Scoring;

public enum ScoringRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One computation of a survey's scores. Results belong to the run, so an older run stays
/// readable and the newest successful one is current.
/// </summary>
public sealed class ScoringRun
{
    private readonly List<ResponseScore> _scores = [];

    private ScoringRun()
    {
        EngineVersion = null!;
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }
    public ScoringRunStatus Status { get; private set; }
    public string EngineVersion { get; private set; }
    public string? InputHash { get; private set; }
    public DateTime StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public int N { get; private set; }
    public double? Mean { get; private set; }
    public double? StandardDeviation { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyCollection<ResponseScore> Scores => _scores;

    public static ScoringRun Start(Guid surveyId, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        SurveyId = surveyId,
        Status = ScoringRunStatus.Running,
        EngineVersion = ResponseScorer.EngineVersion,
        StartedAt = now,
    };

    public void AddScore(Guid responseId, double score) => _scores.Add(new ResponseScore(Id, responseId, score));

    public void Succeed(ScoreSummary summary, string inputHash, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Status = ScoringRunStatus.Succeeded;
        N = summary.N;
        Mean = summary.Mean;
        StandardDeviation = summary.StandardDeviation;
        InputHash = inputHash;
        FinishedAt = now;
    }

    public void Fail(string error, DateTime now)
    {
        Status = ScoringRunStatus.Failed;
        Error = error.Length > 2000 ? error[..2000] : error;
        FinishedAt = now;
    }
}

public sealed class ResponseScore
{
    private ResponseScore()
    {
    }

    internal ResponseScore(Guid runId, Guid responseId, double score)
    {
        RunId = runId;
        ResponseId = responseId;
        Score = score;
    }

    public Guid RunId { get; private set; }
    public Guid ResponseId { get; private set; }
    public double Score { get; private set; }
}
