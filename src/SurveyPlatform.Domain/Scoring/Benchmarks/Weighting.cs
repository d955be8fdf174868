namespace SurveyPlatform.Domain.Scoring.Benchmarks;

/// <summary>Helpers for survey weights.</summary>
public static class Weighting
{
    /// <summary>Kish's effective sample size, (Σw)² / Σw²; it equals n when all weights are equal.</summary>
    public static double EffectiveSampleSize(IEnumerable<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        double sum = 0, squares = 0;
        foreach (var w in weights)
        {
            CheckWeight(w, nameof(weights));
            sum += w;
            squares += w * w;
        }

        return squares == 0 ? 0 : sum * sum / squares;
    }

    /// <summary>
    /// Σ wᵢxᵢ / Σ wᵢ over the values present (null or NaN = missing, dropped with its weight);
    /// null when no value with a positive weight is present.
    /// </summary>
    public static double? WeightedMean(IEnumerable<(double? Value, double Weight)> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double sum = 0, total = 0;
        foreach (var (value, weight) in values)
        {
            CheckWeight(weight, nameof(values));
            if (value is { } x && !double.IsNaN(x))
            {
                sum += weight * x;
                total += weight;
            }
        }

        return total > 0 ? sum / total : null;
    }

    private static void CheckWeight(double weight, string parameter)
    {
        if (!(weight >= 0 && double.IsFinite(weight)))
        {
            throw new ArgumentException($"A weight must be finite and not negative, not {weight}.", parameter);
        }
    }
}
