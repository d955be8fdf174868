using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
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

/// <summary>The results document and every respondent's scores, in the order the responses were added.</summary>
public sealed record ScoringOutcome(ScoringResults Results, IReadOnlyList<RespondentResult> Respondents);

/// <summary>
/// The scoring engine: add each response once (a stream; memory grows only by the per-respondent
/// rows the bootstrap, sensitivity analysis and benchmarks need, never by answers), then
/// <see cref="Finish()"/> computes the statistics, intervals, sensitivity analysis, benchmarks and
/// weighting, applies small-group suppression, and returns the results. Pure and deterministic: the
/// same responses in the same order with the same model and options give the same outcome.
/// </summary>
public sealed class ScoringEngine
{
    /// <summary>Recorded in every run; raise it whenever a change here can change a number.</summary>
    public const string Version = "2.1.0";

    private readonly SurveyDefinition _definition;
    private readonly CompiledScoringModel? _model;
    private readonly ScoringEngineOptions _options;
    private readonly string _inputHash;
    private readonly int? _modelVersion;
    private readonly List<string> _segments = [];
    private readonly Dictionary<string, ItemAccumulator> _items = new(StringComparer.OrdinalIgnoreCase);
    private readonly QuestionDescriptives _descriptives;
    private readonly JtbdIndexBuilder? _jtbd;
    private readonly RespondentDimensions? _dimensions;
    private readonly StratifiedMeansBootstrap? _bootstrap;
    private readonly List<Guid> _responseIds = [];
    private readonly List<double> _overall = [];
    private readonly List<int> _segmentOf = [];
    private readonly CategoryColumn[] _weightingCategories;
    private readonly double[] _row;
    private readonly int _dimensionCount;
    private readonly int _maxRows;

    public ScoringEngine(SurveyDefinition definition, CompiledScoringModel? model, ScoringEngineOptions options, string inputHash, int? modelVersion = null)
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

        _weightingCategories = [.. (model?.Model.Weighting ?? []).Select(_ => new CategoryColumn())];
        if (model is null)
        {
            _row = [];
            return;
        }

        foreach (var item in model.Model.Items)
        {
            _items[item.Key] = new ItemAccumulator();
        }

        _dimensionCount = model.Model.Dimensions.Count;
        if (model.Model.Jtbd is { } jtbd)
        {
            _jtbd = model.NewJtbdIndex();
            _segments.AddRange(jtbd.Segments.Select(s => s.Segment));
            _maxRows = model.Model.Jtbd.Segments.Count == 0 ? 0 : _jtbd.Build().Segments.Max(s => s.Rows.Count);
        }

        if (_dimensionCount > 0)
        {
            _dimensions = new RespondentDimensions(_dimensionCount);
        }

        // Bootstrap row: overall, each dimension, then per JTBD row of the respondent's segment its stage weight and opportunity.
        _row = new double[1 + _dimensionCount + (2 * _maxRows)];
        _bootstrap = new StratifiedMeansBootstrap(_row.Length, _segments.Count + 1);
    }

    public int Count => _responseIds.Count;

    /// <summary>Registers a published version, so a response to it is counted as having seen a question by that version's conditions.</summary>
    public void AddVersion(int number, SurveyDefinition definition) => _descriptives.AddVersion(number, definition);

    public void Add(Guid responseId, IReadOnlyDictionary<string, string> answers) => Add(responseId, answers, version: null);

    /// <param name="version">The version the response answered (see <see cref="AddVersion"/>).</param>
    public void Add(Guid responseId, IReadOnlyDictionary<string, string> answers, int? version)
    {
        ArgumentNullException.ThrowIfNull(answers);
        _responseIds.Add(responseId);
        _descriptives.Add(answers, version);

        for (var w = 0; w < _weightingCategories.Length; w++)
        {
            _weightingCategories[w].Add(CompiledScoringModel.Value(answers, _model!.Model.Weighting[w].Question));
        }

        if (_model is null)
        {
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

        var segment = score.Segment is { } code ? _segments.FindIndex(s => string.Equals(s, code, StringComparison.OrdinalIgnoreCase)) : -1;
        _segmentOf.Add(segment);
        _overall.Add(score.Overall.Score ?? double.NaN);
        _dimensions?.Add(score);
        _jtbd?.Add(answers);

        Array.Fill(_row, double.NaN);
        _row[0] = score.Overall.Score ?? double.NaN;
        for (var d = 0; d < _dimensionCount; d++)
        {
            _row[1 + d] = score.Dimensions[d].Score ?? double.NaN;
        }

        if (segment >= 0)
        {
            FillJtbdRow(answers, segment);
        }

        _bootstrap!.Add(segment >= 0 ? segment : _segments.Count, _row);
    }

    private void FillJtbdRow(IReadOnlyDictionary<string, string> answers, int segment)
    {
        var jtbd = _model!.Model.Jtbd!;
        var (stage, pain, manual) = _model.SegmentMatrices(_segments[segment]);
        var offset = 1 + _dimensionCount;
        for (var r = 0; r < stage.Rows.Count; r++)
        {
            var row = stage.Rows[r].Code;
            if (CompiledScoringModel.StageIndex(stage, CompiledScoringModel.Value(answers, stage.RowKey(row))) is { } index && index < jtbd.StageWeights.Count)
            {
                _row[offset + (2 * r)] = jtbd.StageWeights[index];
            }

            if (ScoringMath.Opportunity(CompiledScoringModel.MatrixCell(pain, answers, row), CompiledScoringModel.MatrixCell(manual, answers, row)) is { } opportunity)
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

        var n = _responseIds.Count;
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

        if (_model is null || n == 0)
        {
            var ids = _responseIds;
            return new ScoringOutcome(results, new IndexedList<RespondentResult>(n, i => new RespondentResult(ids[i], null, null, null, [], null, null, null, null)));
        }

        var model = _model.Model;

        // The bootstrap, the longest step, runs on another thread beside the sensitivity analysis, benchmarks and
        // weighting. They share no state (the bootstrap reads only its own rows and draws from its own generator), so
        // every result is the same as one step after the other; on two or more cores the job is shorter by the others.
        var bootstrap = _bootstrap!;
        var (seed, resamples) = (_options.Seed, _options.Resamples);
        var bootstrapping = Task.Run(() => bootstrap.Run(seed, resamples));
        double[][] columns = [.. Enumerable.Range(0, _dimensionCount).Select(DimensionColumn)];
        var sensitivity = _dimensions is null ? null : SensitivityAnalysis.Run(
            model, _dimensions, _jtbd, _options.Seed ^ 0x5EED5EED5EED5EEDUL, new SensitivityOptions { Draws = _options.SensitivityDraws });
        Mark("sensitivity (beside the bootstrap)");
        var benchmarks = Benchmark(policy, columns);
        Mark("benchmarks (beside the bootstrap)");
        var weighting = Weight(policy);
        Mark("weighting (beside the bootstrap)");
        var intervals = bootstrapping.GetAwaiter().GetResult();
        Mark("bootstrap (what is left once the steps beside it are done)");

        var pooled = intervals[^1]; // after the segments and the no-segment stratum
        var overallTotal = Summary(_overall, pooled[0], policy);
        var dimensions = model.Dimensions.Select((d, i) => new DimensionFigure(d.Name, d.Weight, Summary(columns[i], pooled[1 + i], policy))).ToList();
        Mark("overall and dimension summaries");

        results = results with
        {
            Overall = overallTotal,
            Dimensions = dimensions,
            Maturity = MaturityTable(policy),
            Segments = SegmentFigures(policy, overallTotal.Suppressed is null),
            Items = [.. model.Items.Select(i => new ItemFigure(i.Key, _items[i.Key].Figure(policy)))],
            Jtbd = _jtbd is null ? null : JtbdResults(intervals, sensitivity, policy),
            Sensitivity = sensitivity is null ? null : new SensitivitySummary(
                sensitivity.Options.Draws,
                sensitivity.Options.Concentration,
                sensitivity.Options.StageJitter,
                sensitivity.Options.FixedCutoffProbability,
                sensitivity.Options.RobustShare,
                policy.Allows(n) ? sensitivity.Respondents.MeanStability : null,
                sensitivity.Respondents.Levels),
            Benchmarks = benchmarks.Summary,
            Weighting = weighting.Results,
        };
        Mark("results document (maturity, segments, items, JTBD)");

        var respondents = RespondentRows(n, model.Bands, benchmarks.Percentiles, sensitivity?.Respondents.Respondents, weighting.Weights);
        Mark("respondent rows");
        return new ScoringOutcome(results, respondents);
    }

    /// <summary>
    /// Every respondent's row as a view over the engine's columns (ids, segments, overall and dimension
    /// scores, percentiles, stability, weights): a row is built when it is read, so the store can write
    /// n rows without n objects in memory. The view holds only those columns, not the bootstrap rows.
    /// </summary>
    private IndexedList<RespondentResult> RespondentRows(
        int n, IReadOnlyList<MaturityBand> bands, BenchmarkPercentiles? percentiles, IReadOnlyList<RespondentStability>? stability, IReadOnlyList<double>? weights)
    {
        var ids = _responseIds;
        var segments = _segments;
        var segmentOf = _segmentOf;
        var overallScores = _overall;
        var table = _dimensions;
        var dimensionCount = table?.DimensionCount ?? 0;
        return new IndexedList<RespondentResult>(n, i =>
        {
            var overall = Present(overallScores[i]);
            var scores = new double?[dimensionCount];
            for (var d = 0; d < dimensionCount; d++)
            {
                scores[d] = Present(table!.Of(i)[d]);
            }

            var baseline = stability?[i];
            return new RespondentResult(
                ids[i],
                segmentOf[i] >= 0 ? segments[segmentOf[i]] : null,
                overall,
                ScoringMath.Maturity(overall, bands),
                scores,
                percentiles is null ? null : Present(percentiles.WithinSegment[0][i]),
                percentiles is null ? null : Present(percentiles.All[0][i]),
                baseline?.BaselineLevel is null ? null : baseline.Stability,
                weights?[i])
            {
                DimensionPercentilesInSegment = PerDimension(percentiles?.WithinSegment, i),
                DimensionPercentilesOverall = PerDimension(percentiles?.All, i),
            };
        });

        // Respondent i's percentile for each dimension (measures 1 … d; measure 0 is overall).
        double?[] PerDimension(double[][]? measures, int i) =>
            measures is null ? [] : [.. Enumerable.Range(1, dimensionCount).Select(m => Present(measures[m][i]))];
    }

    private static double? Present(double value) => double.IsNaN(value) ? null : value;

    /// <summary>Every respondent's score on one dimension, NaN where missing.</summary>
    private double[] DimensionColumn(int dimension)
    {
        var values = new double[_responseIds.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _dimensions!.Of(i)[dimension];
        }

        return values;
    }

    /// <summary>n, mean, SD, median and t-interval of the present values, with the bootstrap interval; suppressed below k.</summary>
    private static Figure Summary(IEnumerable<double> values, BootstrapInterval? bootstrap, SuppressionPolicy policy)
    {
        var stats = ItemStatistics.Of(values.Where(v => !double.IsNaN(v)));
        return policy.Allows(stats.N) ? Published(stats, bootstrap) : Figure.SuppressedAs(policy.BelowKLabel);
    }

    private static Figure Published(ItemStatistics stats, BootstrapInterval? bootstrap) => new()
    {
        N = stats.N,
        Mean = stats.Mean,
        StandardDeviation = stats.StandardDeviation,
        Median = stats.Median,
        TInterval = stats.MeanInterval is { } t ? new Bounds(t.Lower, t.Upper) : null,
        Bootstrap = bootstrap?.Interval is { } b ? new Bounds(b.Lower, b.Upper) : null,
    };

    private ShareTable MaturityTable(SuppressionPolicy policy)
    {
        var bands = _model!.Model.Bands.OrderBy(b => b.From).ToList();
        var counts = new int[bands.Count];
        var baseN = 0;
        foreach (var overall in _overall)
        {
            if (ScoringMath.Maturity(double.IsNaN(overall) ? null : overall, bands) is { } level)
            {
                counts[bands.FindIndex(b => b.Name == level)]++;
                baseN++;
            }
        }

        return QuestionDescriptives.Shares("maturity", "respondents with an overall score", baseN, [.. bands.Select((b, i) => (b.Name, b.Name, counts[i]))], policy);
    }

    private List<SegmentFigure> SegmentFigures(SuppressionPolicy policy, bool totalPublished)
    {
        if (_segments.Count == 0)
        {
            return [];
        }

        var model = _model!.Model;
        var groups = _segments.Select((s, i) => new GroupValue<int, int>(i, _segmentOf.Count(x => x == i), i)).ToList();
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

            var members = Enumerable.Range(0, _overall.Count).Where(i => _segmentOf[i] == s).ToList();
            result.Add(new SegmentFigure(
                _segments[s],
                label,
                Summary(members.Select(i => _overall[i]), null, policy),
                [.. model.Dimensions.Select((d, di) => new DimensionFigure(d.Name, d.Weight, Summary(members.Select(i => _dimensions!.Of(i)[di]), null, policy)))])
            { N = members.Count });
        }

        return result;
    }

    private JtbdResults JtbdResults(BootstrapInterval[][] intervals, SensitivityResult? sensitivity, SuppressionPolicy policy)
    {
        var index = _jtbd!.Build();
        var groups = index.Segments.Select((s, i) => new GroupValue<int, int>(i, s.Respondents, i)).ToList();
        var published = Suppression.ApplyToPartition(groups, policy, policy.Allows(_segmentOf.Count(s => s >= 0)));
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

    /// <summary>Percentile ranks per measure (0: overall, 1 + d: dimension d) and respondent, NaN where there is none.</summary>
    private sealed record BenchmarkPercentiles(double[][] WithinSegment, double[][] All);

    private (BenchmarkSummary? Summary, BenchmarkPercentiles? Percentiles) Benchmark(SuppressionPolicy policy, double[][] dimensionColumns)
    {
        if (_dimensions is null)
        {
            return (null, null);
        }

        var model = _model!.Model;
        var names = model.Dimensions.Select(d => d.Name).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count != model.Dimensions.Count)
        {
            return (null, null);
        }

        // Plain columns, not an object per organisation: overall first, then each dimension.
        var n = _overall.Count;
        var measures = 1 + _dimensionCount;
        var within = new double[measures][];
        var all = new double[measures][];
        var segmentOf = CollectionsMarshal.AsSpan(_segmentOf);
        for (var m = 0; m < measures; m++)
        {
            within[m] = new double[n];
            all[m] = new double[n];
            ReadOnlySpan<double> values = m == 0 ? CollectionsMarshal.AsSpan(_overall) : dimensionColumns[m - 1];
            BenchmarkRanks.Percentiles(values, segmentOf, _segments.Count, policy, within[m], all[m]);
        }

        var scored = _overall.Count(v => !double.IsNaN(v));
        var groups = new List<BenchmarkGroup> { new("all organisations", policy.Allows(scored) ? scored : null, policy.Allows(scored)) };
        for (var s = 0; s < _segments.Count; s++)
        {
            var count = Enumerable.Range(0, n).Count(i => _segmentOf[i] == s && !double.IsNaN(_overall[i]));
            groups.Add(new BenchmarkGroup(_segments[s], policy.Allows(count) ? count : null, policy.Allows(count)));
        }

        return (new BenchmarkSummary(policy.K, groups), new BenchmarkPercentiles(within, all));
    }

    private (WeightingResults? Results, IReadOnlyList<double>? Weights) Weight(SuppressionPolicy policy)
    {
        var targets = _model!.Model.Weighting;
        if (targets.Count == 0)
        {
            return (null, null);
        }

        var variables = targets.Select((t, w) => new RakingVariable(
            t.Question,
            _weightingCategories[w].Values,
            t.Margins.ToDictionary(m => m.Key.ToLowerInvariant(), m => m.Value, StringComparer.Ordinal))).ToList();
        RakingResult raked;
        try
        {
            raked = Raking.Rake(variables);
        }
        catch (ArgumentException e)
        {
            var none = Figure.SuppressedAs("not weighted");
            return (new WeightingResults([.. targets.Select(t => t.Question)], false, 0, 0, 0, none, []) { Error = e.Message }, null);
        }

        var weights = raked.Weights;
        Figure Weighted(Func<int, double> value)
        {
            var present = Enumerable.Range(0, weights.Count).Where(i => !double.IsNaN(value(i))).ToList();
            if (!policy.Allows(present.Count))
            {
                return Figure.SuppressedAs(policy.BelowKLabel);
            }

            return new Figure { N = present.Count, Mean = Weighting.WeightedMean(present.Select(i => ((double?)value(i), weights[i]))) };
        }

        var model = _model.Model;
        return (new WeightingResults(
            [.. targets.Select(t => t.Question)],
            raked.Converged,
            raked.Iterations,
            raked.MaxShareError,
            raked.EffectiveSampleSize,
            Weighted(i => _overall[i]),
            [.. model.Dimensions.Select((d, di) => new DimensionFigure(d.Name, d.Weight, Weighted(i => _dimensions!.Of(i)[di])))]), weights);
    }

    private string Label(string question, string code) =>
        _definition.Find(question)?.Options.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase))?.Label ?? code;

    /// <summary>One weighting question's answers per respondent, lower-cased, as indexes into its distinct values (a string per value, not per respondent).</summary>
    private sealed class CategoryColumn
    {
        private readonly List<string> _distinct = [];
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<int> _codes = [];

        public IReadOnlyList<string?> Values
        {
            get
            {
                var codes = _codes;
                var distinct = _distinct;
                return new IndexedList<string?>(codes.Count, i => codes[i] < 0 ? null : distinct[codes[i]]);
            }
        }

        public void Add(string? value)
        {
            if (value is null)
            {
                _codes.Add(-1);
                return;
            }

            var lower = value.ToLowerInvariant();
            if (!_index.TryGetValue(lower, out var code))
            {
                code = _distinct.Count;
                _distinct.Add(lower);
                _index[lower] = code;
            }

            _codes.Add(code);
        }
    }

    /// <summary>Per item: moments and a histogram of the (few distinct) normalised values, for an exact median in bounded memory.</summary>
    private sealed class ItemAccumulator
    {
        private readonly RunningMoments _moments = new();
        private readonly SortedDictionary<double, int> _histogram = [];

        public void Add(double value)
        {
            _moments.Add(value);
            _histogram[value] = _histogram.GetValueOrDefault(value) + 1;
        }

        public Figure Figure(SuppressionPolicy policy)
        {
            if (!policy.Allows(_moments.N))
            {
                return Engine.Figure.SuppressedAs(policy.BelowKLabel);
            }

            return Published(ItemStatistics.From(_moments, Median()), null);
        }

        private double? Median()
        {
            var n = _moments.N;
            if (n == 0)
            {
                return null;
            }

            // The values at sorted positions (n − 1) / 2 and n / 2 (0-based), averaged.
            double? low = null;
            double? high = null;
            var seen = 0;
            foreach (var (value, count) in _histogram)
            {
                var next = seen + count;
                if (low is null && (n - 1) / 2 < next)
                {
                    low = value;
                }

                if (n / 2 < next)
                {
                    high = value;
                    break;
                }

                seen = next;
            }

            return (low!.Value + high!.Value) / 2;
        }
    }
}
