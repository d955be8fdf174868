namespace SurveyPlatform.Domain.Scoring.Benchmarks;

/// <summary>
/// Small-group suppression: a group with fewer than <see cref="K"/> respondents shows
/// "suppressed (n&lt;k)" instead of numbers. k defaults to 5 and may never be below 3; a smaller k
/// is refused (the constructor throws) rather than clamped, so a misconfigured threshold is noticed
/// instead of silently changed.
/// </summary>
public sealed record SuppressionPolicy
{
    public const int DefaultK = 5;
    public const int MinimumK = 3;

    public SuppressionPolicy(int k = DefaultK)
    {
        if (k < MinimumK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"The suppression threshold k may not be below {MinimumK}.");
        }

        K = k;
    }

    public static SuppressionPolicy Default { get; } = new();

    public int K { get; }

    /// <summary>What a group below k shows instead of numbers: "suppressed (n&lt;k)".</summary>
    public string BelowKLabel => new Suppressed<double>(K, SuppressionReason.BelowK).Label;

    /// <summary>Whether a group of n respondents may be shown (n ≥ k).</summary>
    public bool Allows(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return n >= K;
    }

    /// <summary>The figure for a group of n: the value with n when n ≥ k, otherwise a marker with no numbers.</summary>
    public GroupFigure<T> Publish<T>(int n, T value) =>
        Allows(n) ? new Published<T>(value, n) : new Suppressed<T>(K, SuppressionReason.BelowK);

    /// <summary>As <see cref="Publish{T}(int, T)"/>, but the value is computed only when it will be shown.</summary>
    public GroupFigure<T> Publish<T>(int n, Func<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Allows(n) ? new Published<T>(value(), n) : new Suppressed<T>(K, SuppressionReason.BelowK);
    }
}
