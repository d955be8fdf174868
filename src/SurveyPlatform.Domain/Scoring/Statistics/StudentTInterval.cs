using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// The Student t confidence interval for a mean, as R's <c>t.test</c> gives it:
/// mean ± t(1 − α/2, n − 1) · s / √n, with s the sample SD (n − 1) and α = 1 − level.
/// </summary>
public static class StudentTInterval
{
    /// <summary>No interval (null) for fewer than two values.</summary>
    public static ConfidenceInterval? ForMean(IEnumerable<double> values, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(values);
        ConfidenceInterval.CheckLevel(level);
        var moments = new RunningMoments();
        foreach (var value in values)
        {
            moments.Add(value);
        }

        return moments is { N: >= 2, Mean: { } mean, StandardDeviation: { } sd }
            ? ForMean(moments.N, mean, sd, level)
            : null;
    }

    /// <summary>From a summary: n values with this mean and sample SD. No interval (null) for n &lt; 2.</summary>
    public static ConfidenceInterval? ForMean(int n, double mean, double standardDeviation, double level = ConfidenceInterval.DefaultLevel)
    {
        ConfidenceInterval.CheckLevel(level);
        if (n < 2)
        {
            return null;
        }

        var halfWidth = CriticalValue(n - 1, level) * standardDeviation / Math.Sqrt(n);
        return new ConfidenceInterval(mean - halfWidth, mean + halfWidth, level);
    }

    /// <summary>
    /// t(1 − α/2, df): the upper critical value of a two-sided interval. MathNet's
    /// <c>StudentT.InvCDF</c> is found by root search and is only good to about 1e-10, so it is
    /// polished with three Newton steps on the upper tail, P(T &gt; t) = I_{df/(df+t²)}(df/2, ½) / 2,
    /// which avoids the cancellation of 1 − CDF; this agrees with R's <c>qt</c> to about 1e-13.
    /// </summary>
    public static double CriticalValue(int degreesOfFreedom, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        ConfidenceInterval.CheckLevel(level);
        double df = degreesOfFreedom;
        var upperTail = (1 - level) / 2;
        var t = StudentT.InvCDF(0, 1, df, 1 - upperTail);
        for (var step = 0; step < 3; step++)
        {
            var tail = 0.5 * SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + (t * t)));
            t -= (upperTail - tail) / StudentT.PDF(0, 1, df, t);
        }

        return t;
    }
}
