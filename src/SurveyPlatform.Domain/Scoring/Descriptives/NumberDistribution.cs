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
        var distribution = new ValueDistribution();
        foreach (var value in values)
        {
            distribution.Add(value);
        }

        return Of(distribution, level);
    }

    /// <summary>From the distinct values and their counts (the moments taken over the values in ascending order).</summary>
    public static NumberDistribution Of(ValueDistribution values, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(values);
        ConfidenceInterval.CheckLevel(level);
        if (values.N == 0)
        {
            return new NumberDistribution(ItemStatistics.From(new RunningMoments(), null, level), null, null, null, null, []);
        }

        var statistics = ItemStatistics.From(values.SortedMoments(), values.Quantile(0.5), level);
        var min = values.Counts.First().Key;
        var max = values.Counts.Last().Key;
        return new NumberDistribution(statistics, min, values.Quantile(0.25), values.Quantile(0.75), max, Histogram(values, min, max));
    }

    public static int SturgesBins(int n) => n <= 1 ? 1 : (int)Math.Ceiling(Math.Log2(n)) + 1;

    private static List<HistogramBin> Histogram(ValueDistribution values, double min, double max)
    {
        if (max.Equals(min))
        {
            return [new HistogramBin(min, max, values.N)];
        }

        var count = SturgesBins(values.N);
        var width = (max - min) / count;
        var counts = new int[count];
        foreach (var (value, times) in values.Counts)
        {
            counts[Math.Min(count - 1, (int)Math.Floor((value - min) / width))] += times;
        }

        return [.. counts.Select((c, i) => new HistogramBin(min + (i * width), i == count - 1 ? max : min + ((i + 1) * width), c))];
    }
}
