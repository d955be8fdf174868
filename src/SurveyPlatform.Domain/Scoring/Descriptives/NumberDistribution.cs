using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Scoring.Descriptives;

/// <summary>One histogram bin: [From, To), the last bin closed [From, To].</summary>
public sealed record HistogramBin(double From, double To, int Count);

/// <summary>
/// The distribution of a number question's answers: n, mean, sample SD, t interval, the quartiles
/// (type 7, R's default: Q1, median, Q3) with the IQR, and a histogram of Sturges' ⌈log₂ n⌉ + 1
/// equal-width bins from the minimum to the maximum (one bin when every answer is the same).
/// </summary>
public sealed record NumberDistribution(
    ItemStatistics Statistics, double? Minimum, double? LowerQuartile, double? UpperQuartile, double? Maximum, IReadOnlyList<HistogramBin> Bins)
{
    public double? InterquartileRange => UpperQuartile - LowerQuartile;

    public static NumberDistribution Of(IEnumerable<double> values, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var statistics = ItemStatistics.Of(sorted, level);
        if (sorted.Length == 0)
        {
            return new NumberDistribution(statistics, null, null, null, null, []);
        }

        var min = sorted[0];
        var max = sorted[^1];
        return new NumberDistribution(
            statistics, min, Quantiles.OfSorted(sorted, 0.25), Quantiles.OfSorted(sorted, 0.75), max, Histogram(sorted, min, max));
    }

    public static int SturgesBins(int n) => n <= 1 ? 1 : (int)Math.Ceiling(Math.Log2(n)) + 1;

    private static List<HistogramBin> Histogram(double[] sorted, double min, double max)
    {
        if (max.Equals(min))
        {
            return [new HistogramBin(min, max, sorted.Length)];
        }

        var count = SturgesBins(sorted.Length);
        var width = (max - min) / count;
        var counts = new int[count];
        foreach (var value in sorted)
        {
            counts[Math.Min(count - 1, (int)Math.Floor((value - min) / width))]++;
        }

        return [.. counts.Select((c, i) => new HistogramBin(min + (i * width), i == count - 1 ? max : min + ((i + 1) * width), c))];
    }
}
