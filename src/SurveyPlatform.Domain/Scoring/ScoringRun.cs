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

/// <summary>One response's scores in one run: overall, maturity, segment, dimensions (a JSON array), benchmarks, stability and weight.</summary>
public sealed class StoredRespondentScore
{
    private StoredRespondentScore()
    {
        Dimensions = null!;
    }

    public StoredRespondentScore(Guid runId, RespondentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        RunId = runId;
        ResponseId = result.ResponseId;
        Overall = Round(result.Overall);
        Maturity = result.Maturity;
        Segment = result.Segment;
        Dimensions = Json(result.Dimensions);
        PercentileInSegment = Round(result.PercentileInSegment);
        PercentileOverall = Round(result.PercentileOverall);
        MaturityStability = Round(result.MaturityStability);
        Weight = Round(result.Weight);
        DimensionPercentilesInSegment = Json(result.DimensionPercentilesInSegment);
        DimensionPercentilesOverall = Json(result.DimensionPercentilesOverall);
    }

    public Guid RunId { get; private set; }
    public Guid ResponseId { get; private set; }
    public double? Overall { get; private set; }
    public string? Maturity { get; private set; }
    public string? Segment { get; private set; }
    public string Dimensions { get; private set; }
    public double? PercentileInSegment { get; private set; }
    public double? PercentileOverall { get; private set; }
    public double? MaturityStability { get; private set; }
    public double? Weight { get; private set; }

    /// <summary>Per dimension (model order), the percentile within the segment, as a JSON array; null for runs stored before it existed.</summary>
    public string? DimensionPercentilesInSegment { get; private set; }

    /// <summary>Per dimension (model order), the percentile among all respondents, as a JSON array; null for runs stored before it existed.</summary>
    public string? DimensionPercentilesOverall { get; private set; }

    public IReadOnlyList<double?> DimensionScores() => Numbers(Dimensions);

    public IReadOnlyList<double?> DimensionPercentilesInSegmentValues() => Numbers(DimensionPercentilesInSegment);

    public IReadOnlyList<double?> DimensionPercentilesOverallValues() => Numbers(DimensionPercentilesOverall);

    private static string Json(IEnumerable<double?> values) => System.Text.Json.JsonSerializer.Serialize(values.Select(Round));

    private static double?[] Numbers(string? json) =>
        json is null ? [] : System.Text.Json.JsonSerializer.Deserialize<double?[]>(json) ?? [];

    // Stored rounded (as the results document is), so reruns store identical values.
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6, MidpointRounding.AwayFromZero) : null;
}

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
