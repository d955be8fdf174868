namespace SurveyPlatform.Domain.Scoring.Model;

/// <summary>The index formulas as pure functions over numbers; missing values are null, never zero.</summary>
public static class ScoringMath
{
    /// <summary>
    /// Maps <paramref name="value"/> from [<paramref name="low"/>, <paramref name="high"/>] to 0–100
    /// (clamped to the range first); a reversed item gives 100 minus that.
    /// </summary>
    public static double Normalise(double value, double low, double high, bool reverse = false)
    {
        if (!(high > low))
        {
            throw new ArgumentException($"The range [{low}, {high}] is empty.", nameof(high));
        }

        var plain = (Math.Clamp(value, low, high) - low) / (high - low) * 100;
        return reverse ? 100 - plain : plain;
    }

    /// <summary>The weighted arithmetic mean of the present values; null when none is present.</summary>
    public static double? WeightedMean(IEnumerable<(double? Value, double Weight)> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sum = 0d;
        var weights = 0d;
        foreach (var (value, weight) in values)
        {
            if (value is { } v)
            {
                sum += weight * v;
                weights += weight;
            }
        }

        return weights > 0 ? sum / weights : null;
    }

    /// <summary>
    /// The weighted geometric mean of the present values after adding <paramref name="offset"/>, minus the
    /// offset: exp(Σ wᵢ·ln(xᵢ + c) / Σ wᵢ) − c. With c = 0 a value of 0 makes the result 0 (the limit of the
    /// product); with c &gt; 0 it only pulls the result down. Equal values give that value back for any c.
    /// </summary>
    public static double? WeightedGeometricMean(IEnumerable<(double? Value, double Weight)> values, double offset)
    {
        ArgumentNullException.ThrowIfNull(values);
        var logs = 0d;
        var weights = 0d;
        var zero = false;
        foreach (var (value, weight) in values)
        {
            if (value is not { } v)
            {
                continue;
            }

            weights += weight;
            var shifted = v + offset;
            if (shifted <= 0)
            {
                zero = true;
            }
            else
            {
                logs += weight * Math.Log(shifted);
            }
        }

        if (weights <= 0)
        {
            return null;
        }

        // Values are 0–100 and the offset is never negative, so x + c ≤ 0 only happens for x = 0, c = 0.
        return zero ? 0 : Math.Exp(logs / weights) - offset;
    }

    /// <summary>
    /// A respondent's dimension: the weighted mean of the answered items, or missing when fewer than
    /// <paramref name="minimumShare"/> of the items (by count) are answered, or none is.
    /// </summary>
    public static DimensionScore Dimension(string name, IReadOnlyList<(double? Value, double Weight)> items, double minimumShare)
    {
        ArgumentNullException.ThrowIfNull(items);
        var answered = items.Count(i => i.Value is not null);
        var enough = answered > 0 && !IsBelowShare(answered, items.Count, minimumShare);
        return new DimensionScore(name, enough ? WeightedMean(items) : null, answered, items.Count);
    }

    /// <summary>The overall score from the available dimensions (linear or geometric), or missing when too few are available.</summary>
    public static OverallScore Overall(IReadOnlyList<(double? Value, double Weight)> dimensions, OverallAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(aggregation);
        var available = dimensions.Count(d => d.Value is not null);
        if (available == 0 || IsBelowShare(available, dimensions.Count, aggregation.MinimumDimensionShare))
        {
            return new OverallScore(null, available, dimensions.Count);
        }

        var value = aggregation.Method == AggregationMethod.Geometric
            ? WeightedGeometricMean(dimensions, aggregation.GeometricOffset)
            : WeightedMean(dimensions);
        return new OverallScore(value, available, dimensions.Count);
    }

    /// <summary>The band holding <paramref name="score"/>: From ≤ score &lt; To, and the last band also holds its To.</summary>
    public static string? Maturity(double? score, IReadOnlyList<MaturityBand> bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        if (score is not { } s || bands.Count == 0)
        {
            return null;
        }

        var ordered = InOrder(bands) ? bands : [.. bands.OrderBy(b => b.From)];
        foreach (var band in ordered)
        {
            if (s >= band.From && s < band.To)
            {
                return band.Name;
            }
        }

        return s == ordered[^1].To ? ordered[^1].Name : null;
    }

    // Bands usually come ordered by From (the engine orders them once), so scoring a respondent need not sort them again.
    private static bool InOrder(IReadOnlyList<MaturityBand> bands)
    {
        for (var i = 1; i < bands.Count; i++)
        {
            if (bands[i].From < bands[i - 1].From)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The median (the mean of the middle two for an even count); null for no values.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The 2×2: a score at or above its cut-off is high.</summary>
    public static JtbdQuadrant Quadrant(double opportunity, double adoption, double opportunityCutoff, double adoptionCutoff)
    {
        var highOpportunity = opportunity >= opportunityCutoff;
        var highAdoption = adoption >= adoptionCutoff;
        return (highOpportunity, highAdoption) switch
        {
            (true, false) => JtbdQuadrant.BestTargets,
            (true, true) => JtbdQuadrant.ValidatedButCompetitive,
            (false, true) => JtbdQuadrant.CrowdedSmallUpside,
            _ => JtbdQuadrant.AvoidForNow,
        };
    }

    /// <summary>
    /// A JTBD's adoption score: the mean stage weight, Σ countᵢ·wᵢ / Σ countᵢ, over the respondents who
    /// gave the row a stage (not applicable is never counted); n = Σ countᵢ.
    /// </summary>
    public static (double? Score, int N) Adoption(IReadOnlyList<int> stageCounts, IReadOnlyList<double> stageWeights)
    {
        ArgumentNullException.ThrowIfNull(stageCounts);
        ArgumentNullException.ThrowIfNull(stageWeights);
        if (stageCounts.Count != stageWeights.Count)
        {
            throw new ArgumentException($"{stageCounts.Count} stage counts but {stageWeights.Count} stage weights.", nameof(stageWeights));
        }

        var n = stageCounts.Sum();
        return n == 0 ? (null, 0) : (stageCounts.Select((c, i) => c * stageWeights[i]).Sum() / n, n);
    }

    /// <summary>One respondent's opportunity on one JTBD: (normalised pain + normalised manual share) / 2; missing unless both are answered.</summary>
    public static double? Opportunity(double? pain, double? manualShare) =>
        pain is { } p && manualShare is { } m ? (p + m) / 2 : null;

    /// <summary>
    /// A JTBD's POC-to-production conversion from its stage answers: the share of the respondents at
    /// or past the POC stage who are in production, count(production) / Σ count(stage ≥ POC) × 100;
    /// n is that denominator.
    /// </summary>
    public static (double? Rate, int N) StageConversion(IReadOnlyList<int> stageCounts, int pocIndex, int productionIndex)
    {
        ArgumentNullException.ThrowIfNull(stageCounts);
        var reached = stageCounts.Skip(pocIndex).Sum();
        return reached == 0 ? (null, 0) : (stageCounts[productionIndex] * 100d / reached, reached);
    }

    /// <summary>
    /// The organisation-level conversion from the outcome questions, pooled as the index reports it
    /// ("30% of completed POCs reached production"): Σ in production / Σ completed × 100 over the
    /// respondents who completed at least one POC and said how many are in production. In production is
    /// capped at completed.
    /// </summary>
    public static PocConversion PooledConversion(IEnumerable<(double? Completed, double? InProduction)> respondents)
    {
        ArgumentNullException.ThrowIfNull(respondents);
        var totals = new ConversionTotals();
        foreach (var (completed, production) in respondents)
        {
            totals.Add(completed, production);
        }

        return totals.Result();
    }

    /// <summary>The label the domain uses for a quadrant.</summary>
    public static string Label(this JtbdQuadrant quadrant) => quadrant switch
    {
        JtbdQuadrant.BestTargets => "best targets",
        JtbdQuadrant.ValidatedButCompetitive => "validated but competitive",
        JtbdQuadrant.CrowdedSmallUpside => "crowded, small upside",
        JtbdQuadrant.AvoidForNow => "avoid for now",
        _ => quadrant.ToString(),
    };

    // answered/total < share, with a little slack so 0.3 × 10 still asks for 3, not 3.0000000000000004.
    private static bool IsBelowShare(int count, int total, double share) => count < share * total - 1e-9;
}

/// <summary>A respondent's dimension: its score (null when missing) and how many of its items were answered.</summary>
public sealed record DimensionScore(string Name, double? Score, int Answered, int Items);

/// <summary>A respondent's overall score (null when missing) and how many dimensions it stands on.</summary>
public sealed record OverallScore(double? Score, int Available, int Dimensions);

/// <summary>A POC-to-production conversion rate (0–100; null with no data), its n, and the pooled counts it comes from.</summary>
public sealed record PocConversion(double? Rate, int N, double Completed, double InProduction);

/// <summary>Running sums for <see cref="ScoringMath.PooledConversion"/>: constant memory however many respondents.</summary>
public sealed class ConversionTotals
{
    private int _n;
    private double _completed;
    private double _production;

    /// <summary>Counts a respondent who completed at least one POC and gave a number in production (capped at completed).</summary>
    public void Add(double? completed, double? inProduction)
    {
        if (completed is { } done && done > 0 && inProduction is { } live && live >= 0)
        {
            _n++;
            _completed += done;
            _production += Math.Min(live, done);
        }
    }

    public PocConversion Result() => new(_n == 0 ? null : _production * 100 / _completed, _n, _completed, _production);
}

/// <summary>The AI Dx Index's 2×2 (opportunity × adoption), named as in the domain description.</summary>
public enum JtbdQuadrant
{
    /// <summary>High opportunity, low adoption.</summary>
    BestTargets,

    /// <summary>High opportunity, high adoption.</summary>
    ValidatedButCompetitive,

    /// <summary>Low opportunity, high adoption.</summary>
    CrowdedSmallUpside,

    /// <summary>Low opportunity, low adoption.</summary>
    AvoidForNow,
}
