namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// Descriptive statistics of one item: n, mean, sample SD (n − 1), median (the type 7 quantile at
/// 0.5, i.e. the middle value or the mean of the two middle values) and a Student t interval for
/// the mean. Mean is empty for n = 0; SD and the interval are empty for n &lt; 2.
/// </summary>
public sealed record ItemStatistics(int N, double? Mean, double? StandardDeviation, double? Median, ConfidenceInterval? MeanInterval)
{
    public static ItemStatistics Of(IEnumerable<double> values, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(values);
        ConfidenceInterval.CheckLevel(level);
        var moments = new RunningMoments();
        var kept = new List<double>();
        foreach (var value in values)
        {
            moments.Add(value);
            kept.Add(value);
        }

        return From(moments, Quantiles.Median(kept), level);
    }

    /// <summary>For a caller that streams values into its own accumulator and finds the median separately.</summary>
    public static ItemStatistics From(RunningMoments moments, double? median, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(moments);
        var interval = moments is { N: >= 2, Mean: { } mean, StandardDeviation: { } sd }
            ? StudentTInterval.ForMean(moments.N, mean, sd, level)
            : null;
        return new ItemStatistics(moments.N, moments.Mean, moments.StandardDeviation, median, interval);
    }
}
