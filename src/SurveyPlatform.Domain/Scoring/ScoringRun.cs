using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Domain.Scoring;

public enum ScoringRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One computation of a survey's scores, and the record of what it computed from: the model version
/// and hash, the hash of its inputs, the seed and the engine version, start and end, n, status and
/// error. Results belong to the run (<see cref="ScoringRunResult"/>, <see cref="StoredRespondentScore"/>), so
/// an older run stays readable and the newest successful one is current.
/// </summary>
public sealed class ScoringRun
{
    /// <summary>Attempts before a failure is final (Hangfire retries with backoff in between).</summary>
    public const int MaxAttempts = 5;

    private ScoringRun()
    {
        EngineVersion = null!;
        Trigger = null!;
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }
    public ScoringRunStatus Status { get; private set; }
    public string Trigger { get; private set; }
    public string EngineVersion { get; private set; }
    public int? ModelVersion { get; private set; }
    public string? ModelHash { get; private set; }
    public string? InputHash { get; private set; }

    /// <summary>The run's seed (a ulong stored as its two's-complement long).</summary>
    public long Seed { get; private set; }
    /// <summary>When the run was queued (null for runs from before run records had it).</summary>
    public DateTime? QueuedAt { get; private set; }

    /// <summary>When the latest attempt started (the queue time until then).</summary>
    public DateTime StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public int Attempts { get; private set; }
    public int N { get; private set; }
    public double? Mean { get; private set; }
    public double? StandardDeviation { get; private set; }
    public string? Error { get; private set; }

    /// <summary>
    /// When the run's results were released (an owner's "Release results", or respondent reports sent from it):
    /// from then on the survey cannot be reopened, since new responses would change results people have seen.
    /// </summary>
    public DateTime? ReleasedAt { get; private set; }

    /// <summary>Who released it: the owner's e-mail address, or <see cref="ReleasedByReports"/>.</summary>
    public string? ReleasedBy { get; private set; }

    public const string ReleasedByReports = "respondent reports";
    public const int ReleasedByMaxLength = 256;

    public bool IsReleased => ReleasedAt is not null;

    public ulong SeedValue => unchecked((ulong)Seed);

    /// <summary>Whether a failed run will be tried again.</summary>
    public bool WillRetry => Status == ScoringRunStatus.Failed && Attempts < MaxAttempts;

    /// <summary>Still to be finished: queued, running (an attempt a crash interrupted), or failed with attempts left.</summary>
    public bool IsPending => Status is ScoringRunStatus.Queued or ScoringRunStatus.Running || WillRetry;

    public static ScoringRun Queue(Guid surveyId, string trigger, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        SurveyId = surveyId,
        Status = ScoringRunStatus.Queued,
        Trigger = trigger,
        EngineVersion = ScoringEngine.Version,
        QueuedAt = now,
        StartedAt = now,
    };

    /// <summary>Starts an attempt: the run is Running, with the inputs it will compute from.</summary>
    public void Begin(int? modelVersion, string? modelHash, ulong seed, DateTime now)
    {
        Status = ScoringRunStatus.Running;
        Attempts++;
        ModelVersion = modelVersion;
        ModelHash = modelHash;
        Seed = unchecked((long)seed);
        EngineVersion = ScoringEngine.Version;
        StartedAt = now;
        FinishedAt = null;
        Error = null;
    }

    public void Succeed(int n, double? mean, double? standardDeviation, string inputHash, DateTime now)
    {
        Status = ScoringRunStatus.Succeeded;
        N = n;
        Mean = mean;
        StandardDeviation = standardDeviation;
        InputHash = inputHash;
        FinishedAt = now;
        Error = null;
    }

    public void Fail(string error, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(error);
        Status = ScoringRunStatus.Failed;
        Error = error.Length > 2000 ? error[..2000] : error;
        FinishedAt = now;
    }
}
