using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Scoring.Sensitivity;

/// <summary>The outcome of <see cref="SensitivityAnalysis.Run"/>: its inputs, per segment and job, and per respondent.</summary>
public sealed record SensitivityResult(
    ulong Seed,
    SensitivityOptions Options,
    IReadOnlyList<JtbdSegmentSensitivity> Segments,
    RespondentSensitivity Respondents);

public sealed record JtbdSegmentSensitivity(string Segment, IReadOnlyList<JtbdRowSensitivity> Rows);

/// <summary>
/// One job in one segment. Baseline: the index with the model's own stage weights and cut-off rule.
/// <see cref="BaselineQuadrantShare"/> is the share of draws whose quadrant is the baseline one (0 when
/// there is no baseline quadrant); <see cref="Robust"/> when that is at least the robust share. Rank:
/// 1 = first within the segment by <see cref="SensitivityOptions.RankBy"/>, descending, ties sharing the
/// best rank; null when the job lacks a score it needs.
/// </summary>
public sealed record JtbdRowSensitivity(
    string Row,
    JtbdQuadrant? BaselineQuadrant,
    QuadrantShares Quadrants,
    double BaselineQuadrantShare,
    bool Robust,
    int? BaselineRank,
    RankRange? Rank);

/// <summary>The share of draws in each quadrant, and with none (a missing score or cut-off); they sum to 1.</summary>
public sealed record QuadrantShares(double BestTargets, double ValidatedButCompetitive, double CrowdedSmallUpside, double AvoidForNow, double None)
{
    public double Of(JtbdQuadrant? quadrant) => quadrant switch
    {
        JtbdQuadrant.BestTargets => BestTargets,
        JtbdQuadrant.ValidatedButCompetitive => ValidatedButCompetitive,
        JtbdQuadrant.CrowdedSmallUpside => CrowdedSmallUpside,
        JtbdQuadrant.AvoidForNow => AvoidForNow,
        _ => None,
    };
}

/// <summary>The median rank and the 5th and 95th percentiles over the draws (type 7 quantiles, as R's <c>quantile</c>).</summary>
public sealed record RankRange(double Median, double P5, double P95)
{
    /// <summary>The range of the given ranks (at least one).</summary>
    public static RankRange Of(IEnumerable<double> ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var sorted = ranks.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("There must be at least one rank.", nameof(ranks));
        }

        Array.Sort(sorted);
        return new RankRange(Quantiles.OfSorted(sorted, 0.5), Quantiles.OfSorted(sorted, 0.05), Quantiles.OfSorted(sorted, 0.95));
    }
}

/// <summary>
/// Maturity under the perturbed dimension weights. <see cref="Levels"/> are the band names, lowest
/// first; each respondent's <see cref="RespondentStability.LevelShares"/> follows that order.
/// <see cref="MeanStability"/> is the mean of the respondents' stabilities (0 with none).
/// </summary>
public sealed record RespondentSensitivity(IReadOnlyList<string> Levels, IReadOnlyList<RespondentStability> Respondents, double MeanStability);

/// <summary>
/// One respondent, in the order added: the level with the configured weights (null when the overall
/// score is missing), the share of draws giving that same level (stability), and the share of draws
/// in each level. A missing overall score does not depend on the weights, so it stays missing: its
/// stability is 1 and its level shares are all 0.
/// </summary>
public sealed record RespondentStability(string? BaselineLevel, double Stability, IReadOnlyList<double> LevelShares);
