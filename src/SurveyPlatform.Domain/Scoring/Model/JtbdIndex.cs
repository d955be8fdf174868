namespace SurveyPlatform.Domain.Scoring.Model;

/// <summary>The JTBD index: per segment, per job, adoption and opportunity with their n, the quadrant and the conversion.</summary>
public sealed record JtbdIndex(IReadOnlyList<JtbdSegmentIndex> Segments, PocConversion Conversion);

/// <summary>
/// One segment: how many respondents chose it, the cut-offs used (the medians across its jobs, or the
/// fixed values), its jobs, and the organisation-level conversion among its respondents.
/// </summary>
public sealed record JtbdSegmentIndex(
    string Segment,
    int Respondents,
    CutoffMethod CutoffMethod,
    double? OpportunityCutoff,
    double? AdoptionCutoff,
    IReadOnlyList<JtbdRowIndex> Rows,
    PocConversion Conversion);

/// <summary>
/// One job in one segment. Adoption: mean stage weight over the AdoptionN respondents who gave a stage.
/// Opportunity: mean of (pain + manual share) / 2 over the OpportunityN respondents who answered both.
/// Conversion: share in production of the ConversionN respondents at or past POC. StageCounts are per
/// stage option, in order, so adoption can be recomputed with other stage weights.
/// </summary>
public sealed record JtbdRowIndex(
    string Row,
    string Label,
    double? Adoption,
    int AdoptionN,
    double? Opportunity,
    int OpportunityN,
    double? Conversion,
    int ConversionN,
    JtbdQuadrant? Quadrant,
    IReadOnlyList<int> StageCounts);

/// <summary>
/// Accumulates the JTBD index one response at a time; memory is per job (stage counts and an
/// opportunity sum), never per response. <see cref="Build()"/> can be called again with other stage
/// weights or cut-offs (sensitivity) without re-reading the responses.
/// </summary>
public sealed class JtbdIndexBuilder
{
    private readonly CompiledScoringModel _compiled;
    private readonly JtbdModel _jtbd;
    private readonly IReadOnlyList<ResolvedSegment> _segments;
    private readonly string? _completedKey;
    private readonly string? _productionKey;
    private readonly Dictionary<string, SegmentTotals> _totals = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConversionTotals _allConversion = new();

    internal JtbdIndexBuilder(CompiledScoringModel compiled, JtbdModel jtbd, IReadOnlyList<ResolvedSegment> segments, string? completedKey, string? productionKey)
    {
        _compiled = compiled;
        _jtbd = jtbd;
        _segments = segments;
        _completedKey = completedKey;
        _productionKey = productionKey;
        foreach (var segment in segments)
        {
            _totals[segment.Segment] = new SegmentTotals(segment);
        }
    }

    public void Add(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var (completed, inProduction) = _completedKey is null || _productionKey is null
            ? ((double?)null, (double?)null)
            : (CompiledScoringModel.Number(answers, _completedKey), CompiledScoringModel.Number(answers, _productionKey));
        _allConversion.Add(completed, inProduction);

        if (_compiled.ResolvedSegmentOf(answers) is not { } resolved)
        {
            return;
        }

        var totals = _totals[resolved.Segment];
        totals.Respondents++;
        totals.Conversion.Add(completed, inProduction);

        var segment = totals.Segment;
        for (var r = 0; r < segment.StageKeys.Length; r++)
        {
            if (CompiledScoringModel.StageIndex(segment.Stage, CompiledScoringModel.Value(answers, segment.StageKeys[r])) is { } stage)
            {
                totals.StageCounts[r][stage]++;
            }

            var pain = CompiledScoringModel.MatrixCellAt(segment.Pain, answers, segment.PainKeys[r]);
            var manual = CompiledScoringModel.MatrixCellAt(segment.Manual, answers, segment.ManualKeys[r]);
            if (ScoringMath.Opportunity(pain, manual) is { } opportunity)
            {
                totals.OpportunitySum[r] += opportunity;
                totals.OpportunityN[r]++;
            }
        }
    }

    /// <summary>The index with the model's stage weights and cut-off rule.</summary>
    public JtbdIndex Build() => Build(_jtbd.StageWeights, _jtbd.Cutoffs);

    public JtbdIndex Build(IReadOnlyList<double> stageWeights, CutoffRule cutoffs)
    {
        ArgumentNullException.ThrowIfNull(stageWeights);
        ArgumentNullException.ThrowIfNull(cutoffs);
        var segments = _segments.Select(s => BuildSegment(_totals[s.Segment], stageWeights, cutoffs)).ToList();
        return new JtbdIndex(segments, _allConversion.Result());
    }

    private JtbdSegmentIndex BuildSegment(SegmentTotals totals, IReadOnlyList<double> stageWeights, CutoffRule cutoffs)
    {
        var stage = totals.Segment.Stage;
        var poc = CompiledScoringModel.StageIndex(stage, _jtbd.PocStage) ?? 0;
        var production = CompiledScoringModel.StageIndex(stage, _jtbd.ProductionStage) ?? stage.Options.Count - 1;
        var rows = new List<JtbdRowIndex>();
        for (var r = 0; r < stage.Rows.Count; r++)
        {
            var counts = totals.StageCounts[r];
            var (adoption, adoptionN) = ScoringMath.Adoption(counts, stageWeights);
            var (conversion, conversionN) = ScoringMath.StageConversion(counts, poc, production);
            var opportunityN = totals.OpportunityN[r];
            double? opportunity = opportunityN == 0 ? null : totals.OpportunitySum[r] / opportunityN;
            rows.Add(new JtbdRowIndex(stage.Rows[r].Code, stage.Rows[r].Label, adoption, adoptionN, opportunity, opportunityN, conversion, conversionN, null, [.. counts]));
        }

        var (opportunityCutoff, adoptionCutoff) = cutoffs.Method == CutoffMethod.Fixed
            ? (cutoffs.Opportunity, cutoffs.Adoption)
            : (ScoringMath.Median(rows.Where(x => x.Opportunity is not null).Select(x => x.Opportunity!.Value)),
               ScoringMath.Median(rows.Where(x => x.Adoption is not null).Select(x => x.Adoption!.Value)));
        if (opportunityCutoff is { } oc && adoptionCutoff is { } ac)
        {
            rows = [.. rows.Select(x => x.Opportunity is { } o && x.Adoption is { } a ? x with { Quadrant = ScoringMath.Quadrant(o, a, oc, ac) } : x)];
        }

        return new JtbdSegmentIndex(totals.Segment.Segment, totals.Respondents, cutoffs.Method, opportunityCutoff, adoptionCutoff, rows, totals.Conversion.Result());
    }

    private sealed class SegmentTotals(ResolvedSegment segment)
    {
        public ResolvedSegment Segment { get; } = segment;

        public int Respondents { get; set; }

        public int[][] StageCounts { get; } = [.. segment.Stage.Rows.Select(_ => new int[segment.Stage.Options.Count])];

        public double[] OpportunitySum { get; } = new double[segment.Stage.Rows.Count];

        public int[] OpportunityN { get; } = new int[segment.Stage.Rows.Count];

        public ConversionTotals Conversion { get; } = new();
    }
}
