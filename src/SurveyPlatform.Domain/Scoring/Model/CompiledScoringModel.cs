using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Scoring.Model;

/// <summary>A scoring model that failed validation; <see cref="Problems"/> lists every problem.</summary>
public sealed class ScoringModelException : Exception
{
    public ScoringModelException()
    {
    }

    public ScoringModelException(string message)
        : base(message)
    {
    }

    public ScoringModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScoringModelException(IReadOnlyList<ScoringModelProblem> problems)
        : base("The scoring model has problems: " + string.Join(" ", (problems ?? []).Select(p => p.Message)))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<ScoringModelProblem> Problems { get; } = [];
}

/// <summary>A respondent's readiness: each item's normalised score, each dimension, the overall score and its maturity level.</summary>
public sealed record RespondentScore(
    string? Segment,
    IReadOnlyDictionary<string, double?> Items,
    IReadOnlyList<DimensionScore> Dimensions,
    OverallScore Overall,
    string? Maturity);

/// <summary>
/// A validated scoring model bound to the definition it scores. Answers are the stored form
/// (answer key → value, as <see cref="AnswerSheet"/> writes them); "na", blanks, unknown options and
/// out-of-scale ratings are missing, never zero.
/// </summary>
public sealed class CompiledScoringModel
{
    private readonly ModelAnalysis _analysis;

    private CompiledScoringModel(ScoringModel model, ModelAnalysis analysis)
    {
        Model = model;
        Hash = model.ComputeHash();
        _analysis = analysis;
        OrderedBands = [.. model.Bands.OrderBy(b => b.From)];
    }

    public ScoringModel Model { get; }

    /// <summary>The model's maturity bands, lowest first (sorted once, not per respondent).</summary>
    internal IReadOnlyList<MaturityBand> OrderedBands { get; }

    /// <summary>The model's hash (<see cref="ScoringModel.ComputeHash"/>), for the run record.</summary>
    public string Hash { get; }

    /// <exception cref="ScoringModelException">The model does not validate against <paramref name="definition"/>.</exception>
    public static CompiledScoringModel Compile(ScoringModel model, SurveyDefinition definition)
    {
        var analysis = ModelAnalysis.Run(model, definition);
        return analysis.Problems.Count > 0 ? throw new ScoringModelException(analysis.Problems) : new CompiledScoringModel(model, analysis);
    }

    /// <summary>The respondent's segment option code when it is one of the JTBD block's segments.</summary>
    public string? SegmentOf(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return ResolvedSegmentOf(answers)?.Segment;
    }

    /// <summary>The respondent's JTBD segment with its matrices, or null.</summary>
    internal ResolvedSegment? ResolvedSegmentOf(IReadOnlyDictionary<string, string> answers)
    {
        if (Model.Jtbd is not { } jtbd || Value(answers, jtbd.SegmentQuestion) is not { } code)
        {
            return null;
        }

        foreach (var segment in _analysis.Segments)
        {
            if (string.Equals(segment.Segment, code, StringComparison.OrdinalIgnoreCase))
            {
                return segment;
            }
        }

        return null;
    }

    /// <summary>One item's normalised score (0–100), or null when it is missing.</summary>
    public double? ItemScore(string key, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (!_analysis.Items.TryGetValue(key, out var item))
        {
            throw new ArgumentException($"\"{key}\" is not an item of the scoring model.", nameof(key));
        }

        return ItemScore(item, answers);
    }

    private double? ItemScore(ResolvedItem item, IReadOnlyDictionary<string, string> answers)
    {
        var raw = item.Kind switch
        {
            ItemKind.Choice => Value(answers, item.Item.Key) is { } code && item.Scores.TryGetValue(code, out var points) ? points : (double?)null,
            ItemKind.Multiple => Value(answers, item.Item.Key) is { } codes ? ChosenPoints(item, codes) : null,
            ItemKind.Rating => Number(answers, item.Item.Key) is { } rating && rating == Math.Floor(rating) && rating >= item.Low && rating <= item.High ? rating : null,
            ItemKind.Number => Number(answers, item.Item.Key),
            _ => Breadth(answers),
        };
        return raw is { } r ? ScoringMath.Normalise(r, item.Low, item.High, item.Item.Reverse) : null;
    }

    // A multiple choice's points: the sum over the chosen codes, in the order stored.
    private static double ChosenPoints(ResolvedItem item, string codes)
    {
        var sum = 0d;
        foreach (var code in codes.Split(AnswerSheet.MultipleSeparator))
        {
            sum += item.Scores.GetValueOrDefault(code.Trim());
        }

        return sum;
    }

    public RespondentScore Score(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var items = new Dictionary<string, double?>(_analysis.Items.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, item) in _analysis.Items)
        {
            items[key] = ItemScore(item, answers);
        }

        var dimensions = new DimensionScore[Model.Dimensions.Count];
        var weighted = new (double? Value, double Weight)[dimensions.Length];
        for (var d = 0; d < dimensions.Length; d++)
        {
            var dimension = Model.Dimensions[d];
            var values = new (double? Value, double Weight)[dimension.Items.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (items[dimension.Items[i].Item], dimension.Items[i].Weight);
            }

            dimensions[d] = ScoringMath.Dimension(dimension.Name, values, dimension.MinimumAnsweredShare);
            weighted[d] = (dimensions[d].Score, dimension.Weight);
        }

        var overall = ScoringMath.Overall(weighted, Model.Overall);
        return new RespondentScore(SegmentOf(answers), items, dimensions, overall, ScoringMath.Maturity(overall.Score, OrderedBands));
    }

    /// <summary>The stage, pain and manual-share matrices of a JTBD segment (by its option code).</summary>
    public (QuestionDefinition Stage, QuestionDefinition Pain, QuestionDefinition Manual) SegmentMatrices(string segment)
    {
        var resolved = Resolved(segment);
        return (resolved.Stage, resolved.Pain, resolved.Manual);
    }

    internal ResolvedSegment Resolved(string segment) =>
        _analysis.Segments.FirstOrDefault(s => string.Equals(s.Segment, segment, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"\"{segment}\" is not a JTBD segment of the model.", nameof(segment));

    /// <summary>A streaming accumulator for the JTBD index; add each response once, then build.</summary>
    public JtbdIndexBuilder NewJtbdIndex() =>
        Model.Jtbd is { } jtbd
            ? new JtbdIndexBuilder(this, jtbd, _analysis.Segments, _analysis.PocsCompleted?.Code, _analysis.PocsInProduction?.Code)
            : throw new InvalidOperationException("The scoring model has no JTBD block.");

    // Adoption breadth: the share of the answered jobs in the respondent's segment that are past the POC stage.
    private double? Breadth(IReadOnlyDictionary<string, string> answers)
    {
        if (Model.Jtbd is not { } jtbd || ResolvedSegmentOf(answers) is not { } segment)
        {
            return null;
        }

        var poc = StageIndex(segment.Stage, jtbd.PocStage);
        var answered = 0;
        var past = 0;
        foreach (var key in segment.StageKeys)
        {
            if (StageIndex(segment.Stage, Value(answers, key)) is { } stage)
            {
                answered++;
                past += stage > poc ? 1 : 0;
            }
        }

        return answered == 0 ? null : past * 100d / answered;
    }

    internal static int? StageIndex(QuestionDefinition stage, string? code)
    {
        if (code is null)
        {
            return null;
        }

        for (var i = 0; i < stage.Options.Count; i++)
        {
            if (string.Equals(stage.Options[i].Code, code, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>A JTBD matrix cell normalised to 0–100: a rating over its scale, a single choice by its position among the options.</summary>
    internal static double? MatrixCell(QuestionDefinition matrix, IReadOnlyDictionary<string, string> answers, string rowCode) =>
        MatrixCellAt(matrix, answers, matrix.RowKey(rowCode));

    /// <summary><see cref="MatrixCell"/> by the row's answer key.</summary>
    internal static double? MatrixCellAt(QuestionDefinition matrix, IReadOnlyDictionary<string, string> answers, string key)
    {
        if (matrix.Type == QuestionType.MatrixSingle)
        {
            return StageIndex(matrix, Value(answers, key)) is { } index ? ScoringMath.Normalise(index, 0, matrix.Options.Count - 1) : null;
        }

        return Number(answers, key) is { } v && v == Math.Floor(v) && v >= matrix.ScaleStart && v <= matrix.ScaleMax
            ? ScoringMath.Normalise(v, matrix.ScaleStart, matrix.ScaleMax)
            : null;
    }

    /// <summary>A stored answer, or null when it is absent, blank or "not applicable".</summary>
    internal static string? Value(IReadOnlyDictionary<string, string> answers, string key)
    {
        if (!answers.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        return string.Equals(value, QuestionDefinition.NotApplicable, StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    internal static double? Number(IReadOnlyDictionary<string, string> answers, string key) =>
        Value(answers, key) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;
}
