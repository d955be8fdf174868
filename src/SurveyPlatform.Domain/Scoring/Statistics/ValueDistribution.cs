namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// Every value added, kept as its distinct values with their counts: the exact median, any type 7
/// quantile and any value's mid-rank percentile, in memory that grows with the number of distinct
/// values (for scores made of rating answers, a few thousand however many respondents there are),
/// not with the number of values. The moments are accumulated in the order values are added, as
/// <see cref="ItemStatistics.Of"/> does. Not for use from more than one thread.
/// </summary>
public sealed class ValueDistribution
{
    private readonly SortedDictionary<double, int> _counts = [];
    private double[]? _values;
    private int[]? _below;

    public RunningMoments Moments { get; } = new();

    public int N => Moments.N;

    public int Distinct => _counts.Count;

    /// <summary>Adds a finite value (see <see cref="RunningMoments.Add"/>).</summary>
    public void Add(double value)
    {
        Moments.Add(value);
        // −0 and 0 are one value, as in an ordering: the first seen is kept as the key.
        _counts[value] = _counts.GetValueOrDefault(value) + 1;
        _values = null;
        _below = null;
    }

    /// <summary>n, mean, SD, t interval and the median, as <see cref="ItemStatistics.Of"/> gives them for the same values in the same order.</summary>
    public ItemStatistics Statistics(double level = ConfidenceInterval.DefaultLevel) => ItemStatistics.From(Moments, N == 0 ? null : Quantile(0.5), level);

    /// <summary>The moments of the values taken in ascending order (as a caller that sorts first computes them).</summary>
    public RunningMoments SortedMoments()
    {
        var moments = new RunningMoments();
        foreach (var (value, count) in _counts)
        {
            for (var c = 0; c < count; c++)
            {
                moments.Add(value);
            }
        }

        return moments;
    }

    /// <summary>The distinct values, ascending, with their counts.</summary>
    public IEnumerable<KeyValuePair<double, int>> Counts => _counts;

    /// <summary>The type 7 quantile (<see cref="Quantiles.OfSorted"/>) of the values; at least one value is needed.</summary>
    public double Quantile(double probability)
    {
        if (N == 0)
        {
            throw new InvalidOperationException("There must be at least one value.");
        }

        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability lies between 0 and 1.");
        }

        // Quantiles.OfSorted's steps, with the values at sorted positions lo − 1 and lo found from the counts.
        Seal();
        var index = 1 + ((N - 1) * probability);
        var lo = Math.Floor(index);
        var low = At((int)lo - 1);
        if (index <= lo)
        {
            return low;
        }

        var high = At((int)lo);
        var g = index - lo;
        // Exact comparison on purpose: R skips the interpolation in exactly this case.
        return high.Equals(low) ? low : ((1 - g) * low) + (g * high);
    }

    /// <summary>
    /// The mid-rank percentile of <paramref name="value"/> among the values added (as
    /// <see cref="Benchmarks.BenchmarkRanks.PercentileRank"/>): (below + ½·equal) / n · 100.
    /// </summary>
    public double PercentileRank(double value)
    {
        if (N == 0)
        {
            throw new InvalidOperationException("The reference group is empty.");
        }

        Seal();
        var at = Array.BinarySearch(_values!, value);
        return at >= 0
            ? Benchmarks.BenchmarkRanks.MidRank(_below![at], _below[at + 1] - _below[at], N)
            : Benchmarks.BenchmarkRanks.MidRank(_below![~at], 0, N);
    }

    private double At(int position)
    {
        var i = Array.BinarySearch(_below!, position);
        // _below[i] is the number of values before distinct value i; the value at a position is the last whose start is ≤ it.
        return _values![i >= 0 ? i : ~i - 1];
    }

    /// <summary>Builds the lookup tables now (they are otherwise built on the first rank or quantile), so that readers on several threads need not.</summary>
    public void Seal()
    {
        if (_values is not null)
        {
            return;
        }

        _values = [.. _counts.Keys];
        _below = new int[_values.Length + 1];
        var seen = 0;
        var i = 0;
        foreach (var count in _counts.Values)
        {
            _below[i++] = seen;
            seen += count;
        }

        _below[i] = seen;
    }
}
