using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Scoring.Engine;

/// <summary>
/// The percentile bootstrap of many means at once, paired over respondents, in one pass and bounded
/// memory (Poisson bootstrap; Hanley and MacGibbon 2006, Chamandy et al. 2012): in resample b every
/// respondent is weighted by an independent Poisson(1) count instead of by how often a multinomial
/// draw of n picked it, so a respondent's weights are known the moment it is added and no respondent
/// is kept. Each respondent adds one row of values (NaN: missing) and a stratum; every column's mean
/// over the present values is taken per resample within each stratum (Σ w·x / Σ w) and pooled over
/// all strata. Within a stratum of n the two schemes differ only in that the Poisson weights sum to
/// about n rather than exactly n; for the means of a few hundred respondents or more the intervals
/// agree within sampling noise.
/// <para>
/// Reproducible: resample b has its own xoshiro256** generator whose state is outputs 4b … 4b + 3 of
/// <see cref="SplitMix64"/> started at the seed, and it draws one 64-bit number per respondent in
/// the order added; the count is the least k with the number below ⌊P(X ≤ k)·2^64⌋ (<see cref="Weight"/>,
/// integer thresholds, so no floating point is involved). Each (resample, stratum, column) sum takes
/// its terms in the order added, with the same IEEE operations whether one column or four at a time
/// are summed and however the respondents are batched, so the same rows, strata and seed give
/// identical intervals on every machine.
/// </para>
/// <para>
/// Memory: B × strata × width sums and counts (the flagship model: 2,000 × 4 × 64 × 16 bytes, 8 MB)
/// and two batches of <see cref="BatchSize"/> rows, whatever the number of respondents. A full batch
/// is summed on another thread while the caller adds the next one.
/// </para>
/// </summary>
public sealed class PoissonMeansBootstrap
{
    /// <summary>Respondents summed together; the result does not depend on it.</summary>
    public const int BatchSize = 512;

    // Rows are stored Lane floats apart (width rounded up, the padding missing), so a row loads as whole vectors.
    private const int Lane = 8;

    // ⌊P(X ≤ k)·2^64⌋ for X ~ Poisson(1), k = 0 … 19 (computed to 80 digits); P(X > 19) < 2^−62. The first three are
    // constants too, so Weight compares against them without loading the array.
    private const ulong Zero = 0x5E2D58D8B3BCDF1AUL;
    private const ulong One = 0xBC5AB1B16779BE35UL;
    private const ulong Two = 0xEB715E1DC1582DC2UL;

    private static readonly ulong[] Thresholds =
    [
        Zero, One, Two, 0xFB23979734A252F1UL, 0xFF1025F59174DC3DUL,
        0xFFD90F3BA4055E19UL, 0xFFFA8B71FC72C913UL, 0xFFFF540C0914B3C9UL, 0xFFFFED1F4AA8F120UL, 0xFFFFFE216E641462UL,
        0xFFFFFFD4D85D3183UL, 0xFFFFFFFC6DA262B4UL, 0xFFFFFFFFBA12D178UL, 0xFFFFFFFFFB07C64CUL, 0xFFFFFFFFFFAB8EA5UL,
        0xFFFFFFFFFFFABE22UL, 0xFFFFFFFFFFFFB11AUL, 0xFFFFFFFFFFFFFBA1UL, 0xFFFFFFFFFFFFFFC5UL, 0xFFFFFFFFFFFFFFFDUL,
    ];

    private readonly int _width;
    private readonly int _stride;
    private readonly int _strata;
    private readonly int _resamples;
    private readonly ulong[] _states;
    private readonly double[] _sums;
    private readonly double[] _counts;
    private readonly double[] _estimateSums;
    private readonly double[] _estimateCounts;
    private Batch _filling = new();
    private Batch _spare = new();
    private Task _summing = Task.CompletedTask;

    public PoissonMeansBootstrap(int width, int strata, ulong seed, int resamples = PercentileBootstrap.DefaultResamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(strata, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        _width = width;
        _stride = (width + Lane - 1) / Lane * Lane;
        _strata = strata;
        _resamples = resamples;
        _states = new ulong[4 * resamples];
        var expander = new SplitMix64(seed);
        for (var i = 0; i < _states.Length; i++)
        {
            _states[i] = expander.NextUInt64();
        }

        _sums = new double[resamples * strata * _stride];
        _counts = new double[_sums.Length];
        _estimateSums = new double[strata * _stride];
        _estimateCounts = new double[_estimateSums.Length];
        _filling.Allocate(_stride);
        _spare.Allocate(_stride);
    }

    public int Count { get; private set; }

    public int Resamples => _resamples;

    /// <summary>The Poisson(1) count for a uniform 64-bit draw: the least k with the draw below threshold k (20 past the last).</summary>
    public static int Weight(ulong draw)
    {
        // Counts 0, 1 and 2 (92% of draws) without a branch to mispredict; the thresholds rise, so the count of those
        // at or below the draw is the least k above it.
        var k = (draw >= Zero ? 1 : 0) + (draw >= One ? 1 : 0);
        if (draw < Two)
        {
            return k;
        }

        k = 2;
        while (k < Thresholds.Length && draw >= Thresholds[k])
        {
            k++;
        }

        return k;
    }

    /// <summary>Adds a respondent: <paramref name="values"/> has at most the width (the rest is missing).</summary>
    public void Add(int stratum, ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stratum);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stratum, _strata);
        if (values.Length > _width)
        {
            throw new ArgumentException($"{values.Length} values, but rows are {_width} wide.", nameof(values));
        }

        var batch = _filling;
        var row = batch.Values.AsSpan(batch.Count * _stride, _stride);
        row.Fill(float.NaN);
        for (var k = 0; k < values.Length; k++)
        {
            row[k] = (float)values[k];
        }

        // Once here rather than in each of the resamples: how many chunks of Lane values hold any value (the chunks of
        // missing values after them, such as a short segment's JTBD columns, are not visited).
        var live = 0;
        for (var k = 0; k < values.Length; k++)
        {
            live = double.IsNaN(values[k]) ? live : (k / Lane) + 1;
        }

        batch.Live[batch.Count] = live;
        batch.StratumOf[batch.Count++] = stratum;
        Count++;
        if (batch.Count == BatchSize)
        {
            Hand(batch);
        }
    }

    /// <summary>
    /// Intervals for every column: <c>[stratum][column]</c> for each stratum, and index
    /// <c>[strata]</c> for the pooled means. A mean with no present value in a resample is NaN there
    /// and left out (see <see cref="BootstrapInterval.ValidResamples"/>); the estimate is the mean on
    /// the rows as added (NaN when no value is present).
    /// </summary>
    public BootstrapInterval[][] Finish(double level = ConfidenceInterval.DefaultLevel)
    {
        ConfidenceInterval.CheckLevel(level);
        if (_filling.Count > 0)
        {
            Hand(_filling);
        }

        _summing.GetAwaiter().GetResult();
        var groups = _strata + 1;
        var pooled = new double[2 * _stride];
        var result = new BootstrapInterval[groups][];
        var replicates = new double[groups][][];
        for (var g = 0; g < groups; g++)
        {
            replicates[g] = new double[_width][];
            for (var k = 0; k < _width; k++)
            {
                replicates[g][k] = new double[_resamples];
            }
        }

        for (var b = 0; b < _resamples; b++)
        {
            Array.Clear(pooled);
            for (var s = 0; s < _strata; s++)
            {
                var at = ((b * _strata) + s) * _stride;
                for (var k = 0; k < _width; k++)
                {
                    replicates[s][k][b] = Mean(_sums[at + k], _counts[at + k]);
                    pooled[k] += _sums[at + k];
                    pooled[_stride + k] += _counts[at + k];
                }
            }

            for (var k = 0; k < _width; k++)
            {
                replicates[_strata][k][b] = Mean(pooled[k], pooled[_stride + k]);
            }
        }

        for (var g = 0; g < groups; g++)
        {
            result[g] = new BootstrapInterval[_width];
            for (var k = 0; k < _width; k++)
            {
                double sum = 0, count = 0;
                for (var s = 0; s < _strata; s++)
                {
                    if (g == _strata || g == s)
                    {
                        sum += _estimateSums[(s * _stride) + k];
                        count += _estimateCounts[(s * _stride) + k];
                    }
                }

                result[g][k] = PercentileBootstrap.Summarise(Mean(sum, count), replicates[g][k], level);
            }
        }

        return result;
    }

    private static double Mean(double sum, double count) => count > 0 ? sum / count : double.NaN;

    // Starts summing a full batch once the one before it is summed (so batches are summed in the order added), and
    // gives the caller the other buffer to fill meanwhile.
    private void Hand(Batch full)
    {
        _summing.GetAwaiter().GetResult();
        (_filling, _spare) = (_spare, full);
        _filling.Count = 0;
        _summing = Task.Run(() => Sum(full));
    }

    // The batch into every resample's sums (resamples split over the spare cores; each has its own generator and sums,
    // so the split changes nothing), and into the estimate with weight 1.
    private void Sum(Batch batch)
    {
        var parts = Math.Clamp(Environment.ProcessorCount - 1, 1, _resamples);
        if (parts == 1)
        {
            SumResamples(batch, 0, _resamples);
        }
        else
        {
            Parallel.For(0, parts, p => SumResamples(batch, _resamples * p / parts, _resamples * (p + 1) / parts));
        }

        var one = Vector256.Create(1d);
        for (var j = 0; j < batch.Count; j++)
        {
            AddRow(batch, j, _estimateSums, _estimateCounts, batch.StratumOf[j] * _stride, 1, one);
        }
    }

    private void SumResamples(Batch batch, int from, int to)
    {
        for (var b = from; b < to; b++)
        {
            var at = 4 * b;
            var (s0, s1, s2, s3) = (_states[at], _states[at + 1], _states[at + 2], _states[at + 3]);
            var offset = b * _strata * _stride;
            for (var j = 0; j < batch.Count; j++)
            {
                var weight = Weight(Xoshiro256StarStar.Next(ref s0, ref s1, ref s2, ref s3));
                if (weight == 0)
                {
                    continue;
                }

                AddRow(batch, j, _sums, _counts, offset + (batch.StratumOf[j] * _stride), weight, Vector256.Create((double)weight));
            }

            (_states[at], _states[at + 1], _states[at + 2], _states[at + 3]) = (s0, s1, s2, s3);
        }
    }

    // Row j of the batch, weighted, into the sums and counts at offset: a missing value (NaN) leaves its lane's sum and
    // count as they were (a select, not an add of zero); every other lane is the scalar multiply, then add.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddRow(Batch batch, int j, double[] sums, double[] counts, int offset, int weight, Vector256<double> w)
    {
        var row = j * _stride;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var values = ref MemoryMarshal.GetArrayDataReference(batch.Values);
            ref var sum = ref MemoryMarshal.GetArrayDataReference(sums);
            ref var count = ref MemoryMarshal.GetArrayDataReference(counts);
            var end = batch.Live[j] * Lane;
            for (var k = 0; k < end; k += Lane)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref values, (nuint)(row + k)));
                AddLanes(ref sum, ref count, (nuint)(offset + k), low, w);
                AddLanes(ref sum, ref count, (nuint)(offset + k + (Lane / 2)), high, w);
            }

            return;
        }

        for (var k = 0; k < _width; k++)
        {
            var v = batch.Values[row + k];
            if (!float.IsNaN(v))
            {
                sums[offset + k] += weight * (double)v;
                counts[offset + k] += weight;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLanes(ref double sums, ref double counts, nuint at, Vector256<double> values, Vector256<double> weight)
    {
        var present = Vector256.Equals(values, values);
        var sum = Vector256.LoadUnsafe(ref sums, at);
        Vector256.ConditionalSelect(present, sum + (weight * values), sum).StoreUnsafe(ref sums, at);
        var count = Vector256.LoadUnsafe(ref counts, at);
        Vector256.ConditionalSelect(present, count + weight, count).StoreUnsafe(ref counts, at);
    }

    private sealed class Batch
    {
        public float[] Values { get; private set; } = [];

        public int[] StratumOf { get; } = new int[BatchSize];

        /// <summary>Per row: how many chunks of <see cref="Lane"/> values to visit (the rest are all missing).</summary>
        public int[] Live { get; } = new int[BatchSize];

        public int Count { get; set; }

        public void Allocate(int stride) => Values = new float[BatchSize * stride];
    }
}
