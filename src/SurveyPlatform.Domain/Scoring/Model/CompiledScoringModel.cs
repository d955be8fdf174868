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
    }

    public ScoringModel Model { get; }

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
        return Model.Jtbd is { } jtbd && Value(answers, jtbd.SegmentQuestion) is { } code
            ? _analysis.Segments.FirstOrDefault(s => string.Equals(s.Segment, code, StringComparison.OrdinalIgnoreCase))?.Segment
            : null;
    }

    /// <summary>One item's normalised score (0–100), or null when it is missing.</summary>
    public double? ItemScore(string key, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (!_analysis.Items.TryGetValue(key, out var item))
        {
            throw new ArgumentException($"\"{key}\" is not an item of the scoring model.", nameof(key));
        }

        var raw = item.Kind switch
        {
            ItemKind.Choice => Value(answers, item.Item.Key) is { } code && item.Scores.TryGetValue(code, out var points) ? points : (double?)null,
            ItemKind.Multiple => Value(answers, item.Item.Key) is { } codes
                ? codes.Split(AnswerSheet.MultipleSeparator).Sum(c => item.Scores.GetValueOrDefault(c.Trim()))
                : null,
            ItemKind.Rating => Number(answers, item.Item.Key) is { } rating && rating == Math.Floor(rating) && rating >= item.Low && rating <= item.High ? rating : null,
            ItemKind.Number => Number(answers, item.Item.Key),
            _ => Breadth(answers),
        };
        return raw is { } r ? ScoringMath.Normalise(r, item.Low, item.High, item.Item.Reverse) : null;
    }

    public RespondentScore Score(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var items = new Dictionary<string, double?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in _analysis.Items.Keys)
        {
            items[key] = ItemScore(key, answers);
        }

        var dimensions = Model.Dimensions
            .Select(d => ScoringMath.Dimension(d.Name, [.. d.Items.Select(i => (items[i.Item], i.Weight))], d.MinimumAnsweredShare))
            .ToList();
        var overall = ScoringMath.Overall([.. dimensions.Select((d, i) => (d.Score, Model.Dimensions[i].Weight))], Model.Overall);
        return new RespondentScore(SegmentOf(answers), items, dimensions, overall, ScoringMath.Maturity(overall.Score, Model.Bands));
    }

    /// <summary>The stage, pain and manual-share matrices of a JTBD segment (by its option code).</summary>
    public (QuestionDefinition Stage, QuestionDefinition Pain, QuestionDefinition Manual) SegmentMatrices(string segment)
    {
        var resolved = _analysis.Segments.FirstOrDefault(s => string.Equals(s.Segment, segment, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"\"{segment}\" is not a JTBD segment of the model.", nameof(segment));
        return (resolved.Stage, resolved.Pain, resolved.Manual);
    }

    /// <summary>A streaming accumulator for the JTBD index; add each response once, then build.</summary>
    public JtbdIndexBuilder NewJtbdIndex() =>
        Model.Jtbd is { } jtbd
            ? new JtbdIndexBuilder(this, jtbd, _analysis.Segments, _analysis.PocsCompleted?.Code, _analysis.PocsInProduction?.Code)
            : throw new InvalidOperationException("The scoring model has no JTBD block.");

    // Adoption breadth: the share of the answered jobs in the respondent's segment that are past the POC stage.
    private double? Breadth(IReadOnlyDictionary<string, string> answers)
    {
        if (Model.Jtbd is not { } jtbd || SegmentOf(answers) is not { } code)
        {
            return null;
        }

        var segment = _analysis.Segments.First(s => s.Segment == code);
        var poc = StageIndex(segment.Stage, jtbd.PocStage);
        var answered = 0;
        var past = 0;
        foreach (var row in segment.Stage.Rows)
        {
            if (StageIndex(segment.Stage, Value(answers, segment.Stage.RowKey(row.Code))) is { } stage)
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
    internal static double? MatrixCell(QuestionDefinition matrix, IReadOnlyDictionary<string, string> answers, string rowCode)
    {
        var key = matrix.RowKey(rowCode);
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
