using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Scoring.Model;

public enum ScoringProblemKind
{
    UnknownFormat,
    InvalidVersion,
    MissingKey,
    DuplicateKey,
    UnknownCode,
    AmbiguousCode,
    NotScorable,
    ScoresNotAllowed,
    UnknownOption,
    RangeNotAllowed,
    MissingRange,
    EmptyRange,
    NotFinite,
    NoDimensions,
    MissingName,
    DuplicateName,
    EmptyDimension,
    UnknownItem,
    DuplicateItem,
    WeightNotPositive,
    ShareOutOfRange,
    OffsetNegative,
    NoBands,
    EmptyBand,
    BandsUnordered,
    BandsOverlap,
    BandsGap,
    BandsOutOfRange,
    NotSingleChoice,
    WrongQuestionType,
    NoSegments,
    DuplicateSegment,
    RowsDiffer,
    StageWeightsCount,
    StageWeightOutOfRange,
    StageWeightsDecreasing,
    StagesOutOfOrder,
    CutoffMissing,
    CutoffOutOfRange,
    NoJtbd,
    SuppressionTooLow,
    MarginsInvalid,
}

/// <summary>One thing wrong with a scoring model: where (a JSON-like path), what kind, and an English message.</summary>
public sealed record ScoringModelProblem(string Path, ScoringProblemKind Kind, string Message);

/// <summary>Checks a scoring model against the definition it scores and lists every problem, not just the first.</summary>
public static class ScoringModelValidator
{
    public static IReadOnlyList<ScoringModelProblem> Validate(ScoringModel model, SurveyDefinition definition) =>
        ModelAnalysis.Run(model, definition).Problems;
}

internal enum ItemKind
{
    Choice,
    Multiple,
    Rating,
    Number,
    Breadth,
}

/// <summary>An item tied to its question: where its answer is stored, how it scores and its possible range.</summary>
internal sealed record ResolvedItem(ScoringItem Item, ItemKind Kind, IReadOnlyDictionary<string, double> Scores, double Low, double High);

/// <summary>A JTBD segment tied to its three matrices, with each stage row's answer key in the three (built once, not per response).</summary>
internal sealed record ResolvedSegment(string Segment, QuestionDefinition Stage, QuestionDefinition Pain, QuestionDefinition Manual)
{
    public string[] StageKeys { get; } = [.. Stage.Rows.Select(r => Stage.RowKey(r.Code))];

    public string[] PainKeys { get; } = [.. Stage.Rows.Select(r => Pain.RowKey(r.Code))];

    public string[] ManualKeys { get; } = [.. Stage.Rows.Select(r => Manual.RowKey(r.Code))];
}

/// <summary>The one pass that both validates a model and resolves it for scoring, so the two never disagree.</summary>
internal sealed class ModelAnalysis
{
    private readonly ScoringModel _model;
    private readonly SurveyDefinition _definition;
    private readonly Dictionary<string, List<(QuestionDefinition Question, OptionDefinition? Row)>> _answerKeys = new(StringComparer.OrdinalIgnoreCase);

    private ModelAnalysis(ScoringModel model, SurveyDefinition definition)
    {
        _model = model;
        _definition = definition;
        foreach (var question in definition.Questions.Where(q => q.IsAnswerable))
        {
            if (question.IsMatrix)
            {
                foreach (var row in question.Rows)
                {
                    Add(question.RowKey(row.Code), question, row);
                }
            }
            else
            {
                Add(question.Code, question, null);
            }
        }
    }

    public List<ScoringModelProblem> Problems { get; } = [];

    public Dictionary<string, ResolvedItem> Items { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ResolvedSegment> Segments { get; } = [];

    public QuestionDefinition? PocsCompleted { get; private set; }

    public QuestionDefinition? PocsInProduction { get; private set; }

    public static ModelAnalysis Run(ScoringModel model, SurveyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(definition);
        var analysis = new ModelAnalysis(model, definition);
        analysis.CheckDocument();
        analysis.CheckItems();
        analysis.CheckDimensions();
        analysis.CheckOverall();
        analysis.CheckBands();
        analysis.CheckJtbd();
        analysis.CheckSuppressionAndWeighting();
        return analysis;
    }

    private void Add(string key, QuestionDefinition question, OptionDefinition? row)
    {
        if (!_answerKeys.TryGetValue(key, out var list))
        {
            _answerKeys[key] = list = [];
        }

        list.Add((question, row));
    }

    private void Problem(string path, ScoringProblemKind kind, string message) => Problems.Add(new ScoringModelProblem(path, kind, message));

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private void CheckDocument()
    {
        if (!string.Equals(_model.Format, ScoringModel.CurrentFormat, StringComparison.Ordinal))
        {
            Problem("format", ScoringProblemKind.UnknownFormat, $"The format \"{_model.Format}\" is not \"{ScoringModel.CurrentFormat}\".");
        }

        if (_model.Version < 1)
        {
            Problem("version", ScoringProblemKind.InvalidVersion, $"The version must be 1 or more, not {_model.Version}.");
        }
    }

    private void CheckItems()
    {
        for (var i = 0; i < _model.Items.Count; i++)
        {
            var item = _model.Items[i];
            var path = $"items[{i}]";
            if (string.IsNullOrWhiteSpace(item.Key))
            {
                Problem(path + ".key", ScoringProblemKind.MissingKey, $"Item {i + 1} has no key.");
                continue;
            }

            if (Items.ContainsKey(item.Key) || _model.Items.Take(i).Any(o => string.Equals(o.Key, item.Key, StringComparison.OrdinalIgnoreCase)))
            {
                Problem(path + ".key", ScoringProblemKind.DuplicateKey, $"The item \"{item.Key}\" is listed more than once.");
                continue;
            }

            if (Resolve(item, path) is { } resolved)
            {
                Items[item.Key] = resolved;
            }
        }
    }

    private ResolvedItem? Resolve(ScoringItem item, string path)
    {
        var ok = true;
        if (item.Scores is not null && item.Scores.Values.Any(v => !double.IsFinite(v)))
        {
            Problem(path + ".scores", ScoringProblemKind.NotFinite, $"The item \"{item.Key}\" has a score that is not a number.");
            ok = false;
        }

        if (item.Min is { } min && !double.IsFinite(min) || item.Max is { } max && !double.IsFinite(max))
        {
            Problem(path, ScoringProblemKind.NotFinite, $"The item \"{item.Key}\" has a minimum or maximum that is not a number.");
            ok = false;
        }

        if (item.Source == ItemSource.AdoptionBreadth)
        {
            if (_model.Jtbd is null)
            {
                Problem(path + ".source", ScoringProblemKind.NoJtbd, $"The item \"{item.Key}\" is adoption breadth, but the model has no JTBD block.");
                ok = false;
            }

            if (item.Scores is not null)
            {
                Problem(path + ".scores", ScoringProblemKind.ScoresNotAllowed, $"The adoption breadth item \"{item.Key}\" takes no option scores.");
                ok = false;
            }

            if (item.Min is not null || item.Max is not null)
            {
                Problem(path, ScoringProblemKind.RangeNotAllowed, $"The adoption breadth item \"{item.Key}\" takes no minimum or maximum; it is already 0–100.");
                ok = false;
            }

            return ok ? new ResolvedItem(item, ItemKind.Breadth, new Dictionary<string, double>(), 0, 100) : null;
        }

        if (!_answerKeys.TryGetValue(item.Key, out var targets))
        {
            Problem(path + ".key", ScoringProblemKind.UnknownCode, $"\"{item.Key}\" is not a question code or matrix row key of this survey.");
            return null;
        }

        if (targets.Count > 1)
        {
            Problem(path + ".key", ScoringProblemKind.AmbiguousCode, $"\"{item.Key}\" names more than one answer ({string.Join(", ", targets.Select(t => t.Row is null ? t.Question.Code : $"{t.Question.Code} row {t.Row.Code}"))}).");
            return null;
        }

        var question = targets[0].Question;
        var kind = question.Type switch
        {
            QuestionType.SingleChoice or QuestionType.MatrixSingle or QuestionType.YesNo => ItemKind.Choice,
            QuestionType.MultipleChoice => ItemKind.Multiple,
            QuestionType.Rating or QuestionType.Nps or QuestionType.MatrixRating => ItemKind.Rating,
            QuestionType.Number => ItemKind.Number,
            _ => (ItemKind?)null,
        };
        if (kind is not { } k)
        {
            Problem(path + ".key", ScoringProblemKind.NotScorable, $"\"{item.Key}\" is a {question.Type} question, which cannot be scored.");
            return null;
        }

        if (k is not (ItemKind.Choice or ItemKind.Multiple) && item.Scores is not null)
        {
            Problem(path + ".scores", ScoringProblemKind.ScoresNotAllowed, $"\"{item.Key}\" is a {question.Type} question; option scores apply only to choice, yes/no and matrix-single items.");
            ok = false;
        }

        if (k != ItemKind.Number && (item.Min is not null || item.Max is not null))
        {
            Problem(path, ScoringProblemKind.RangeNotAllowed, $"\"{item.Key}\" is a {question.Type} question; a minimum and maximum apply only to number items.");
            ok = false;
        }

        return k switch
        {
            ItemKind.Choice or ItemKind.Multiple => ResolveChoice(item, path, question, k, ok),
            ItemKind.Rating => ok ? new ResolvedItem(item, k, new Dictionary<string, double>(), question.ScaleStart, question.ScaleMax) : null,
            _ => ResolveNumber(item, path, question, ok),
        };
    }

    private ResolvedItem? ResolveChoice(ScoringItem item, string path, QuestionDefinition question, ItemKind kind, bool ok)
    {
        IReadOnlyList<string> codes = question.Type == QuestionType.YesNo ? ["yes", "no"] : [.. question.Options.Select(o => o.Code)];
        var scores = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (item.Scores is null)
        {
            if (question.Type == QuestionType.YesNo)
            {
                Problem(path + ".scores", ScoringProblemKind.MissingRange, $"\"{item.Key}\" is a yes/no question: give scores for \"yes\" and \"no\".");
                return null;
            }

            foreach (var option in question.Options)
            {
                scores[option.Code] = (double)option.Points;
            }
        }
        else
        {
            foreach (var (code, score) in item.Scores)
            {
                var match = codes.FirstOrDefault(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    Problem($"{path}.scores.{code}", ScoringProblemKind.UnknownOption, $"\"{code}\" is not an option of \"{question.Code}\" (options: {string.Join(", ", codes)}).");
                    ok = false;
                }
                else if (!scores.TryAdd(match, score))
                {
                    Problem($"{path}.scores.{code}", ScoringProblemKind.DuplicateKey, $"The option \"{code}\" of \"{item.Key}\" is scored twice.");
                    ok = false;
                }
            }
        }

        if (!ok)
        {
            return null;
        }

        // Single choice: the lowest to the highest option score. Multiple choice: nothing chosen (or only
        // the negative options) to every positive option chosen; an exclusive "none" is not taken into account.
        var (low, high) = kind == ItemKind.Multiple
            ? (scores.Values.Where(v => v < 0).Sum(), scores.Values.Where(v => v > 0).Sum())
            : scores.Count == 0 ? (0d, 0d) : (scores.Values.Min(), scores.Values.Max());
        if (!(high > low))
        {
            Problem(path + ".scores", ScoringProblemKind.EmptyRange, $"The options of \"{item.Key}\" all score {F(low)}, so it cannot be normalised; give them different scores.");
            return null;
        }

        return new ResolvedItem(item, kind, scores, low, high);
    }

    private ResolvedItem? ResolveNumber(ScoringItem item, string path, QuestionDefinition question, bool ok)
    {
        var low = item.Min ?? (double?)question.Min;
        var high = item.Max ?? (double?)question.Max;
        if (low is null || high is null)
        {
            Problem(path, ScoringProblemKind.MissingRange, $"\"{item.Key}\" is a number question without a {(low is null ? "minimum" : "maximum")}; give the item a min and max.");
            return null;
        }

        if (!(high > low))
        {
            Problem(path, ScoringProblemKind.EmptyRange, $"The range of \"{item.Key}\" ({F(low.Value)} to {F(high.Value)}) is empty; the maximum must be above the minimum.");
            return null;
        }

        return ok ? new ResolvedItem(item, ItemKind.Number, new Dictionary<string, double>(), low.Value, high.Value) : null;
    }

    private void CheckDimensions()
    {
        if (_model.Dimensions.Count == 0)
        {
            Problem("dimensions", ScoringProblemKind.NoDimensions, "The model has no dimensions.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var d = 0; d < _model.Dimensions.Count; d++)
        {
            var dimension = _model.Dimensions[d];
            var path = $"dimensions[{d}]";
            var label = string.IsNullOrWhiteSpace(dimension.Name) ? $"Dimension {d + 1}" : $"The dimension \"{dimension.Name}\"";
            if (string.IsNullOrWhiteSpace(dimension.Name))
            {
                Problem(path + ".name", ScoringProblemKind.MissingName, $"Dimension {d + 1} has no name.");
            }
            else if (!names.Add(dimension.Name.Trim()))
            {
                Problem(path + ".name", ScoringProblemKind.DuplicateName, $"The dimension name \"{dimension.Name}\" is used more than once.");
            }

            if (!(dimension.Weight > 0) || !double.IsFinite(dimension.Weight))
            {
                Problem(path + ".weight", ScoringProblemKind.WeightNotPositive, $"{label} has weight {F(dimension.Weight)}; weights must be positive.");
            }

            if (!(dimension.MinimumAnsweredShare >= 0 && dimension.MinimumAnsweredShare <= 1))
            {
                Problem(path + ".minimumAnsweredShare", ScoringProblemKind.ShareOutOfRange, $"{label} asks for a minimum answered share of {F(dimension.MinimumAnsweredShare)}; it must be from 0 to 1.");
            }

            if (dimension.Items.Count == 0)
            {
                Problem(path + ".items", ScoringProblemKind.EmptyDimension, $"{label} has no items.");
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < dimension.Items.Count; i++)
            {
                var member = dimension.Items[i];
                var itemPath = $"{path}.items[{i}]";
                if (string.IsNullOrWhiteSpace(member.Item) || !_model.Items.Any(x => string.Equals(x.Key, member.Item, StringComparison.OrdinalIgnoreCase)))
                {
                    Problem(itemPath + ".item", ScoringProblemKind.UnknownItem, $"{label} uses \"{member.Item}\", which is not one of the model's items.");
                }
                else if (!seen.Add(member.Item))
                {
                    Problem(itemPath + ".item", ScoringProblemKind.DuplicateItem, $"{label} lists \"{member.Item}\" more than once.");
                }

                if (!(member.Weight > 0) || !double.IsFinite(member.Weight))
                {
                    Problem(itemPath + ".weight", ScoringProblemKind.WeightNotPositive, $"{label} gives \"{member.Item}\" weight {F(member.Weight)}; weights must be positive.");
                }
            }
        }
    }

    private void CheckOverall()
    {
        var overall = _model.Overall;
        if (!Enum.IsDefined(overall.Method))
        {
            Problem("overall.method", ScoringProblemKind.WrongQuestionType, $"The aggregation method {overall.Method} is unknown.");
        }

        if (!(overall.GeometricOffset >= 0) || !double.IsFinite(overall.GeometricOffset))
        {
            Problem("overall.geometricOffset", ScoringProblemKind.OffsetNegative, $"The geometric offset is {F(overall.GeometricOffset)}; it must be 0 or more.");
        }

        if (!(overall.MinimumDimensionShare >= 0 && overall.MinimumDimensionShare <= 1))
        {
            Problem("overall.minimumDimensionShare", ScoringProblemKind.ShareOutOfRange, $"The minimum dimension share is {F(overall.MinimumDimensionShare)}; it must be from 0 to 1.");
        }
    }

    private void CheckBands()
    {
        var bands = _model.Bands;
        if (bands.Count == 0)
        {
            Problem("bands", ScoringProblemKind.NoBands, "The model has no maturity bands.");
            return;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var b = 0; b < bands.Count; b++)
        {
            var band = bands[b];
            var path = $"bands[{b}]";
            if (string.IsNullOrWhiteSpace(band.Name))
            {
                Problem(path + ".name", ScoringProblemKind.MissingName, $"Band {b + 1} has no name.");
            }
            else if (!names.Add(band.Name.Trim()))
            {
                Problem(path + ".name", ScoringProblemKind.DuplicateName, $"The band name \"{band.Name}\" is used more than once.");
            }

            if (!double.IsFinite(band.From) || !double.IsFinite(band.To) || band.From < 0 || band.To > 100)
            {
                Problem(path, ScoringProblemKind.BandsOutOfRange, $"The band \"{band.Name}\" ({F(band.From)}–{F(band.To)}) goes outside 0–100.");
            }

            if (!(band.To > band.From))
            {
                Problem(path, ScoringProblemKind.EmptyBand, $"The band \"{band.Name}\" runs from {F(band.From)} to {F(band.To)}; it must end above where it starts.");
            }

            if (b > 0 && band.From < bands[b - 1].From)
            {
                Problem(path, ScoringProblemKind.BandsUnordered, $"The band \"{band.Name}\" starts at {F(band.From)}, below \"{bands[b - 1].Name}\" before it; list the bands from lowest to highest.");
            }
        }

        var ordered = bands.OrderBy(b => b.From).ToList();
        if (ordered[0].From > 0)
        {
            Problem("bands", ScoringProblemKind.BandsGap, $"No band covers scores from 0 to {F(ordered[0].From)}.");
        }

        if (ordered.Max(b => b.To) < 100)
        {
            Problem("bands", ScoringProblemKind.BandsGap, $"No band covers scores from {F(ordered.Max(b => b.To))} to 100.");
        }

        for (var b = 1; b < ordered.Count; b++)
        {
            var previous = ordered[b - 1];
            var band = ordered[b];
            if (band.From < previous.To)
            {
                Problem($"bands[{IndexOf(band)}]", ScoringProblemKind.BandsOverlap, $"The bands \"{previous.Name}\" ({F(previous.From)}–{F(previous.To)}) and \"{band.Name}\" ({F(band.From)}–{F(band.To)}) overlap.");
            }
            else if (band.From > previous.To)
            {
                Problem($"bands[{IndexOf(band)}]", ScoringProblemKind.BandsGap, $"No band covers scores from {F(previous.To)} to {F(band.From)}, between \"{previous.Name}\" and \"{band.Name}\".");
            }
        }

        int IndexOf(MaturityBand band) => bands.ToList().IndexOf(band);
    }

    private void CheckJtbd()
    {
        if (_model.Jtbd is not { } jtbd)
        {
            return;
        }

        for (var w = 0; w < jtbd.StageWeights.Count; w++)
        {
            var weight = jtbd.StageWeights[w];
            if (!double.IsFinite(weight) || weight < 0 || weight > 100)
            {
                Problem($"jtbd.stageWeights[{w}]", ScoringProblemKind.StageWeightOutOfRange, $"Stage weight {w + 1} is {F(weight)}; stage weights run from 0 to 100.");
            }
            else if (w > 0 && weight < jtbd.StageWeights[w - 1])
            {
                Problem($"jtbd.stageWeights[{w}]", ScoringProblemKind.StageWeightsDecreasing, $"Stage weight {w + 1} ({F(weight)}) is below the one before it ({F(jtbd.StageWeights[w - 1])}); stage weights follow the stages in order.");
            }
        }

        CheckCutoffs(jtbd.Cutoffs);
        var segmentQuestion = _definition.Find(jtbd.SegmentQuestion ?? string.Empty);
        if (segmentQuestion is null)
        {
            Problem("jtbd.segmentQuestion", ScoringProblemKind.UnknownCode, $"The segment question \"{jtbd.SegmentQuestion}\" is not in this survey.");
        }
        else if (segmentQuestion.Type != QuestionType.SingleChoice)
        {
            Problem("jtbd.segmentQuestion", ScoringProblemKind.NotSingleChoice, $"The segment question \"{segmentQuestion.Code}\" is a {segmentQuestion.Type} question; it must be single choice.");
        }

        if (jtbd.Segments.Count == 0)
        {
            Problem("jtbd.segments", ScoringProblemKind.NoSegments, "The JTBD block names no segments.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var s = 0; s < jtbd.Segments.Count; s++)
        {
            CheckSegment(jtbd, jtbd.Segments[s], $"jtbd.segments[{s}]", segmentQuestion, seen);
        }

        PocsCompleted = NumberQuestion(jtbd.PocsCompletedQuestion, "jtbd.pocsCompletedQuestion");
        PocsInProduction = NumberQuestion(jtbd.PocsInProductionQuestion, "jtbd.pocsInProductionQuestion");
        if ((jtbd.PocsCompletedQuestion is null) != (jtbd.PocsInProductionQuestion is null))
        {
            Problem("jtbd", ScoringProblemKind.MissingRange, "Name both the completed-POCs and the in-production questions, or neither.");
        }
    }

    private void CheckSuppressionAndWeighting()
    {
        if (_model.SuppressionK < 3)
        {
            Problem("suppressionK", ScoringProblemKind.SuppressionTooLow, $"The suppression threshold k is {_model.SuppressionK}; it is never below 3.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var w = 0; w < _model.Weighting.Count; w++)
        {
            var target = _model.Weighting[w];
            var path = $"weighting[{w}]";
            var question = _definition.Find(target.Question ?? string.Empty);
            if (question is null)
            {
                Problem($"{path}.question", ScoringProblemKind.UnknownCode, $"The weighting question \"{target.Question}\" is not in this survey.");
                continue;
            }

            if (question.Type != QuestionType.SingleChoice)
            {
                Problem($"{path}.question", ScoringProblemKind.NotSingleChoice, $"The weighting question \"{question.Code}\" is a {question.Type} question; it must be single choice.");
                continue;
            }

            if (!seen.Add(question.Code))
            {
                Problem($"{path}.question", ScoringProblemKind.DuplicateKey, $"The weighting question \"{question.Code}\" is listed twice.");
            }

            foreach (var (code, share) in target.Margins)
            {
                if (!question.Options.Any(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase)))
                {
                    Problem($"{path}.margins.{code}", ScoringProblemKind.UnknownOption, $"\"{code}\" is not an option of \"{question.Code}\".");
                }
                else if (!double.IsFinite(share) || share <= 0 || share > 1)
                {
                    Problem($"{path}.margins.{code}", ScoringProblemKind.MarginsInvalid, $"The share of \"{code}\" is {F(share)}; shares are above 0 and at most 1.");
                }
            }

            var sum = target.Margins.Values.Where(double.IsFinite).Sum();
            if (target.Margins.Count == 0 || Math.Abs(sum - 1) > 1e-6)
            {
                Problem($"{path}.margins", ScoringProblemKind.MarginsInvalid, $"The shares of \"{question.Code}\" add up to {F(sum)}; they must add up to 1.");
            }
        }
    }

    private void CheckCutoffs(CutoffRule rule)
    {
        if (rule.Method != CutoffMethod.Fixed)
        {
            return;
        }

        foreach (var (name, value) in new[] { ("opportunity", rule.Opportunity), ("adoption", rule.Adoption) })
        {
            if (value is not { } v)
            {
                Problem($"jtbd.cutoffs.{name}", ScoringProblemKind.CutoffMissing, $"Fixed cut-offs need an {name} value.");
            }
            else if (!double.IsFinite(v) || v < 0 || v > 100)
            {
                Problem($"jtbd.cutoffs.{name}", ScoringProblemKind.CutoffOutOfRange, $"The {name} cut-off is {F(v)}; it must be from 0 to 100.");
            }
        }
    }

    private void CheckSegment(JtbdModel jtbd, JtbdSegment segment, string path, QuestionDefinition? segmentQuestion, HashSet<string> seen)
    {
        var before = Problems.Count;
        if (segmentQuestion is { Type: QuestionType.SingleChoice } && !segmentQuestion.Options.Any(o => string.Equals(o.Code, segment.Segment, StringComparison.OrdinalIgnoreCase)))
        {
            Problem(path + ".segment", ScoringProblemKind.UnknownOption, $"\"{segment.Segment}\" is not an option of the segment question \"{segmentQuestion.Code}\".");
        }

        if (!seen.Add(segment.Segment ?? string.Empty))
        {
            Problem(path + ".segment", ScoringProblemKind.DuplicateSegment, $"The segment \"{segment.Segment}\" is listed more than once.");
        }

        var stage = Matrix(segment.StageMatrix, path + ".stageMatrix", "stage", QuestionType.MatrixSingle);
        var pain = Matrix(segment.PainMatrix, path + ".painMatrix", "pain", null);
        var manual = Matrix(segment.ManualMatrix, path + ".manualMatrix", "manual share", null);
        if (stage is not null)
        {
            if (stage.Options.Count != jtbd.StageWeights.Count)
            {
                Problem(path + ".stageMatrix", ScoringProblemKind.StageWeightsCount, $"The stage matrix \"{stage.Code}\" has {stage.Options.Count} stages but the model gives {jtbd.StageWeights.Count} stage weights.");
            }

            var poc = StageIndex(stage, jtbd.PocStage, path, "pocStage");
            var production = StageIndex(stage, jtbd.ProductionStage, path, "productionStage");
            if (poc is { } p && production is { } q && q <= p)
            {
                Problem(path + ".stageMatrix", ScoringProblemKind.StagesOutOfOrder, $"In \"{stage.Code}\" the production stage \"{jtbd.ProductionStage}\" does not come after the POC stage \"{jtbd.PocStage}\".");
            }
        }

        foreach (var other in new[] { pain, manual })
        {
            if (stage is not null && other is not null && !SameRows(stage, other))
            {
                Problem(path, ScoringProblemKind.RowsDiffer, $"The matrices \"{stage.Code}\" and \"{other.Code}\" do not have the same rows.");
            }
        }

        if (stage is not null && pain is not null && manual is not null && Problems.Count == before)
        {
            Segments.Add(new ResolvedSegment(segment.Segment!, stage, pain, manual));
        }
    }

    private QuestionDefinition? Matrix(string? code, string path, string role, QuestionType? type)
    {
        var question = _definition.Find(code ?? string.Empty);
        if (question is null)
        {
            Problem(path, ScoringProblemKind.UnknownCode, $"The {role} matrix \"{code}\" is not in this survey.");
            return null;
        }

        if (type is { } t ? question.Type != t : !question.IsMatrix)
        {
            Problem(path, ScoringProblemKind.WrongQuestionType, $"The {role} matrix \"{code}\" is a {question.Type} question; it must be {(type is { } x ? x.ToString() : "a matrix (single choice or rating)")}.");
            return null;
        }

        var points = question.Type == QuestionType.MatrixSingle ? question.Options.Count : question.ScaleMax - question.ScaleStart + 1;
        if (points < 2)
        {
            Problem(path, ScoringProblemKind.EmptyRange, $"The {role} matrix \"{code}\" has fewer than two answers per row, so it cannot be normalised.");
            return null;
        }

        return question;
    }

    private int? StageIndex(QuestionDefinition stage, string? code, string path, string property)
    {
        var index = stage.Options.ToList().FindIndex(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            Problem($"jtbd.{property}", ScoringProblemKind.UnknownOption, $"\"{code}\" is not a stage of \"{stage.Code}\" ({path}).");
            return null;
        }

        return index;
    }

    private static bool SameRows(QuestionDefinition a, QuestionDefinition b) =>
        a.Rows.Select(r => r.Code).SequenceEqual(b.Rows.Select(r => r.Code), StringComparer.OrdinalIgnoreCase);

    private QuestionDefinition? NumberQuestion(string? code, string path)
    {
        if (code is null)
        {
            return null;
        }

        var question = _definition.Find(code);
        if (question is null)
        {
            Problem(path, ScoringProblemKind.UnknownCode, $"The question \"{code}\" is not in this survey.");
            return null;
        }

        if (question.Type != QuestionType.Number)
        {
            Problem(path, ScoringProblemKind.WrongQuestionType, $"\"{code}\" is a {question.Type} question; it must be a number.");
            return null;
        }

        return question;
    }
}
