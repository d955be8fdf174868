namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// Sample quantiles by Hyndman and Fan's type 7, R's default for <c>quantile</c>: for sorted values
/// x[1..n] and probability p, let h = 1 + (n − 1)·p, j = ⌊h⌋ and g = h − j; the quantile is
/// (1 − g)·x[j] + g·x[j+1] (just x[j] when g = 0 or the two are equal), computed in R's order of
/// operations so the figures match R's bit for bit. The median is the quantile at 0.5.
/// </summary>
public static class Quantiles
{
    /// <summary>Empty (null) for no values.</summary>
    public static double? Median(IEnumerable<double> values) => Quantile(values, 0.5);

    /// <summary>Empty (null) for no values. Sorts a copy; NaN is refused.</summary>
    public static double? Quantile(IEnumerable<double> values, double probability)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckProbability(probability);
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        foreach (var value in sorted)
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentException("NaN has no place in an ordering.", nameof(values));
            }
        }

        Array.Sort(sorted);
        return OfSorted(sorted, probability);
    }

    /// <summary>The quantile of values already sorted ascending (not checked), at least one of them.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double probability)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("There must be at least one value.", nameof(sorted));
        }

        CheckProbability(probability);
        // R's steps, 1-based: index = 1 + (n − 1)·p, lo = ⌊index⌋, g = index − lo.
        var index = 1 + ((sorted.Length - 1) * probability);
        var lo = Math.Floor(index);
        var low = sorted[(int)lo - 1];
        if (index <= lo)
        {
            return low;
        }

        var high = sorted[(int)lo];
        var g = index - lo;
        // Exact comparison on purpose: R skips the interpolation in exactly this case.
        return high.Equals(low) ? low : ((1 - g) * low) + (g * high);
    }

    private static void CheckProbability(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability lies between 0 and 1.");
        }
    }
}
