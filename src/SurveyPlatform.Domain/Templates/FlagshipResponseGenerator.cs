using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Templates;

/// <summary>
/// Synthetic responses to the flagship questionnaire (<see cref="HealthcareAiAdoption"/>) drawn from a
/// known <see cref="FlagshipProfile"/>, for tests, demo data and benchmarks. It walks the pages as a
/// respondent would, honouring show-if conditions, so each response holds the stored answers of a
/// complete, valid submission: the segment from the profile's shares, that segment's three JTBD
/// matrices (the segments of <see cref="FlagshipScoringModel"/>) from the profile's probabilities,
/// and every other shown question a uniformly random valid answer. The draws come from
/// <see cref="Xoshiro256StarStar"/>, so a seed gives the same responses on every machine.
/// </summary>
public sealed class FlagshipResponseGenerator
{
    private const int MaxGenericNumber = 10;
    private const double ExclusiveShare = 0.1;

    private static readonly string[] ShortTexts = ["United States", "United Kingdom", "Germany", "Canada", "Australia", "Singapore"];
    private static readonly string[] LongTexts = ["Integration with existing systems takes longer than the model work.", "Clinician trust is growing slowly."];

    private readonly SurveyDefinition _definition;
    private readonly FlagshipProfile _profile;
    private readonly Xoshiro256StarStar _random;
    private readonly string _segmentQuestion;
    private readonly string[] _segments;
    private readonly Categorical _segmentDraw;
    private readonly string? _completedKey;
    private readonly string? _productionKey;

    // Matrix code → row code → the draw of that cell (only the JTBD matrices of segments with a share).
    private readonly Dictionary<string, Dictionary<string, Categorical>> _cells = new(StringComparer.OrdinalIgnoreCase);
    private int _count;

    /// <exception cref="ArgumentException">The definition lacks the flagship's segment question or matrices, or the profile is invalid.</exception>
    public FlagshipResponseGenerator(SurveyDefinition flagshipDefinition, FlagshipProfile profile, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(flagshipDefinition);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(profile.SegmentShares);
        ArgumentNullException.ThrowIfNull(profile.StageProbabilities);
        ArgumentNullException.ThrowIfNull(profile.PainProbabilities);
        ArgumentNullException.ThrowIfNull(profile.ManualProbabilities);
        _definition = flagshipDefinition;
        _profile = profile;
        _random = new Xoshiro256StarStar(seed);
        CheckShare(profile.NotApplicableShare, nameof(FlagshipProfile.NotApplicableShare));
        CheckShare(profile.PocProductionShare, nameof(FlagshipProfile.PocProductionShare));

        var jtbd = FlagshipScoringModel.Create().Jtbd!;
        _segmentQuestion = jtbd.SegmentQuestion;
        var segmentQuestion = Require(jtbd.SegmentQuestion);
        foreach (var code in profile.SegmentShares.Keys.Where(c => !segmentQuestion.Options.Any(o => o.Code == c)))
        {
            throw new ArgumentException($"\"{code}\" is not an option of the segment question.", nameof(profile));
        }

        // In option order, not the dictionary's: a seed must not depend on how the caller's dictionary enumerates.
        _segments = [.. segmentQuestion.Options.Select(o => o.Code).Where(profile.SegmentShares.ContainsKey)];
        _segmentDraw = Categorical.From([.. _segments.Select(c => profile.SegmentShares[c])], "segment shares");
        _completedKey = jtbd.PocsCompletedQuestion;
        _productionKey = jtbd.PocsInProductionQuestion;

        foreach (var segment in jtbd.Segments.Where(s => profile.SegmentShares.GetValueOrDefault(s.Segment) > 0))
        {
            var stage = Require(segment.StageMatrix);
            var pain = Require(segment.PainMatrix);
            var manual = Require(segment.ManualMatrix);
            AddCells(stage, segment.Segment, profile.StageProbabilities, stage.Options.Count);
            AddCells(pain, segment.Segment, profile.PainProbabilities, pain.ScaleMax - pain.ScaleStart + 1);
            AddCells(manual, segment.Segment, profile.ManualProbabilities, manual.Options.Count);
        }
    }

    /// <summary>The stored answers (answer key → value, as <see cref="AnswerSheet"/> stores them) of the next response.</summary>
    public IReadOnlyDictionary<string, string> Next()
    {
        _count++;
        var answers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lookup = new AnswerSheet.StoredAnswers(answers);
        foreach (var page in _definition.Pages.Where(p => AnswerSheet.IsShown(p.Condition, lookup)))
        {
            foreach (var question in page.Questions)
            {
                if (question.IsAnswerable && AnswerSheet.IsShown(question.Condition, lookup))
                {
                    Answer(question, answers);
                }
            }
        }

        return answers;
    }

    private QuestionDefinition Require(string code) =>
        _definition.Find(code) ?? throw new ArgumentException($"The definition has no question \"{code}\"; is it the flagship definition?");

    private static void CheckShare(double share, string name)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentException($"{name} must be from 0 to 1.");
        }
    }

    private void AddCells(QuestionDefinition matrix, string segment, Func<string, string, IReadOnlyList<double>> probabilities, int count)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var rows = new Dictionary<string, Categorical>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in matrix.Rows)
        {
            var p = probabilities(segment, row.Code) ?? throw new ArgumentException($"No probabilities for {matrix.Code}, {segment}, {row.Code}.");
            if (p.Count != count)
            {
                throw new ArgumentException($"{matrix.Code} ({segment}, {row.Code}): {p.Count} probabilities for {count} answers.");
            }

            rows[row.Code] = Categorical.From(p, $"{matrix.Code} ({segment}, {row.Code})");
        }

        _cells[matrix.Code] = rows;
    }

    private void Answer(QuestionDefinition q, Dictionary<string, string> answers)
    {
        if (string.Equals(q.Code, _segmentQuestion, StringComparison.OrdinalIgnoreCase))
        {
            answers[q.Code] = _segments[_segmentDraw.Sample(_random)];
            return;
        }

        if (q.IsMatrix)
        {
            var known = _cells.GetValueOrDefault(q.Code);
            foreach (var row in q.Rows)
            {
                answers[q.RowKey(row.Code)] = NotApplicable(q) ? QuestionDefinition.NotApplicable
                    : Cell(q, known?[row.Code].Sample(_random) ?? _random.NextInt(CellCount(q)));
            }

            return;
        }

        var value = q.Type switch
        {
            QuestionType.SingleChoice => Choose(q, [q.Options[_random.NextInt(q.Options.Count)].Code], answers),
            QuestionType.MultipleChoice => Choose(q, Several(q), answers),
            QuestionType.Rating or QuestionType.Nps => NotApplicable(q) ? QuestionDefinition.NotApplicable : Cell(q, _random.NextInt(CellCount(q))),
            QuestionType.YesNo => _random.NextInt(2) == 0 ? "yes" : "no",
            QuestionType.Number => Number(q, answers),
            QuestionType.Ranking => string.Join(AnswerSheet.MultipleSeparator, Shuffled(q.Options.Count).Select(i => q.Options[i].Code)),
            QuestionType.Date => new DateOnly(2025, 1, 1).AddDays(_random.NextInt(365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            QuestionType.LongText => LongTexts[_random.NextInt(LongTexts.Length)],
            QuestionType.ShortText => q.Validation switch
            {
                TextValidation.Email => $"respondent{_count.ToString(CultureInfo.InvariantCulture)}@example.org",
                TextValidation.Regex => null, // no general way to satisfy a pattern; the flagship has none
                _ => ShortTexts[_random.NextInt(ShortTexts.Length)],
            },
            _ => null,
        };
        if (value is not null)
        {
            answers[q.Code] = value;
        }
    }

    private bool NotApplicable(QuestionDefinition q) => q.AllowNotApplicable && _random.NextDouble() < _profile.NotApplicableShare;

    private static int CellCount(QuestionDefinition q) => q.Type is QuestionType.MatrixSingle ? q.Options.Count : q.ScaleMax - q.ScaleStart + 1;

    private static string Cell(QuestionDefinition q, int index) =>
        q.Type is QuestionType.MatrixSingle ? q.Options[index].Code : (q.ScaleStart + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>Stores the choices in the definition's order (as the validator does), with a text for "other".</summary>
    private static string Choose(QuestionDefinition q, IReadOnlyCollection<string> chosen, Dictionary<string, string> answers)
    {
        if (q.OtherOption is { } other && chosen.Contains(other))
        {
            answers[q.OtherKey] = "Synthetic other answer";
        }

        return string.Join(AnswerSheet.MultipleSeparator, q.Options.Select(o => o.Code).Where(chosen.Contains));
    }

    /// <summary>The exclusive option alone now and then; otherwise a random number of the other options within the selection limits.</summary>
    private List<string> Several(QuestionDefinition q)
    {
        if (q.ExclusiveOption is { } exclusive && (q.MinSelections ?? 1) <= 1 && _random.NextDouble() < ExclusiveShare)
        {
            return [exclusive];
        }

        var candidates = q.Options.Where(o => !string.Equals(o.Code, q.ExclusiveOption, StringComparison.OrdinalIgnoreCase)).ToList();
        var min = Math.Max(1, q.MinSelections ?? 1);
        var max = Math.Min(candidates.Count, q.MaxSelections ?? candidates.Count);
        var count = min + _random.NextInt(Math.Max(1, max - min + 1));
        return [.. Shuffled(candidates.Count).Take(count).Select(i => candidates[i].Code)];
    }

    private int[] Shuffled(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = _random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>Whole numbers from the minimum up to ten more; POCs in production count each completed POC with the profile's chance.</summary>
    private string Number(QuestionDefinition q, Dictionary<string, string> answers)
    {
        var low = (int)Math.Ceiling(q.Min ?? 0);
        var high = (int)Math.Floor(Math.Min(q.Max ?? low + MaxGenericNumber, low + MaxGenericNumber));
        var value = low + _random.NextInt(high - low + 1);
        if (string.Equals(q.Code, _productionKey, StringComparison.OrdinalIgnoreCase) && _completedKey is not null
            && answers.TryGetValue(_completedKey, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var completed))
        {
            value = Enumerable.Range(0, completed).Count(_ => _random.NextDouble() < _profile.PocProductionShare);
            value = Math.Clamp(value, low, high);
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A draw from fixed probabilities by their running sums.</summary>
    private sealed class Categorical(double[] cumulative, int last)
    {
        private const double Tolerance = 1e-9;

        public static Categorical From(IReadOnlyList<double> probabilities, string what)
        {
            if (probabilities.Count == 0 || probabilities.Any(p => !(p >= 0) || double.IsInfinity(p)))
            {
                throw new ArgumentException($"{what}: the probabilities must be finite and not negative.");
            }

            var cumulative = new double[probabilities.Count];
            var sum = 0d;
            var last = 0;
            for (var i = 0; i < probabilities.Count; i++)
            {
                sum += probabilities[i];
                cumulative[i] = sum;
                last = probabilities[i] > 0 ? i : last;
            }

            return Math.Abs(sum - 1) > Tolerance
                ? throw new ArgumentException($"{what}: the probabilities sum to {sum.ToString(CultureInfo.InvariantCulture)}, not 1.")
                : new Categorical(cumulative, last);
        }

        public int Sample(Xoshiro256StarStar random)
        {
            var u = random.NextDouble();
            for (var i = 0; i < last; i++)
            {
                if (u < cumulative[i])
                {
                    return i;
                }
            }

            return last;
        }
    }
}
