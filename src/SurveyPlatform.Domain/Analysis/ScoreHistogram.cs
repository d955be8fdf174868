using SurveyPlatform.Domain.Scoring.Benchmarks;

namespace SurveyPlatform.Domain.Analysis;

/// <summary>One bin [From, To) of a 0–100 score; the last bin includes 100.</summary>
public sealed record HistogramBin(double From, double To, int Count);

/// <summary>
/// The distribution of a 0–100 score (overall readiness) in equal-width bins. With fewer than k
/// scores the histogram is suppressed as a whole (it would show single respondents' scores), and
/// its n is not given.
/// </summary>
public sealed record ScoreHistogram(int? N, IReadOnlyList<HistogramBin> Bins, string? Suppressed)
{
    public const int DefaultBins = 10;

    public static ScoreHistogram Of(IEnumerable<double> scores, SuppressionPolicy policy, int bins = DefaultBins, double min = 0, double max = 100)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(max > min))
        {
            throw new ArgumentOutOfRangeException(nameof(max), "The range must be non-empty.");
        }

        var counts = new int[bins];
        var n = 0;
        var width = (max - min) / bins;
        foreach (var score in scores)
        {
            if (double.IsNaN(score))
            {
                continue;
            }

            var index = (int)Math.Floor((Math.Clamp(score, min, max) - min) / width);
            counts[Math.Min(index, bins - 1)]++;
            n++;
        }

        if (!policy.Allows(n))
        {
            return new ScoreHistogram(null, [], policy.BelowKLabel);
        }

        var list = new HistogramBin[bins];
        for (var i = 0; i < bins; i++)
        {
            list[i] = new HistogramBin(min + (i * width), i == bins - 1 ? max : min + ((i + 1) * width), counts[i]);
        }

        return new ScoreHistogram(n, list, null);
    }
}
