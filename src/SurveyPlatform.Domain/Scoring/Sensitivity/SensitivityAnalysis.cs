using SurveyPlatform.Domain.Scoring.Model;

namespace SurveyPlatform.Domain.Scoring.Sensitivity;

/// <summary>
/// The sensitivity analysis (JRC/OECD composite-indicator handbook, step 8): a seeded Monte Carlo over
/// the dimension weights, the stage weights and the cut-off rule (<see cref="SensitivityDrawGenerator"/>).
/// Per draw it recomputes every respondent's overall score and maturity level from their stored
/// dimension scores (<see cref="RespondentDimensions"/>) and the JTBD index from the accumulated counts
/// (<see cref="JtbdIndexBuilder.Build(IReadOnlyList{double}, CutoffRule)"/>); responses are never read
/// again. The same inputs and seed give an identical result.
/// </summary>
public static class SensitivityAnalysis
{
    private const int NoQuadrant = 4;

    /// <param name="model">The scoring model whose weights, aggregation, bands and JTBD block are perturbed.</param>
    /// <param name="respondents">Dimension scores per respondent (null: no respondent part).</param>
    /// <param name="jtbd">The filled JTBD accumulator (null: no JTBD part).</param>
    /// <param name="observer">Called with each draw before it is applied (inspection, tests).</param>
    public static SensitivityResult Run(
        ScoringModel model,
        RespondentDimensions? respondents,
        JtbdIndexBuilder? jtbd,
        ulong seed,
        SensitivityOptions? options = null,
        Action<SensitivityDraw>? observer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new SensitivityOptions();
        var generator = new SensitivityDrawGenerator(model, seed, options);
        if (respondents is not null && respondents.DimensionCount != model.Dimensions.Count)
        {
            throw new ArgumentException($"The table has {respondents.DimensionCount} dimensions, the model {model.Dimensions.Count}.", nameof(respondents));
        }

        var index = jtbd is null ? null : new JtbdTally(jtbd.Build(), options);

        for (var d = 0; d < options.Draws; d++)
        {
            var draw = generator.Next();
            observer?.Invoke(draw);
            index?.Add(jtbd!.Build(draw.StageWeights, draw.Cutoffs));
        }

        return new SensitivityResult(seed, options, index?.Result() ?? [], Respondents(model, respondents, seed, options));
    }

    /// <summary>
    /// The overall score from dimension scores (NaN: missing) and weights, as
    /// <see cref="ScoringMath.Overall"/> computes it (same operations in the same order, so the baseline
    /// matches <see cref="RespondentScore.Overall"/> exactly) but without allocating; NaN when missing.
    /// </summary>
    public static double Overall(ReadOnlySpan<double> dimensions, ReadOnlySpan<double> weights, OverallAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        if (!Scorable(dimensions, aggregation))
        {
            return double.NaN;
        }

        if (aggregation.Method != AggregationMethod.Geometric)
        {
            return Linear(dimensions, weights);
        }

        var sum = 0d;
        var total = 0d;
        var zero = false;
        for (var i = 0; i < dimensions.Length; i++)
        {
            var v = dimensions[i];
            if (double.IsNaN(v))
            {
                continue;
            }

            total += weights[i];
            if (v + aggregation.GeometricOffset <= 0)
            {
                zero = true;
            }
            else
            {
                sum += weights[i] * Math.Log(v + aggregation.GeometricOffset);
            }
        }

        if (total <= 0)
        {
            return double.NaN;
        }

        return zero ? 0 : Math.Exp(sum / total) - aggregation.GeometricOffset;
    }

    // Whether enough dimensions are present for an overall score at all; no weight changes it.
    internal static bool Scorable(ReadOnlySpan<double> dimensions, OverallAggregation aggregation)
    {
        var available = 0;
        foreach (var value in dimensions)
        {
            available += double.IsNaN(value) ? 0 : 1;
        }

        return !(available == 0 || available < (aggregation.MinimumDimensionShare * dimensions.Length) - 1e-9);
    }

    // The weighted mean of the present dimensions (Overall's linear branch), NaN when their weights sum to nothing.
    internal static double Linear(ReadOnlySpan<double> dimensions, ReadOnlySpan<double> weights)
    {
        var sum = 0d;
        var total = 0d;
        for (var d = 0; d < dimensions.Length; d++)
        {
            var v = dimensions[d];
            if (double.IsNaN(v))
            {
                continue;
            }

            total += weights[d];
            sum += weights[d] * v;
        }

        return total <= 0 ? double.NaN : sum / total;
    }

    private static double? RankKey(JtbdRowIndex row, JtbdRankCriterion criterion) => criterion switch
    {
        JtbdRankCriterion.Opportunity => row.Opportunity,
        JtbdRankCriterion.Adoption => row.Adoption,
        _ => row.Opportunity is { } o && row.Adoption is { } a ? o - a : null,
    };

    // 1 + the number of jobs in the segment with a strictly larger key; null without a key.
    private static int?[] Ranks(IReadOnlyList<JtbdRowIndex> rows, JtbdRankCriterion criterion)
    {
        var keys = rows.Select(r => RankKey(r, criterion)).ToArray();
        var ranks = new int?[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is { } key)
            {
                ranks[i] = 1 + keys.Count(k => k > key);
            }
        }

        return ranks;
    }

    // Every respondent's stability, one respondent at a time (MaturityStability); a view over three int arrays.
    private static RespondentSensitivity Respondents(ScoringModel model, RespondentDimensions? respondents, ulong seed, SensitivityOptions options)
    {
        if (respondents is null)
        {
            // No respondent part (the scoring engine tallies its own): only the level names, without drawing the weights again.
            return new RespondentSensitivity([.. model.Bands.OrderBy(b => b.From).Select(b => b.Name)], [], 0);
        }

        var stability = new MaturityStability(model, seed, options);
        var names = stability.Levels;
        var n = respondents.Count;
        var draws = stability.Draws;
        var baseline = new int[n];
        var same = new int[n];
        var levels = new int[n * names.Count];
        var stabilitySum = 0d;
        for (var i = 0; i < n; i++)
        {
            same[i] = stability.Tally(respondents.Of(i), levels.AsSpan(i * names.Count, names.Count), out baseline[i]);
            stabilitySum += (double)same[i] / draws;
        }

        var list = new IndexedList<RespondentStability>(n, i =>
        {
            var shares = new double[names.Count];
            for (var b = 0; b < shares.Length; b++)
            {
                shares[b] = (double)levels[(i * names.Count) + b] / draws;
            }

            return new RespondentStability(baseline[i] < 0 ? null : names[baseline[i]], (double)same[i] / draws, shares);
        });
        return new RespondentSensitivity(names, list, n == 0 ? 0 : stabilitySum / n);
    }

    private sealed class JtbdTally
    {
        private readonly JtbdIndex _baseline;
        private readonly SensitivityOptions _options;
        private readonly int?[][] _baselineRanks;
        private readonly int[][][] _quadrants;
        private readonly List<double>[][] _ranks;
        private int _draws;

        public JtbdTally(JtbdIndex baseline, SensitivityOptions options)
        {
            _baseline = baseline;
            _options = options;
            _baselineRanks = [.. baseline.Segments.Select(s => Ranks(s.Rows, options.RankBy))];
            _quadrants = [.. baseline.Segments.Select(s => s.Rows.Select(_ => new int[NoQuadrant + 1]).ToArray())];
            _ranks = [.. baseline.Segments.Select(s => s.Rows.Select(_ => new List<double>(options.Draws)).ToArray())];
        }

        public void Add(JtbdIndex index)
        {
            _draws++;
            for (var s = 0; s < index.Segments.Count; s++)
            {
                var rows = index.Segments[s].Rows;
                var ranks = Ranks(rows, _options.RankBy);
                for (var r = 0; r < rows.Count; r++)
                {
                    _quadrants[s][r][rows[r].Quadrant is { } q ? (int)q : NoQuadrant]++;
                    if (ranks[r] is { } rank)
                    {
                        _ranks[s][r].Add(rank);
                    }
                }
            }
        }

        public IReadOnlyList<JtbdSegmentSensitivity> Result() =>
        [
            .. _baseline.Segments.Select((segment, s) => new JtbdSegmentSensitivity(
                segment.Segment,
                [.. segment.Rows.Select((row, r) => Row(row, _quadrants[s][r], _baselineRanks[s][r], _ranks[s][r]))])),
        ];

        private JtbdRowSensitivity Row(JtbdRowIndex row, int[] counts, int? baselineRank, List<double> ranks)
        {
            double Share(int count) => (double)count / _draws;
            var shares = new QuadrantShares(
                Share(counts[(int)JtbdQuadrant.BestTargets]),
                Share(counts[(int)JtbdQuadrant.ValidatedButCompetitive]),
                Share(counts[(int)JtbdQuadrant.CrowdedSmallUpside]),
                Share(counts[(int)JtbdQuadrant.AvoidForNow]),
                Share(counts[NoQuadrant]));
            var held = row.Quadrant is { } q ? counts[(int)q] : 0;
            // held / D ≥ robust share, with the slack ScoringMath uses for shares so 0.8 × 1000 asks for 800.
            var robust = row.Quadrant is not null && held >= (_options.RobustShare * _draws) - 1e-9;
            return new JtbdRowSensitivity(row.Row, row.Quadrant, shares, Share(held), robust, baselineRank, ranks.Count == 0 ? null : RankRange.Of(ranks));
        }
    }
}
