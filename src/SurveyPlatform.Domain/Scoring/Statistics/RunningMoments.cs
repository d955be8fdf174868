namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// n, mean and sample variance (n − 1 denominator) accumulated one value at a time with Welford's
/// algorithm: one pass, constant memory and no cancellation from summing squares.
/// </summary>
public sealed class RunningMoments
{
    private double _mean;
    private double _sumOfSquaredDeviations;

    public int N { get; private set; }

    public double? Mean => N == 0 ? null : _mean;

    public double? Variance => N < 2 ? null : _sumOfSquaredDeviations / (N - 1);

    public double? StandardDeviation => Variance is { } variance ? Math.Sqrt(variance) : null;

    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be summarised.");
        }

        N++;
        var delta = value - _mean;
        _mean += delta / N;
        _sumOfSquaredDeviations += delta * (value - _mean);
    }
}
