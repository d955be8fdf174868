using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Domain.Scoring;

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
