using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Templates;

/// <summary>
/// The known distribution behind <see cref="FlagshipResponseGenerator"/>: how respondents split over
/// the segments and, per segment and job (row code), the probabilities of each stage, pain rating and
/// manual share. Every cell is drawn independently, so a job's expected adoption is Σ pᵢ·wᵢ over the
/// stage probabilities and its expected opportunity is the mean of the expected normalised pain and
/// manual share, whatever the not-applicable share.
/// </summary>
public sealed record FlagshipProfile
{
    /// <summary>Segment option code → share of respondents; the shares must sum to 1.</summary>
    public required IReadOnlyDictionary<string, double> SegmentShares { get; init; }

    /// <summary>(segment, row) → probabilities over the stage options, in option order; they must sum to 1.</summary>
    public required Func<string, string, IReadOnlyList<double>> StageProbabilities { get; init; }

    /// <summary>(segment, row) → probabilities over the pain ratings, 1 up to the scale; they must sum to 1.</summary>
    public required Func<string, string, IReadOnlyList<double>> PainProbabilities { get; init; }

    /// <summary>(segment, row) → probabilities over the manual-share options, in option order; they must sum to 1.</summary>
    public required Func<string, string, IReadOnlyList<double>> ManualProbabilities { get; init; }

    /// <summary>The chance that any one cell of a matrix offering "not applicable" is answered "na" (0 to 1).</summary>
    public double NotApplicableShare { get; init; }

    /// <summary>The chance that each completed proof of concept is also counted as in production (0 to 1).</summary>
    public double PocProductionShare { get; init; } = 0.3;

    /// <summary>
    /// A plausible, varied profile: payer 30%, pharma 30%, provider 40%; each job gets its own
    /// maturity, pain and manual share from a stable hash of segment and row, as binomial shapes
    /// over the five points; 5% of cells not applicable.
    /// </summary>
    public static FlagshipProfile Default() => new()
    {
        SegmentShares = new Dictionary<string, double>(StringComparer.Ordinal) { ["payer"] = 0.3, ["pharma"] = 0.3, ["provider"] = 0.4 },
        StageProbabilities = (segment, row) => Binomial4(0.1 + (0.7 * Fraction(segment, row, "stage"))),
        PainProbabilities = (segment, row) => Binomial4(0.2 + (0.65 * Fraction(segment, row, "pain"))),
        ManualProbabilities = (segment, row) => Binomial4(0.15 + (0.7 * Fraction(segment, row, "manual"))),
        NotApplicableShare = 0.05,
    };

    /// <summary>Binomial(4, p) over five points, by multiplication only so every machine gets the same bits.</summary>
    private static double[] Binomial4(double p)
    {
        var q = 1 - p;
        return [q * q * q * q, 4 * p * q * q * q, 6 * p * p * q * q, 4 * p * p * p * q, p * p * p * p];
    }

    /// <summary>
    /// A stable fraction in [0, 1) from the text: FNV-1a, then one SplitMix64 step to spread the bits
    /// (<see cref="string.GetHashCode()"/> changes per process).
    /// </summary>
    private static double Fraction(params string[] parts)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in string.Join('|', parts))
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return (new SplitMix64(hash).NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }
}
