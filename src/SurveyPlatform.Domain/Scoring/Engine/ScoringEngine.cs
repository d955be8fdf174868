using System.Diagnostics;
using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Descriptives;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Scoring.Sensitivity;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Scoring.Engine;

/// <summary>What a run fixes besides the model: the seed of every random draw and how many draws.</summary>
public sealed record ScoringEngineOptions
{
    public ulong Seed { get; init; }

    public int Resamples { get; init; } = PercentileBootstrap.DefaultResamples;

    public int SensitivityDraws { get; init; } = 1000;
}

/// <summary>
/// The results document and every respondent's scores, in the order the responses were added. The
/// respondents are read from the engine's spill stream when enumerated: enumerate them before that
/// stream is disposed, from one thread.
/// </summary>
public sealed record ScoringOutcome(ScoringResults Results, IReadOnlyList<RespondentResult> Respondents);

/// <summary>
/// The scoring engine: add each response once (a stream), then <see cref="Finish()"/> computes the
/// statistics, intervals, sensitivity analysis, benchmarks and weighting, applies small-group
/// suppression, and returns the results. Pure and deterministic: the same responses in the same order
/// with the same model and options give the same outcome.
/// <para>
/// Memory does not grow with the number of responses. Answers are never held; everything the results
/// document needs is accumulated as each response is added: moments and counts of distinct values
/// (exact medians and percentile ranks; <see cref="ValueDistribution"/>), a Poisson bootstrap with
/// one running sum per resample (<see cref="PoissonMeansBootstrap"/>), each respondent's maturity
/// stability (<see cref="MaturityStability"/>: the sensitivity draws' weights do not depend on the
/// data) and weighting groups by category combination. What each respondent's own row needs until it
/// is stored (id, segment, scores, stability tally, weighting group: about 90 bytes) goes to a spill
/// stream, a temporary file in the scoring job.
/// </para>
/// </summary>
public sealed class ScoringEngine
{
    /// <summary>Recorded in every run; raise it whenever a change here can change a number.</summary>
    public const string Version = "3.0.0";

    private readonly SurveyDefinition _definition;
    private readonly CompiledScoringModel? _model;
    private readonly ScoringEngineOptions _options;
    private readonly string _inputHash;
    private readonly int? _modelVersion;
    private readonly List<string> _segments = [];
    private readonly ResolvedSegment[] _resolvedSegments = [];
    private readonly Dictionary<string, ValueDistribution> _items = new(StringComparer.OrdinalIgnoreCase);
    private readonly QuestionDescriptives _descriptives;
    private readonly JtbdIndexBuilder? _jtbd;
    private readonly PoissonMeansBootstrap? _bootstrap;
    private readonly MaturityStability? _stability;
    private readonly RespondentWriter _respondents;
    private readonly ValueDistribution _overall = new();
    private readonly ValueDistribution[] _dimensionScores = [];
    private readonly ValueDistribution[] _segmentOverall = [];
    private readonly ValueDistribution[][] _segmentDimensions = [];
    private readonly int[] _segmentCounts = [];
    private readonly IReadOnlyList<MaturityBand> _bands = [];
    private readonly int[] _maturityCounts = [];
    private readonly WeightingGroups? _weighting;
    private readonly double[] _row;
    private readonly double[] _dimensionRow;
    private readonly int _dimensionCount;
    private readonly int _maxRows;

    /// <param name="spill">
    /// Where each respondent's row waits to be stored (readable, writable, seekable; emptied first; the
    /// caller disposes it after enumerating <see cref="ScoringOutcome.Respondents"/>). Null: memory.
    /// </param>
    public ScoringEngine(SurveyDefinition definition, CompiledScoringModel? model, ScoringEngineOptions options, string inputHash, int? modelVersion = null, Stream? spill = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputHash);
        _definition = definition;
        _model = model;
        _options = options;
        _inputHash = inputHash;
        _modelVersion = modelVersion;
        _descriptives = new QuestionDescriptives(definition);
        _dimensionCount = model?.Model.Dimensions.Count ?? 0;
        _dimensionRow = new double[_dimensionCount];
        if (model is not null && _dimensionCount > 0)
        {
            _stability = new MaturityStability(model.Model, SensitivitySeed(options.Seed), new SensitivityOptions { Draws = options.SensitivityDraws });
        }

        _respondents = new RespondentWriter(new RespondentSpill(spill ?? new MemoryStream(), _dimensionCount), _stability, _dimensionCount);
        if (model is null)
        {
            _row = [];
            return;
        }

        foreach (var item in model.Model.Items)
        {
            _items[item.Key] = new ValueDistribution();
        }

        if (model.Model.Weighting.Count > 0)
        {
            _weighting = new WeightingGroups(model.Model.Weighting.Count, _dimensionCount);
        }

        if (model.Model.Jtbd is { } jtbd)
        {
            _jtbd = model.NewJtbdIndex();
            _segments.AddRange(jtbd.Segments.Select(s => s.Segment));
            _resolvedSegments = [.. _segments.Select(model.Resolved)];
            _maxRows = model.Model.Jtbd.Segments.Count == 0 ? 0 : _jtbd.Build().Segments.Max(s => s.Rows.Count);
        }

        _dimensionScores = [.. Enumerable.Range(0, _dimensionCount).Select(_ => new ValueDistribution())];
        _segmentOverall = [.. _segments.Select(_ => new ValueDistribution())];
        _segmentDimensions = [.. _segments.Select(_ => Enumerable.Range(0, _dimensionCount).Select(_ => new ValueDistribution()).ToArray())];
        _segmentCounts = new int[_segments.Count];
        _bands = model.OrderedBands;
        _maturityCounts = new int[_bands.Count];

        // Bootstrap row: overall, each dimension, then per JTBD row of the respondent's segment its stage weight and opportunity.
        _row = new double[1 + _dimensionCount + (2 * _maxRows)];
        _bootstrap = new PoissonMeansBootstrap(_row.Length, _segments.Count + 1, options.Seed, options.Resamples);
    }

    public int Count => _respondents.Count;

    /// <summary>Registers a published version, so a response to it is counted as having seen a question by that version's conditions.</summary>
    public void AddVersion(int number, SurveyDefinition definition) => _descriptives.AddVersion(number, definition);

    public void Add(Guid responseId, IReadOnlyDictionary<string, string> answers) => Add(responseId, answers, version: null);

    /// <param name="version">The version the response answered (see <see cref="AddVersion"/>).</param>
    public void Add(Guid responseId, IReadOnlyDictionary<string, string> answers, int? version)
    {
        ArgumentNullException.ThrowIfNull(answers);
        _descriptives.Add(answers, version);
        if (_model is null)
        {
            _respondents.Add(responseId, -1, double.NaN, [], -1);
            return;
        }

        var score = _model.Score(answers);
        foreach (var (key, value) in score.Items)
        {
            if (value is { } v)
            {
                _items[key].Add(v);
            }
        }

        var segment = -1;
        for (var s = 0; score.Segment is { } code && s < _segments.Count; s++)
        {
            if (string.Equals(_segments[s], code, StringComparison.OrdinalIgnoreCase))
            {
                segment = s;
                break;
            }
        }

        var overall = score.Overall.Score ?? double.NaN;
        if (segment >= 0)
        {
            _segmentCounts[segment]++;
        }

        if (!double.IsNaN(overall))
        {
            _overall.Add(overall);
            if (segment >= 0)
            {
                _segmentOverall[segment].Add(overall);
            }
        }

        for (var d = 0; d < _dimensionCount; d++)
        {
            var value = score.Dimensions[d].Score ?? double.NaN;
            _dimensionRow[d] = value;
            if (!double.IsNaN(value))
            {
                _dimensionScores[d].Add(value);
                if (segment >= 0)
                {
                    _segmentDimensions[segment][d].Add(value);
                }
            }
        }

        if (score.Maturity is { } level)
        {
            for (var b = 0; b < _bands.Count; b++)
            {
                if (_bands[b].Name == level)
                {
                    _maturityCounts[b]++;
                    break;
                }
            }
        }

        _jtbd?.Add(answers);

        Array.Fill(_row, double.NaN);
        _row[0] = overall;
        _dimensionRow.CopyTo(_row.AsSpan(1));
        if (segment >= 0)
        {
            FillJtbdRow(answers, segment);
        }

        _bootstrap!.Add(segment >= 0 ? segment : _segments.Count, _row);

        var group = _weighting?.Add(_model.Model.Weighting, answers, overall, _dimensionRow) ?? -1;
        _respondents.Add(responseId, segment, overall, _dimensionRow, group);
    }

    private static ulong SensitivitySeed(ulong seed) => seed ^ 0x5EED5EED5EED5EEDUL;

    private void FillJtbdRow(IReadOnlyDictionary<string, string> answers, int segment)
    {
        var jtbd = _model!.Model.Jtbd!;
        var resolved = _resolvedSegments[segment];
        var offset = 1 + _dimensionCount;
        for (var r = 0; r < resolved.StageKeys.Length; r++)
        {
            if (CompiledScoringModel.StageIndex(resolved.Stage, CompiledScoringModel.Value(answers, resolved.StageKeys[r])) is { } index && index < jtbd.StageWeights.Count)
            {
                _row[offset + (2 * r)] = jtbd.StageWeights[index];
            }

            if (ScoringMath.Opportunity(
                    CompiledScoringModel.MatrixCellAt(resolved.Pain, answers, resolved.PainKeys[r]),
                    CompiledScoringModel.MatrixCellAt(resolved.Manual, answers, resolved.ManualKeys[r])) is { } opportunity)
            {
                _row[offset + (2 * r) + 1] = opportunity;
            }
        }
    }

    public ScoringOutcome Finish() => Finish(null);

    /// <summary>As <see cref="Finish()"/>, reporting how long each step took to <paramref name="phase"/> (for the benchmark's profile; no effect on results).</summary>
    public ScoringOutcome Finish(Action<string, TimeSpan>? phase)
    {
        var mark = Stopwatch.GetTimestamp();
        void Mark(string step)
        {
            if (phase is not null)
            {
                phase(step, Stopwatch.GetElapsedTime(mark));
                mark = Stopwatch.GetTimestamp();
            }
        }

        var n = Count;
        var policy = new SuppressionPolicy(_model?.Model.SuppressionK ?? SuppressionPolicy.DefaultK);
        var results = new ScoringResults
        {
            EngineVersion = Version,
            ModelVersion = _modelVersion,
            ModelHash = _model?.Hash,
            InputHash = _inputHash,
            Seed = _options.Seed.ToString(CultureInfo.InvariantCulture),
            Resamples = _options.Resamples,
            K = policy.K,
            Responses = n,
        };
        var questions = _descriptives.Finish(policy);
        results = results with
        {
            Questions = questions,
            Options = [.. questions.Where(q => q.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.YesNo).Select(q => q.Shares!)],
        };

        var spill = _respondents.Complete();
        if (_model is null || n == 0)
        {
            return new ScoringOutcome(results, new IndexedList<RespondentResult>(n, i => new RespondentResult(spill.Read(i, []).Id, null, null, null, [], null, null, null, null)));
        }

        var model = _model.Model;

        // Only the JTBD half of the sensitivity analysis is left (the respondents' half was tallied as they were added);
        // it runs while the bootstrap sums its last batch on another thread.
        var sensitivity = _stability is null ? null : SensitivityAnalysis.Run(
            model, null, _jtbd, SensitivitySeed(_options.Seed), new SensitivityOptions { Draws = _options.SensitivityDraws });
        Mark("sensitivity (JTBD draws)");
        var benchmarks = Benchmark(policy);
        Mark("benchmarks");
        var weighting = Weight(policy);
        Mark("weighting");
        var intervals = _bootstrap!.Finish();
        Mark("bootstrap (its last batch and the intervals)");

        var pooled = intervals[^1]; // after the segments and the no-segment stratum
        var overallTotal = Summary(_overall, pooled[0], policy);
        var dimensions = model.Dimensions.Select((d, i) => new DimensionFigure(d.Name, d.Weight, Summary(_dimensionScores[i], pooled[1 + i], policy))).ToList();
        Mark("overall and dimension summaries");

        results = results with
        {
            Overall = overallTotal,
            Dimensions = dimensions,
            Maturity = QuestionDescriptives.Shares("maturity", "respondents with an overall score", _maturityCounts.Sum(), [.. _bands.Select((b, i) => (b.Name, b.Name, _maturityCounts[i]))], policy),
            Segments = SegmentFigures(policy, overallTotal.Suppressed is null),
            Items = [.. model.Items.Select(i => new ItemFigure(i.Key, Summary(_items[i.Key], null, policy)))],
            Jtbd = _jtbd is null ? null : JtbdResults(intervals, sensitivity, policy),
            Sensitivity = sensitivity is null ? null : new SensitivitySummary(
                sensitivity.Options.Draws,
                sensitivity.Options.Concentration,
                sensitivity.Options.StageJitter,
                sensitivity.Options.FixedCutoffProbability,
                sensitivity.Options.RobustShare,
                policy.Allows(n) ? _respondents.StabilitySum / n : null,
                _stability!.Levels),
            Benchmarks = benchmarks,
            Weighting = weighting.Results,
        };
        Mark("results document (maturity, segments, items, JTBD)");

        var respondents = RespondentRows(spill, n, model.Bands, policy, benchmarks is not null, weighting.Weights);
        Mark("respondent rows");
        return new ScoringOutcome(results, respondents);
    }

    /// <summary>
    /// Every respondent's row as a view over the spill: a row is read and built when it is asked for, its
    /// percentile ranks looked up in the distributions of its reference groups, so the store writes n rows
    /// without n of anything in memory.
    /// </summary>
    private IndexedList<RespondentResult> RespondentRows(
        RespondentSpill spill, int n, IReadOnlyList<MaturityBand> bands, SuppressionPolicy policy, bool benchmarked, IReadOnlyList<double>? weights)
    {
        var segments = _segments;
        var dimensionCount = _dimensionCount;
        var draws = _stability?.Draws ?? 0;
        ValueDistribution[] all = [_overall, .. _dimensionScores];
        ValueDistribution[][] within = [.. _segments.Select((_, s) => (ValueDistribution[])[_segmentOverall[s], .. _segmentDimensions[s]])];
        foreach (var distribution in all.Concat(within.SelectMany(x => x)))
        {
            distribution.Seal();
        }

        // Measure m (0: overall, 1 + d: dimension d): the rank among all and within the segment, null where there is none.
        double? Rank(ValueDistribution distribution, double value) =>
            !double.IsNaN(value) && policy.Allows(distribution.N) ? distribution.PercentileRank(value) : null;
        double? Within(int segment, int m, double value) => segment >= 0 ? Rank(within[segment][m], value) : null;

        return new IndexedList<RespondentResult>(n, i =>
        {
            var scores = new double[dimensionCount];
            var row = spill.Read(i, scores);
            var overall = Present(row.Overall);
            return new RespondentResult(
                row.Id,
                row.Segment >= 0 ? segments[row.Segment] : null,
                overall,
                ScoringMath.Maturity(overall, bands),
                [.. scores.Select(Present)],
                benchmarked ? Within(row.Segment, 0, row.Overall) : null,
                benchmarked ? Rank(all[0], row.Overall) : null,
                row.Baseline < 0 ? null : (double)row.Same / draws,
                weights is null || row.Group < 0 ? null : weights[row.Group])
            {
                DimensionPercentilesInSegment = benchmarked ? [.. scores.Select((v, d) => Within(row.Segment, 1 + d, v))] : [],
                DimensionPercentilesOverall = benchmarked ? [.. scores.Select((v, d) => Rank(all[1 + d], v))] : [],
            };
        });
    }

    private static double? Present(double value) => double.IsNaN(value) ? null : value;

    /// <summary>n, mean, SD, median and t-interval of the present values, with the bootstrap interval; suppressed below k.</summary>
    private static Figure Summary(ValueDistribution values, BootstrapInterval? bootstrap, SuppressionPolicy policy) =>
        policy.Allows(values.N) ? Published(values.Statistics(), bootstrap) : Figure.SuppressedAs(policy.BelowKLabel);

    private static Figure Published(ItemStatistics stats, BootstrapInterval? bootstrap) => new()
    {
        N = stats.N,
        Mean = stats.Mean,
        StandardDeviation = stats.StandardDeviation,
        Median = stats.Median,
        TInterval = stats.MeanInterval is { } t ? new Bounds(t.Lower, t.Upper) : null,
        Bootstrap = bootstrap?.Interval is { } b ? new Bounds(b.Lower, b.Upper) : null,
    };

    private List<SegmentFigure> SegmentFigures(SuppressionPolicy policy, bool totalPublished)
    {
        if (_segments.Count == 0)
        {
            return [];
        }

        var model = _model!.Model;
        var groups = _segments.Select((s, i) => new GroupValue<int, int>(i, _segmentCounts[i], i)).ToList();
        var published = Suppression.ApplyToPartition(groups, policy, totalPublished);
        var result = new List<SegmentFigure>();
        foreach (var group in published)
        {
            var s = group.Key;
            var label = Label(model.Jtbd!.SegmentQuestion, _segments[s]);
            if (!group.Figure.IsPublished)
            {
                var marker = Figure.SuppressedAs(group.Figure.Label);
                result.Add(new SegmentFigure(_segments[s], label, marker, [.. model.Dimensions.Select(d => new DimensionFigure(d.Name, d.Weight, marker))]) { Suppressed = group.Figure.Label });
                continue;
            }

            result.Add(new SegmentFigure(
                _segments[s],
                label,
                Summary(_segmentOverall[s], null, policy),
                [.. model.Dimensions.Select((d, di) => new DimensionFigure(d.Name, d.Weight, Summary(_segmentDimensions[s][di], null, policy)))])
            { N = _segmentCounts[s] });
        }

        return result;
    }

    private JtbdResults JtbdResults(BootstrapInterval[][] intervals, SensitivityResult? sensitivity, SuppressionPolicy policy)
    {
        var index = _jtbd!.Build();
        var groups = index.Segments.Select((s, i) => new GroupValue<int, int>(i, s.Respondents, i)).ToList();
        var published = Suppression.ApplyToPartition(groups, policy, policy.Allows(_segmentCounts.Sum()));
        var segments = new List<JtbdSegmentResult>();
        var jtbd = _model!.Model.Jtbd!;
        for (var s = 0; s < index.Segments.Count; s++)
        {
            var segment = index.Segments[s];
            var label = Label(jtbd.SegmentQuestion, segment.Segment);
            var figure = published[s].Figure;
            if (!figure.IsPublished)
            {
                segments.Add(new JtbdSegmentResult(segment.Segment, label, segment.CutoffMethod.ToString(), null, null, []) { Suppressed = figure.Label });
                continue;
            }

            var rowSensitivity = sensitivity?.Segments.FirstOrDefault(x => x.Segment == segment.Segment)?.Rows;
            var rows = new List<JtbdRowResult>();
            for (var r = 0; r < segment.Rows.Count; r++)
            {
                var row = segment.Rows[r];
                var offset = 1 + _dimensionCount + (2 * r);
                var adoption = RowFigure(row.Adoption, row.AdoptionN, intervals[s][offset], policy);
                var opportunity = RowFigure(row.Opportunity, row.OpportunityN, intervals[s][offset + 1], policy);
                var conversion = RowFigure(row.Conversion, row.ConversionN, null, policy);
                var published2 = adoption.Suppressed is null && opportunity.Suppressed is null;
                var sens = rowSensitivity?.FirstOrDefault(x => x.Row == row.Row);
                rows.Add(new JtbdRowResult(row.Row, row.Label, adoption, opportunity, conversion, published2 ? row.Quadrant?.Label() : null)
                {
                    Sensitivity = published2 && sens is not null
                        ? new JtbdRowSensitivityFigure(
                            sens.Quadrants.BestTargets, sens.Quadrants.ValidatedButCompetitive, sens.Quadrants.CrowdedSmallUpside, sens.Quadrants.AvoidForNow, sens.Quadrants.None,
                            sens.BaselineQuadrantShare, sens.Robust, sens.BaselineRank, sens.Rank?.Median, sens.Rank?.P5, sens.Rank?.P95)
                        : null,
                });
            }

            segments.Add(new JtbdSegmentResult(segment.Segment, label, segment.CutoffMethod.ToString(), segment.OpportunityCutoff, segment.AdoptionCutoff, rows)
            {
                Respondents = segment.Respondents,
                Conversion = Conversion(segment.Conversion, policy),
            });
        }

        return new JtbdResults(segments, Conversion(index.Conversion, policy));
    }

    private static Figure RowFigure(double? estimate, int n, BootstrapInterval? interval, SuppressionPolicy policy) =>
        !policy.Allows(n)
            ? Figure.SuppressedAs(policy.BelowKLabel)
            : new Figure { N = n, Mean = estimate, Bootstrap = interval?.Interval is { } b ? new Bounds(b.Lower, b.Upper) : null };

    private static ConversionFigure Conversion(PocConversion conversion, SuppressionPolicy policy) =>
        policy.Allows(conversion.N)
            ? new ConversionFigure(conversion.Rate, conversion.N, null)
            : new ConversionFigure(null, null, policy.BelowKLabel);

    /// <summary>The benchmark groups (the respondents' ranks are looked up per row); null without distinct dimension names.</summary>
    private BenchmarkSummary? Benchmark(SuppressionPolicy policy)
    {
        var model = _model!.Model;
        if (_dimensionCount == 0 || model.Dimensions.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != _dimensionCount)
        {
            return null;
        }

        var scored = _overall.N;
        var groups = new List<BenchmarkGroup> { new("all organisations", policy.Allows(scored) ? scored : null, policy.Allows(scored)) };
        for (var s = 0; s < _segments.Count; s++)
        {
            var count = _segmentOverall[s].N;
            groups.Add(new BenchmarkGroup(_segments[s], policy.Allows(count) ? count : null, policy.Allows(count)));
        }

        return new BenchmarkSummary(policy.K, groups);
    }

    private (WeightingResults? Results, IReadOnlyList<double>? Weights) Weight(SuppressionPolicy policy)
    {
        var targets = _model!.Model.Weighting;
        if (_weighting is null)
        {
            return (null, null);
        }

        var variables = targets.Select((t, w) => new RakingVariable(
            t.Question,
            _weighting.Categories(w),
            t.Margins.ToDictionary(m => m.Key.ToLowerInvariant(), m => m.Value, StringComparer.Ordinal))).ToList();
        RakingResult raked;
        try
        {
            raked = Raking.Rake(variables, _weighting.Frequencies);
        }
        catch (ArgumentException e)
        {
            var none = Figure.SuppressedAs("not weighted");
            return (new WeightingResults([.. targets.Select(t => t.Question)], false, 0, 0, 0, none, []) { Error = e.Message }, null);
        }

        var weights = raked.Weights;
        Figure Weighted(int measure)
        {
            var (mean, present) = _weighting.WeightedMean(weights, measure);
            return policy.Allows(present) ? new Figure { N = present, Mean = mean } : Figure.SuppressedAs(policy.BelowKLabel);
        }

        var model = _model.Model;
        return (new WeightingResults(
            [.. targets.Select(t => t.Question)],
            raked.Converged,
            raked.Iterations,
            raked.MaxShareError,
            raked.EffectiveSampleSize,
            Weighted(0),
            [.. model.Dimensions.Select((d, di) => new DimensionFigure(d.Name, d.Weight, Weighted(1 + di)))]), weights);
    }

    private string Label(string question, string code) =>
        _definition.Find(question)?.Options.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase))?.Label ?? code;

    /// <summary>
    /// Respondents grouped by their (lower-cased) answers to the weighting questions: raking gives every
    /// respondent of a group the same weight, so it rakes the groups with their sizes, and each group keeps
    /// the sums and counts of overall and dimension scores for the weighted means. Grows with the number of
    /// category combinations, not with n.
    /// </summary>
    private sealed class WeightingGroups(int variables, int dimensions)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string?[]> _categories = [];
        private readonly List<int> _sizes = [];
        private readonly List<double[]> _sums = [];
        private readonly List<int[]> _present = [];
        private readonly string?[] _current = new string?[variables];
        private readonly System.Text.StringBuilder _key = new();

        public IReadOnlyList<int> Frequencies => _sizes;

        public IReadOnlyList<string?> Categories(int variable) => [.. _categories.Select(c => c[variable])];

        /// <summary>The respondent's group (made when new), with its overall and dimension scores (NaN: missing) added.</summary>
        public int Add(IReadOnlyList<WeightingTarget> targets, IReadOnlyDictionary<string, string> answers, double overall, ReadOnlySpan<double> scores)
        {
            _key.Clear();
            for (var w = 0; w < variables; w++)
            {
                var value = CompiledScoringModel.Value(answers, targets[w].Question)?.ToLowerInvariant();
                _current[w] = value;
                // Length-prefixed, so no two combinations share a key.
                _key.Append(value is null ? "-" : value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
            }

            var key = _key.ToString();
            if (!_index.TryGetValue(key, out var group))
            {
                group = _sizes.Count;
                _index[key] = group;
                _categories.Add([.. _current]);
                _sizes.Add(0);
                _sums.Add(new double[1 + dimensions]);
                _present.Add(new int[1 + dimensions]);
            }

            _sizes[group]++;
            Accumulate(group, 0, overall);
            for (var d = 0; d < dimensions; d++)
            {
                Accumulate(group, 1 + d, scores[d]);
            }

            return group;
        }

        /// <summary>Σ wx / Σ w over the respondents with measure m (0: overall, 1 + d: dimension d), and how many they are.</summary>
        public (double? Mean, int Present) WeightedMean(IReadOnlyList<double> weights, int measure)
        {
            double sum = 0, total = 0;
            var present = 0;
            for (var g = 0; g < _sizes.Count; g++)
            {
                sum += weights[g] * _sums[g][measure];
                total += weights[g] * _present[g][measure];
                present += _present[g][measure];
            }

            return (total > 0 ? sum / total : null, present);
        }

        private void Accumulate(int group, int measure, double value)
        {
            if (!double.IsNaN(value))
            {
                _sums[group][measure] += value;
                _present[group][measure]++;
            }
        }
    }
}
