using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Scoring.Sensitivity;

/// <summary>
/// One Monte Carlo draw: dimension weights (summing to 1, in the model's dimension order), stage
/// weights (one per stage option, non-decreasing, within 0–100) and the cut-off rule.
/// </summary>
public sealed record SensitivityDraw(int Index, IReadOnlyList<double> DimensionWeights, IReadOnlyList<double> StageWeights, CutoffRule Cutoffs);

/// <summary>
/// The seeded stream of draws the analysis uses; exposed so the perturbations can be inspected. Each
/// draw takes from one <see cref="Xoshiro256StarStar"/>, in this order:
/// <list type="number">
/// <item>dimension weights: Dirichlet(c·w), w the configured weights scaled to sum 1 (skipped, and w
/// used as is, when c is +∞);</item>
/// <item>stage weights: for each stage in order, wₛ + j·(2u − 1) with u = NextDouble(), clamped to
/// 0–100; the perturbed values are then sorted ascending, so they stay in order (only needed where
/// configured weights are closer than 2j);</item>
/// <item>cut-off rule: u = NextDouble(); fixed when the model has both fixed values and u &lt; p,
/// otherwise median (u is drawn either way).</item>
/// </list>
/// </summary>
public sealed class SensitivityDrawGenerator
{
    private readonly Xoshiro256StarStar _random;
    private readonly SensitivityOptions _options;
    private readonly double[] _weights;
    private readonly double[] _alpha;
    private readonly double[] _stages;
    private readonly CutoffRule _median = new() { Method = CutoffMethod.Median };
    private readonly CutoffRule? _fixed;
    private int _index;

    public SensitivityDrawGenerator(ScoringModel model, ulong seed, SensitivityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new SensitivityOptions();
        _options.Check();
        if (model.Dimensions.Count == 0 || model.Dimensions.Any(d => !(d.Weight > 0) || !double.IsFinite(d.Weight)))
        {
            throw new ArgumentException("The model needs at least one dimension, each with a positive weight.", nameof(model));
        }

        _random = new Xoshiro256StarStar(seed);
        var total = model.Dimensions.Sum(d => d.Weight);
        _weights = [.. model.Dimensions.Select(d => d.Weight / total)];
        _alpha = [.. _weights.Select(w => _options.Concentration * w)];
        _stages = [.. model.Jtbd?.StageWeights ?? []];
        if (model.Jtbd?.Cutoffs is { Opportunity: { } opportunity, Adoption: { } adoption })
        {
            _fixed = new CutoffRule { Method = CutoffMethod.Fixed, Opportunity = opportunity, Adoption = adoption };
        }
    }

    public SensitivityDraw Next()
    {
        var weights = double.IsPositiveInfinity(_options.Concentration)
            ? (double[])_weights.Clone()
            : RandomVariates.Dirichlet(_random, _alpha);

        var stages = new double[_stages.Length];
        for (var s = 0; s < stages.Length; s++)
        {
            var shift = _options.StageJitter * ((2 * _random.NextDouble()) - 1);
            stages[s] = Math.Clamp(_stages[s] + shift, 0, 100);
        }

        Array.Sort(stages);
        var u = _random.NextDouble();
        var cutoffs = _fixed is not null && u < _options.FixedCutoffProbability ? _fixed : _median;
        return new SensitivityDraw(_index++, weights, stages, cutoffs);
    }
}
