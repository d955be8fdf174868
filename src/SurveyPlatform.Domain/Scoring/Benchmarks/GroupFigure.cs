namespace SurveyPlatform.Domain.Scoring.Benchmarks;

/// <summary>
/// A figure for a group as it may leave the engine: either <see cref="Published{T}"/> (the value
/// and its n) or <see cref="Suppressed{T}"/>, which carries no data-derived number at all — not the
/// value and not the exact n, only the policy's threshold k.
/// </summary>
public abstract record GroupFigure<T>
{
    private protected GroupFigure()
    {
    }

    public abstract bool IsPublished { get; }

    /// <summary>What to show: the value for a published figure, the marker text for a suppressed one.</summary>
    public abstract string Label { get; }
}

/// <summary>A figure shown with the number of respondents behind it (n ≥ k).</summary>
public sealed record Published<T>(T Value, int N) : GroupFigure<T>
{
    public override bool IsPublished => true;

    public override string Label => Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>
/// A withheld figure. <see cref="K"/> is the policy's threshold (configuration, not data); the exact
/// n is deliberately not kept.
/// </summary>
public sealed record Suppressed<T>(int K, SuppressionReason Reason) : GroupFigure<T>
{
    public override bool IsPublished => false;

    public override string Label => Reason == SuppressionReason.BelowK ? $"suppressed (n<{K})" : "suppressed (complementary)";

    public override string ToString() => Label;
}

public enum SuppressionReason
{
    /// <summary>The group has fewer than k respondents.</summary>
    BelowK,

    /// <summary>
    /// The group has at least k respondents but is withheld so that a small group in the same
    /// partition cannot be recovered by subtracting the published groups from the published total.
    /// </summary>
    Complementary,
}
