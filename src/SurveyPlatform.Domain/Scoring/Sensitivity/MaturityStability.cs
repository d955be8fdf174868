using System.Numerics;
using System.Runtime.Intrinsics;
using SurveyPlatform.Domain.Scoring.Model;

namespace SurveyPlatform.Domain.Scoring.Sensitivity;

/// <summary>
/// One respondent's maturity stability under the sensitivity analysis's perturbed dimension weights,
/// computed from that respondent's dimension scores alone: the draws' dimension weights do not depend
/// on any response (draw d's are those <see cref="SensitivityDrawGenerator"/> gives d-th for the same
/// model, seed and options), so a respondent can be tallied as soon as it is scored and need not be
/// kept. For each draw the overall score is recomputed as <see cref="SensitivityAnalysis.Overall"/>
/// does and its band found as <see cref="ScoringMath.Maturity"/> does.
/// </summary>
public sealed class MaturityStability
{
    private readonly OverallAggregation _aggregation;
    private readonly double[] _configured;
    private readonly double[] _weights;
    private readonly double[] _from;
    private readonly double[] _to;
    private readonly int _dimensions;
    private readonly double[] _byDimension;
    private readonly int _lanes;

    private static readonly int Lane = Vector256<double>.Count;

    public MaturityStability(ScoringModel model, ulong seed, SensitivityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new SensitivityOptions();
        var generator = new SensitivityDrawGenerator(model, seed, options);
        _aggregation = model.Overall;
        _dimensions = model.Dimensions.Count;
        _configured = [.. model.Dimensions.Select(d => d.Weight)];
        Draws = options.Draws;
        _weights = new double[Draws * _dimensions];
        for (var d = 0; d < Draws; d++)
        {
            var weights = generator.Next().DimensionWeights;
            for (var i = 0; i < _dimensions; i++)
            {
                _weights[(d * _dimensions) + i] = weights[i];
            }
        }

        var bands = model.Bands.OrderBy(b => b.From).ToList();
        Levels = [.. bands.Select(b => b.Name)];
        _from = [.. bands.Select(b => b.From)];
        _to = [.. bands.Select(b => b.To)];

        // The same weights by dimension, Lane draws side by side, for the linear method's vector path.
        _lanes = (Draws + Lane - 1) / Lane * Lane;
        _byDimension = new double[_dimensions * _lanes];
        for (var d = 0; d < Draws; d++)
        {
            for (var i = 0; i < _dimensions; i++)
            {
                _byDimension[(i * _lanes) + d] = _weights[(d * _dimensions) + i];
            }
        }
    }

    public int Draws { get; }

    /// <summary>The maturity levels, lowest first (the order of <see cref="Tally"/>'s level counts).</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>
    /// Tallies one respondent (dimension scores in the model's order, NaN: missing): returns the
    /// number of draws whose level is the baseline level (the level under the configured weights,
    /// −1 for none, in <paramref name="baseline"/>), and adds each draw's level to
    /// <paramref name="levels"/> when it has room for every level.
    /// </summary>
    public int Tally(ReadOnlySpan<double> dimensions, Span<int> levels, out int baseline)
    {
        if (dimensions.Length != _dimensions)
        {
            throw new ArgumentException($"{dimensions.Length} dimensions, but the model has {_dimensions}.", nameof(dimensions));
        }

        baseline = BandOf(SensitivityAnalysis.Overall(dimensions, _configured, _aggregation));
        var count = levels.Length >= _from.Length;
        var scorable = SensitivityAnalysis.Scorable(dimensions, _aggregation);
        var linear = _aggregation.Method != AggregationMethod.Geometric;
        if (linear && scorable && Vector256.IsHardwareAccelerated)
        {
            return TallyLinear(dimensions, count ? levels : default, baseline);
        }

        ReadOnlySpan<double> all = _weights;
        var same = 0;
        for (var d = 0; d < Draws; d++)
        {
            var w = all.Slice(d * _dimensions, _dimensions);
            var overall = !scorable ? double.NaN : linear ? SensitivityAnalysis.Linear(dimensions, w) : SensitivityAnalysis.Overall(dimensions, w, _aggregation);
            var band = BandOf(overall);
            same += band == baseline ? 1 : 0;
            if (count && band >= 0)
            {
                levels[band]++;
            }
        }

        return same;
    }

    // Tally's linear case, Lane draws at a time: per lane the same operations in the same order as
    // SensitivityAnalysis.Linear (the present dimensions in order: total += w, sum += w × v; then sum / total, NaN when
    // total ≤ 0), then BandOf as masks, so every draw gets exactly the overall score and band the scalar loop gives.
    private int TallyLinear(ReadOnlySpan<double> dimensions, Span<int> levels, int baseline)
    {
        var bands = _from.Length;
        Span<int> perBand = stackalloc int[bands + 1]; // the last: no band
        var nan = Vector256.Create(double.NaN);
        var zero = Vector256<double>.Zero;
        for (var d = 0; d < _lanes; d += Lane)
        {
            var sum = zero;
            var total = zero;
            for (var i = 0; i < dimensions.Length; i++)
            {
                var v = dimensions[i];
                if (double.IsNaN(v))
                {
                    continue;
                }

                var w = Vector256.Create(_byDimension, (i * _lanes) + d);
                total += w;
                sum += w * Vector256.Create(v);
            }

            var overall = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(total, zero), nan, sum / total);
            var open = Vector256<double>.AllBitsSet;
            var real = Math.Min(Lane, Draws - d); // lanes past the last draw are not counted
            var lanes = (1u << real) - 1;
            for (var b = 0; b < bands; b++)
            {
                var inside = open & Vector256.GreaterThanOrEqual(overall, Vector256.Create(_from[b])) & Vector256.LessThan(overall, Vector256.Create(_to[b]));
                perBand[b] += BitOperations.PopCount(inside.ExtractMostSignificantBits() & lanes);
                open = Vector256.AndNot(open, inside);
            }

            if (bands > 0)
            {
                var top = open & Vector256.Equals(overall, Vector256.Create(_to[bands - 1]));
                perBand[bands - 1] += BitOperations.PopCount(top.ExtractMostSignificantBits() & lanes);
                open = Vector256.AndNot(open, top);
            }

            perBand[bands] += BitOperations.PopCount(open.ExtractMostSignificantBits() & lanes);
        }

        if (levels.Length >= bands)
        {
            for (var b = 0; b < bands; b++)
            {
                levels[b] += perBand[b];
            }
        }

        return baseline >= 0 ? perBand[baseline] : perBand[bands];
    }

    // The band index as ScoringMath.Maturity finds it (bands ordered by From; From ≤ s < To, the last also holds its To); −1 for none.
    private int BandOf(double score)
    {
        var bands = _from.Length;
        if (double.IsNaN(score) || bands == 0)
        {
            return -1;
        }

        for (var b = 0; b < bands; b++)
        {
            if (score >= _from[b] && score < _to[b])
            {
                return b;
            }
        }

        return score == _to[bands - 1] ? bands - 1 : -1;
    }
}
