using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SurveyPlatform.Domain.Scoring.Descriptives;

namespace SurveyPlatform.Domain.Scoring.Engine;

/// <summary>
/// Everything a scoring run publishes, as one document (format <see cref="CurrentFormat"/>). Small-group
/// suppression is applied before the document is made: a suppressed figure carries its
/// <see cref="Figure.Suppressed"/> label and no numbers (not even n), so nothing downstream — pages,
/// exports, API, e-mails — can show a group below k. <see cref="ToJson"/> is canonical (numbers rounded
/// to 6 decimals, fixed property order), so the same inputs give byte-identical stored results.
/// </summary>
public sealed record ScoringResults
{
    public const string CurrentFormat = "surveyplatform.results/2";

    /// <summary>
    /// Format 1 (engine 2.0): no <see cref="Questions"/>, and multiple-choice shares of the respondents
    /// choosing any option. It is still read: every later field is optional.
    /// </summary>
    public const string FirstFormat = "surveyplatform.results/1";

    public string Format { get; init; } = CurrentFormat;

    public required string EngineVersion { get; init; }

    public int? ModelVersion { get; init; }

    public string? ModelHash { get; init; }

    public required string InputHash { get; init; }

    /// <summary>The seed of every random draw (bootstrap, sensitivity), as a decimal string (JSON numbers lose 64-bit precision).</summary>
    public required string Seed { get; init; }

    public int Resamples { get; init; }

    public int K { get; init; }

    /// <summary>Responses scored (not suppressed: the count of the whole run is a property of the run).</summary>
    public int Responses { get; init; }

    /// <summary>The overall readiness score over all respondents.</summary>
    public Figure? Overall { get; init; }

    public IReadOnlyList<DimensionFigure> Dimensions { get; init; } = [];

    /// <summary>Respondents per maturity level (share of those with an overall score), with Wilson intervals.</summary>
    public ShareTable? Maturity { get; init; }

    /// <summary>Overall and dimension means per segment (complementary suppression over the partition).</summary>
    public IReadOnlyList<SegmentFigure> Segments { get; init; } = [];

    public IReadOnlyList<ItemFigure> Items { get; init; } = [];

    /// <summary>The share tables of the single, multiple choice and yes/no questions (also in <see cref="Questions"/>).</summary>
    public IReadOnlyList<ShareTable> Options { get; init; } = [];

    /// <summary>Every answerable question's descriptive summary on its own scale (format 2 onwards; empty in format 1).</summary>
    public IReadOnlyList<QuestionSummary> Questions { get; init; } = [];

    public JtbdResults? Jtbd { get; init; }

    public SensitivitySummary? Sensitivity { get; init; }

    public BenchmarkSummary? Benchmarks { get; init; }

    public WeightingResults? Weighting { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        // The document is a download and an API body, never inlined into HTML: keep "<" readable in "suppressed (n<5)".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new RoundedDouble() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ScoringResults FromJson(string json)
    {
        var results = JsonSerializer.Deserialize<ScoringResults>(json, Json) ?? throw new FormatException("The results document is empty.");
        return results.Format is CurrentFormat or FirstFormat
            ? results
            : throw new FormatException($"The results document's format '{results.Format}' is not one this version reads ({FirstFormat}, {CurrentFormat}).");
    }

    /// <summary>Rounds to 6 decimals so last-bit differences (another CPU, another math library) never change the bytes.</summary>
    private sealed class RoundedDouble : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            var rounded = Math.Round(value, 6, MidpointRounding.AwayFromZero);
            writer.WriteRawValue((rounded == 0 ? 0d : rounded).ToString("0.######", CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>A confidence interval's bounds.</summary>
public sealed record Bounds(double Lower, double Upper);

/// <summary>
/// A summary figure of a group: n, mean, SD, median, the 95% t-interval and (index scores) the 95%
/// percentile bootstrap interval; or, for a group below k, only <see cref="Suppressed"/>.
/// </summary>
public sealed record Figure
{
    public int? N { get; init; }

    public double? Mean { get; init; }

    public double? StandardDeviation { get; init; }

    public double? Median { get; init; }

    public Bounds? TInterval { get; init; }

    public Bounds? Bootstrap { get; init; }

    /// <summary>"suppressed (n&lt;k)" or "suppressed (complementary)"; null when the figure is published.</summary>
    public string? Suppressed { get; init; }

    public static Figure SuppressedAs(string label) => new() { Suppressed = label };
}

public sealed record DimensionFigure(string Name, double Weight, Figure Figure);

public sealed record SegmentFigure(string Segment, string Label, Figure Overall, IReadOnlyList<DimensionFigure> Dimensions)
{
    /// <summary>Respondents in the segment; null when the segment is suppressed.</summary>
    public int? N { get; init; }

    public string? Suppressed { get; init; }
}

/// <summary>A scoring item's normalised (0–100) statistics.</summary>
public sealed record ItemFigure(string Key, Figure Figure);

/// <summary>One option's count and share of the stated base, with its Wilson interval.</summary>
public sealed record ShareFigure(string Code, string Label, int? Count, double? Share, Bounds? Wilson);

/// <summary>
/// Option shares of one question. Base: "respondents answering" (single choice, yes/no, maturity), or
/// for a multiple choice the base its question states: "respondents who saw the question" (the default)
/// or "respondents choosing any option" (format 1 always used this one). A multiple choice's shares may
/// add up to more than 1.
/// </summary>
public sealed record ShareTable(string Question, string Base, int? BaseN, IReadOnlyList<ShareFigure> Options)
{
    public string? Suppressed { get; init; }

    /// <summary>A multiple choice whose two bases differ: the same shares over the other base.</summary>
    public ShareTable? Alternative { get; init; }
}

public sealed record JtbdResults(IReadOnlyList<JtbdSegmentResult> Segments, ConversionFigure Conversion);

public sealed record JtbdSegmentResult(string Segment, string Label, string CutoffMethod, double? OpportunityCutoff, double? AdoptionCutoff, IReadOnlyList<JtbdRowResult> Rows)
{
    public int? Respondents { get; init; }

    public ConversionFigure? Conversion { get; init; }

    public string? Suppressed { get; init; }
}

/// <summary>
/// One job in one segment: adoption and opportunity (estimate, bootstrap interval, n), the quadrant,
/// the stage-based POC-to-production conversion, and the sensitivity of its quadrant and rank.
/// </summary>
public sealed record JtbdRowResult(string Row, string Label, Figure Adoption, Figure Opportunity, Figure Conversion, string? Quadrant)
{
    public JtbdRowSensitivityFigure? Sensitivity { get; init; }
}

public sealed record JtbdRowSensitivityFigure(
    double BestTargets,
    double ValidatedButCompetitive,
    double CrowdedSmallUpside,
    double AvoidForNow,
    double None,
    double BaselineQuadrantShare,
    bool Robust,
    int? BaselineRank,
    double? RankMedian,
    double? RankP5,
    double? RankP95);

/// <summary>The pooled organisation-level POC-to-production conversion.</summary>
public sealed record ConversionFigure(double? Rate, int? N, string? Suppressed);

public sealed record SensitivitySummary(int Draws, double Concentration, double StageJitter, double FixedCutoffProbability, double RobustShare, double? MeanMaturityStability, IReadOnlyList<string> Levels);

/// <summary>How benchmarks were formed: percentiles only within reference groups of at least k organisations.</summary>
public sealed record BenchmarkSummary(int K, IReadOnlyList<BenchmarkGroup> Groups);

public sealed record BenchmarkGroup(string Group, int? N, bool Ranked);

/// <summary>Raking to known margins: the weighted overall and dimension means and the Kish effective sample size.</summary>
public sealed record WeightingResults(
    IReadOnlyList<string> Variables,
    bool Converged,
    int Iterations,
    double MaxShareError,
    double EffectiveSampleSize,
    Figure Overall,
    IReadOnlyList<DimensionFigure> Dimensions)
{
    public string? Error { get; init; }
}

/// <summary>
/// One respondent's scores, as stored per run and exported per response. The percentiles are
/// benchmark ranks (mid-rank, 0–100) for overall readiness and, in the model's dimension order, for
/// each dimension: within the respondent's segment and among all respondents; null where there is no
/// rank (a missing score, no segment, or a group below k).
/// </summary>
public sealed record RespondentResult(
    Guid ResponseId,
    string? Segment,
    double? Overall,
    string? Maturity,
    IReadOnlyList<double?> Dimensions,
    double? PercentileInSegment,
    double? PercentileOverall,
    double? MaturityStability,
    double? Weight)
{
    public IReadOnlyList<double?> DimensionPercentilesInSegment { get; init; } = [];

    public IReadOnlyList<double?> DimensionPercentilesOverall { get; init; } = [];
}
