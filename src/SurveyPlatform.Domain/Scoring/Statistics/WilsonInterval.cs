using MathNet.Numerics.Distributions;

namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// The Wilson score interval for a proportion, without continuity correction (R's
/// <c>prop.test(x, n, correct = FALSE)</c>). With p̂ = x/n and z the normal quantile at 1 − α/2:
/// (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
/// </summary>
public static class WilsonInterval
{
    /// <summary>No interval (null) when n is 0.</summary>
    public static ConfidenceInterval? ForProportion(int successes, int n, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        ConfidenceInterval.CheckLevel(level);
        if (n == 0)
        {
            return null;
        }

        var z = Normal.InvCDF(0, 1, 1 - ((1 - level) / 2));
        var p = (double)successes / n;
        var zSquaredOverN = z * z / n;
        var centre = p + (zSquaredOverN / 2);
        var spread = z * Math.Sqrt((p * (1 - p) / n) + (zSquaredOverN / (4 * n)));
        var denominator = 1 + zSquaredOverN;
        // At x = 0 and x = n the bounds are exactly 0 and 1; say so rather than trust rounding.
        var lower = successes == 0 ? 0 : Math.Max(0, (centre - spread) / denominator);
        var upper = successes == n ? 1 : Math.Min(1, (centre + spread) / denominator);
        return new ConfidenceInterval(lower, upper, level);
    }
}
