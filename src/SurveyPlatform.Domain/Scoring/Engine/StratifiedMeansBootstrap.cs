using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Scoring.Engine;

/// <summary>
/// The percentile bootstrap of many means at once, paired over respondents: each respondent adds one
/// row of values (NaN: missing) and a stratum; every resample draws respondents exactly as
/// <see cref="PercentileBootstrap.ForRespondents"/> does with those strata (for b = 1 … B, for slot
/// i = 0 … n − 1 in the order added, member NextInt(size) of slot i's stratum), and every column's
/// mean over the present values is taken on that same resample, within each stratum and pooled over
/// all strata. Computing the means from draw counts in one pass over the rows makes the cost
/// B × (n draws + one sequential scan), not B × n per statistic. The same rows, strata and seed give
/// identical intervals on every machine: each (stratum, column) sum takes its terms in the order the
/// respondents were added, with the same IEEE operations (multiply, then add; no fused multiply-add)
/// whether the columns are summed one at a time or four to a vector register.
/// </summary>
public sealed class StratifiedMeansBootstrap
{
    // Rows are stored Lane floats apart (width rounded up, the padding missing), so a row loads as whole vectors.
    private const int Lane = 8;

    private readonly int _width;
    private readonly int _stride;
    private readonly int _strata;
    private float[] _values;
    private int[] _stratumOf;

    public StratifiedMeansBootstrap(int width, int strata, int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(strata, 1);
        _width = width;
        _stride = (width + Lane - 1) / Lane * Lane;
        _strata = strata;
        _values = new float[_stride * Math.Max(capacity, 1)];
        _stratumOf = new int[Math.Max(capacity, 1)];
    }

    public int Count { get; private set; }

    /// <summary>Adds a respondent: <paramref name="values"/> has at most the width (the rest is missing).</summary>
    public void Add(int stratum, ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stratum);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stratum, _strata);
        if (values.Length > _width)
        {
            throw new ArgumentException($"{values.Length} values, but rows are {_width} wide.", nameof(values));
        }

        if (Count == _stratumOf.Length)
        {
            Array.Resize(ref _stratumOf, Count * 2);
            Array.Resize(ref _values, _stratumOf.Length * _stride);
        }

        var row = _values.AsSpan(Count * _stride, _stride);
        row.Fill(float.NaN);
        for (var k = 0; k < values.Length; k++)
        {
            row[k] = (float)values[k];
        }

        _stratumOf[Count] = stratum;
        Count++;
    }

    /// <summary>
    /// Intervals for every column: <c>[stratum][column]</c> for each stratum, and index
    /// <c>[strata]</c> for the pooled means. A mean with no present value in a resample is NaN there
    /// and left out (see <see cref="BootstrapInterval.ValidResamples"/>); the estimate is the mean on
    /// the rows as added (NaN when no value is present).
    /// </summary>
    public BootstrapInterval[][] Run(ulong seed, int resamples = PercentileBootstrap.DefaultResamples, double level = ConfidenceInterval.DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        ConfidenceInterval.CheckLevel(level);
        var groups = _strata + 1;
        var n = Count;
        var members = new int[_strata][];
        for (var s = 0; s < _strata; s++)
        {
            var list = new List<int>();
            for (var i = 0; i < n; i++)
            {
                if (_stratumOf[i] == s)
                {
                    list.Add(i);
                }
            }

            members[s] = [.. list];
        }

        var replicates = new double[groups * _width][];
        for (var g = 0; g < replicates.Length; g++)
        {
            replicates[g] = new double[resamples];
        }

        var sums = new double[groups * _stride];
        var counts = new double[groups * _stride];
        var nextSums = new double[groups * _stride];
        var nextCounts = new double[groups * _stride];
        var draws = new int[n];
        var nextDraws = new int[n];
        var none = new int[n]; // the second resample of a pass that has only one
        var random = new Xoshiro256StarStar(seed);
        void Draw(int[] into)
        {
            Array.Clear(into);
            for (var i = 0; i < n; i++)
            {
                var stratum = members[_stratumOf[i]];
                into[stratum[random.NextInt(stratum.Length)]]++;
            }
        }

        void Record(int b, double[] sumsOf, double[] countsOf)
        {
            for (var s = 0; s < groups; s++)
            {
                for (var k = 0; k < _width; k++)
                {
                    var at = (s * _stride) + k;
                    replicates[(s * _width) + k][b] = countsOf[at] > 0 ? sumsOf[at] / countsOf[at] : double.NaN;
                }
            }
        }

        // Two resamples per pass over the rows (their draws made one after the other, as before), so the rows are read
        // half as often; each resample's sums still take their terms in the order the respondents were added.
        for (var b = 0; b < resamples; b += 2)
        {
            Draw(draws);
            var pair = b + 1 < resamples;
            if (pair)
            {
                Draw(nextDraws);
            }

            Accumulate(draws, pair ? nextDraws : none, sums, counts, nextSums, nextCounts);
            Record(b, sums, counts);
            if (pair)
            {
                Record(b + 1, nextSums, nextCounts);
            }
        }

        var ones = new int[n];
        Array.Fill(ones, 1);
        Accumulate(ones, none, sums, counts, nextSums, nextCounts);
        var result = new BootstrapInterval[groups][];
        for (var s = 0; s < groups; s++)
        {
            result[s] = new BootstrapInterval[_width];
            for (var k = 0; k < _width; k++)
            {
                var at = (s * _stride) + k;
                result[s][k] = PercentileBootstrap.Summarise(counts[at] > 0 ? sums[at] / counts[at] : double.NaN, replicates[(s * _width) + k], level);
            }
        }

        return result;
    }

    // Sums and counts per (stratum, column) for two resamples in one pass over the rows, each respondent weighted by its
    // draw count in each, then pooled into the last group. A resample whose weights are all zero adds nothing, so a pass
    // with one resample passes zeros as the second.
    private void Accumulate(int[] first, int[] second, double[] firstSums, double[] firstCounts, double[] secondSums, double[] secondCounts)
    {
        Array.Clear(firstSums);
        Array.Clear(firstCounts);
        Array.Clear(secondSums);
        Array.Clear(secondCounts);
        if (Vector256.IsHardwareAccelerated)
        {
            AccumulateVectors(first, second, firstSums, firstCounts, secondSums, secondCounts);
        }
        else
        {
            AccumulateScalars(first, firstSums, firstCounts);
            AccumulateScalars(second, secondSums, secondCounts);
        }

        Pool(firstSums, firstCounts);
        Pool(secondSums, secondCounts);
    }

    private void Pool(double[] sums, double[] counts)
    {
        var pooled = _strata * _stride;
        for (var s = 0; s < _strata; s++)
        {
            for (var k = 0; k < _width; k++)
            {
                sums[pooled + k] += sums[(s * _stride) + k];
                counts[pooled + k] += counts[(s * _stride) + k];
            }
        }
    }

    private void AccumulateScalars(int[] weights, double[] sums, double[] counts)
    {
        var values = _values;
        for (var j = 0; j < Count; j++)
        {
            var weight = weights[j];
            if (weight == 0)
            {
                continue;
            }

            var row = j * _stride;
            var group = _stratumOf[j] * _stride;
            for (var k = 0; k < _width; k++)
            {
                var v = values[row + k];
                if (!float.IsNaN(v))
                {
                    sums[group + k] += weight * (double)v;
                    counts[group + k] += weight;
                }
            }
        }
    }

    // The scalar loop four columns at a time, for both resamples while the row is loaded, without branches on missing
    // values: a lane whose value is NaN keeps its sum and count (a select, not an add of zero), every other lane does
    // exactly the scalar multiply and add.
    private void AccumulateVectors(int[] first, int[] second, double[] firstSums, double[] firstCounts, double[] secondSums, double[] secondCounts)
    {
        ref var values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var sum1 = ref MemoryMarshal.GetArrayDataReference(firstSums);
        ref var count1 = ref MemoryMarshal.GetArrayDataReference(firstCounts);
        ref var sum2 = ref MemoryMarshal.GetArrayDataReference(secondSums);
        ref var count2 = ref MemoryMarshal.GetArrayDataReference(secondCounts);
        var stride = (nuint)_stride;
        for (var j = 0; j < Count; j++)
        {
            var a = first[j];
            var b = second[j];
            if ((a | b) == 0)
            {
                continue;
            }

            var wa = Vector256.Create((double)a);
            var wb = Vector256.Create((double)b);
            var row = (nuint)j * stride;
            var group = (nuint)_stratumOf[j] * stride;
            for (nuint k = 0; k < stride; k += Lane)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref values, row + k));
                if (a != 0)
                {
                    AddLanes(ref sum1, ref count1, group + k, low, wa);
                    AddLanes(ref sum1, ref count1, group + k + (Lane / 2), high, wa);
                }

                if (b != 0)
                {
                    AddLanes(ref sum2, ref count2, group + k, low, wb);
                    AddLanes(ref sum2, ref count2, group + k + (Lane / 2), high, wb);
                }
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
}
