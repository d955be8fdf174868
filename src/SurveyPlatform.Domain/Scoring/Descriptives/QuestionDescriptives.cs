using System.Globalization;
using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Scoring.Descriptives;

/// <summary>
/// Every question's descriptive summary, on the question's own scale, built from a stream of
/// submitted responses (memory grows with the distinct values seen, and by one number per answer of a
/// number question for its exact quartiles). Whether a respondent saw a question is read from the
/// page and question conditions of the version the response answered (registered with
/// <see cref="AddVersion"/>; otherwise the definition's) over the stored answers — a submitted
/// response keeps only the answers of questions it showed — and a question that holds an answer was
/// shown; a question its version did not have was not shown to it unless it holds an answer. A
/// condition on a participant attribute is evaluated without the attribute, so a question it hides
/// from someone who did not answer it counts as not seen.
/// </summary>
public sealed class QuestionDescriptives
{
    public const string ShownBase = "respondents who saw the question";
    public const string AnsweredAnyBase = "respondents choosing any option";
    public const string AnsweringBase = "respondents answering";

    private readonly List<(Condition? Page, List<(Condition? Own, Tally Tally)> Questions)> _pages = [];

    /// <summary>Per earlier version: each (current) question it had, with its page's and its own condition there.</summary>
    private readonly Dictionary<int, Dictionary<Tally, (Condition? Page, Condition? Own)>> _versions = [];

    public QuestionDescriptives(SurveyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        foreach (var page in definition.Pages)
        {
            var questions = new List<(Condition?, Tally)>();
            foreach (var question in page.Questions.Where(q => q.IsAnswerable))
            {
                questions.Add((Parse(question.Condition), Tally.For(question)));
            }

            _pages.Add((Parse(page.Condition), questions));
        }
    }

    public IEnumerable<QuestionDefinition> Questions => _pages.SelectMany(p => p.Questions).Select(q => q.Tally.Question);

    /// <summary>
    /// Registers a published version's layout, so a response to it is counted as having seen a
    /// question by that version's conditions (questions are matched by code; one the current
    /// definition no longer has is not summarised).
    /// </summary>
    public void AddVersion(int number, SurveyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var byCode = _pages.SelectMany(p => p.Questions).ToDictionary(q => q.Tally.Question.Code, q => q.Tally, StringComparer.OrdinalIgnoreCase);
        var layout = new Dictionary<Tally, (Condition?, Condition?)>();
        foreach (var page in definition.Pages)
        {
            var pageCondition = Parse(page.Condition);
            foreach (var question in page.Questions.Where(q => q.IsAnswerable))
            {
                if (byCode.TryGetValue(question.Code, out var tally))
                {
                    layout.TryAdd(tally, (pageCondition, Parse(question.Condition)));
                }
            }
        }

        _versions[number] = layout;
    }

    public void Add(IReadOnlyDictionary<string, string> answers) => Add(answers, version: null);

    /// <param name="version">The version the response answered; null or unregistered: the definition's conditions.</param>
    public void Add(IReadOnlyDictionary<string, string> answers, int? version)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var lookup = new AnswerSheet.StoredAnswers(answers);
        var layout = version is { } v ? _versions.GetValueOrDefault(v) : null;
        foreach (var (pageCondition, questions) in _pages)
        {
            var pageShown = layout is null && (pageCondition?.Evaluate(lookup) ?? true);
            foreach (var (own, tally) in questions)
            {
                var answered = tally.Add(answers);
                bool shown;
                if (answered)
                {
                    shown = true;
                }
                else if (layout is null)
                {
                    shown = pageShown && (own?.Evaluate(lookup) ?? true);
                }
                else
                {
                    shown = layout.TryGetValue(tally, out var there)
                        && (there.Page?.Evaluate(lookup) ?? true)
                        && (there.Own?.Evaluate(lookup) ?? true);
                }

                if (shown)
                {
                    tally.Shown++;
                }
            }
        }
    }

    public IReadOnlyList<QuestionSummary> Finish(SuppressionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return [.. _pages.SelectMany(p => p.Questions).Select(q => q.Tally.Summary(policy))];
    }

    /// <summary>
    /// Option shares of a stated base with Wilson intervals; a base below k gives the options without
    /// numbers and the suppression label.
    /// </summary>
    public static ShareTable Shares(string name, string baseName, int baseN, IReadOnlyList<(string Code, string Label, int Count)> options, SuppressionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        if (!policy.Allows(baseN))
        {
            return new ShareTable(name, baseName, null, [.. options.Select(o => new ShareFigure(o.Code, o.Label, null, null, null))]) { Suppressed = policy.BelowKLabel };
        }

        return new ShareTable(name, baseName, baseN, [.. options.Select(o =>
        {
            var wilson = WilsonInterval.ForProportion(o.Count, baseN);
            return new ShareFigure(o.Code, o.Label, o.Count, (double)o.Count / baseN, wilson is { } w ? new Bounds(w.Lower, w.Upper) : null);
        })]);
    }

    /// <summary>n, mean, sample SD, median and t interval of whole-number answers given as counts per point (counts[i] answers of start + i).</summary>
    public static ItemStatistics FromCounts(int start, IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var n = counts.Sum();
        if (n == 0)
        {
            return new ItemStatistics(0, null, null, null, null);
        }

        var mean = counts.Select((c, i) => (double)c * (start + i)).Sum() / n;
        double? sd = n < 2 ? null : Math.Sqrt(counts.Select((c, i) => c * Math.Pow(start + i - mean, 2)).Sum() / (n - 1));
        var interval = sd is { } s ? StudentTInterval.ForMean(n, mean, s) : null;
        return new ItemStatistics(n, mean, sd, (ValueAt(start, counts, (n - 1) / 2) + ValueAt(start, counts, n / 2)) / 2.0, interval);
    }

    private static int ValueAt(int start, IReadOnlyList<int> counts, int position)
    {
        var seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (position < seen)
            {
                return start + i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(position));
    }

    internal static Figure Published(ItemStatistics stats) => new()
    {
        N = stats.N,
        Mean = stats.Mean,
        StandardDeviation = stats.StandardDeviation,
        Median = stats.Median,
        TInterval = stats.MeanInterval is { } t ? new Bounds(t.Lower, t.Upper) : null,
    };

    private static Condition? Parse(string? condition) =>
        string.IsNullOrWhiteSpace(condition) ? null : ConditionParser.Parse(condition).Condition;

    /// <summary>A stored answer, or null when it is absent, blank or "not applicable".</summary>
    private static string? Value(IReadOnlyDictionary<string, string> answers, string key) =>
        answers.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool IsNotApplicable(string value) => string.Equals(value, QuestionDefinition.NotApplicable, StringComparison.OrdinalIgnoreCase);

    private static int? Point(string value, int start, int end) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var point) && point >= start && point <= end ? point : null;

    private abstract class Tally(QuestionDefinition question)
    {
        public QuestionDefinition Question { get; } = question;

        public int Shown { get; set; }

        protected int Answered { get; set; }

        /// <summary>Counts the response's answer; true when it answered the question.</summary>
        public abstract bool Add(IReadOnlyDictionary<string, string> answers);

        public abstract QuestionSummary Summary(SuppressionPolicy policy);

        protected QuestionSummary Empty => new(Question.Code, Question.Text, Question.Type);

        protected QuestionSummary SuppressedSummary(SuppressionPolicy policy) => Empty with { Suppressed = policy.BelowKLabel };

        protected QuestionSummary Counted => Empty with { Shown = Shown, Answered = Answered };

        public static Tally For(QuestionDefinition question) => question.Type switch
        {
            QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.YesNo => new ChoiceTally(question),
            QuestionType.Rating or QuestionType.Nps => new ScaleTally(question),
            QuestionType.Number => new NumberTally(question),
            QuestionType.MatrixSingle or QuestionType.MatrixRating => new MatrixTally(question),
            QuestionType.Ranking => new RankingTally(question),
            QuestionType.Date => new DateTally(question),
            _ => new TextTally(question),
        };
    }

    private sealed class TextTally(QuestionDefinition question) : Tally(question)
    {
        public override bool Add(IReadOnlyDictionary<string, string> answers)
        {
            if (Value(answers, Question.Code) is null)
            {
                return false;
            }

            Answered++;
            return true;
        }

        public override QuestionSummary Summary(SuppressionPolicy policy) => policy.Allows(Answered) ? Counted : SuppressedSummary(policy);
    }

    private sealed class ChoiceTally : Tally
    {
        private readonly (string Code, string Label)[] _options;
        private readonly int[] _counts;
        private readonly bool[] _chosen;

        public ChoiceTally(QuestionDefinition question)
            : base(question)
        {
            _options = question.Type == QuestionType.YesNo ? [("yes", "Yes"), ("no", "No")] : [.. question.Options.Select(o => (o.Code, o.Label))];
            _counts = new int[_options.Length];
            _chosen = new bool[_options.Length];
        }

        private bool Multiple => Question.Type == QuestionType.MultipleChoice;

        public override bool Add(IReadOnlyDictionary<string, string> answers)
        {
            if (Value(answers, Question.Code) is not { } value)
            {
                return false;
            }

            // Each option counts once however often (or in whatever case) the response lists it.
            var any = false;
            Array.Clear(_chosen);
            if (Multiple)
            {
                foreach (var range in value.AsSpan().Split(AnswerSheet.MultipleSeparator))
                {
                    any |= Count(value.AsSpan(range).Trim());
                }
            }
            else
            {
                any = Count(value);
            }

            if (any)
            {
                Answered++;
            }

            return any;
        }

        private bool Count(ReadOnlySpan<char> code)
        {
            var any = false;
            for (var o = 0; o < _options.Length; o++)
            {
                if (!_chosen[o] && code.Equals(_options[o].Code, StringComparison.OrdinalIgnoreCase))
                {
                    _chosen[o] = true;
                    _counts[o]++;
                    any = true;
                }
            }

            return any;
        }

        public override QuestionSummary Summary(SuppressionPolicy policy)
        {
            var (baseName, baseN) = Stated();
            var table = Table(baseName, baseN, policy);
            if (table.Suppressed is not null)
            {
                return SuppressedSummary(policy) with { Shares = table };
            }

            // Both bases, when a multiple choice's differ: the stated one, and the other beside it.
            if (Multiple && Shown != Answered)
            {
                var other = Question.SharesBase == SharesBase.Answered ? (ShownBase, Shown) : (AnsweredAnyBase, Answered);
                table = table with { Alternative = Table(other.Item1, other.Item2, policy) };
            }

            return Counted with { Shares = table };
        }

        /// <summary>The base the question's shares are of: who saw it (multiple choice by default), or who answered.</summary>
        public (string Name, int N) Stated() =>
            !Multiple ? (AnsweringBase, Answered)
            : Question.SharesBase == SharesBase.Answered ? (AnsweredAnyBase, Answered)
            : (ShownBase, Math.Max(Shown, Answered));

        private ShareTable Table(string baseName, int baseN, SuppressionPolicy policy) =>
            Shares(Question.Code, baseName, baseN, [.. _options.Select((o, i) => (o.Code, o.Label, _counts[i]))], policy);
    }

    private sealed class ScaleTally : Tally
    {
        private readonly int[] _counts;
        private int _notApplicable;

        public ScaleTally(QuestionDefinition question)
            : base(question)
        {
            _counts = new int[question.ScaleMax - question.ScaleStart + 1];
        }

        public override bool Add(IReadOnlyDictionary<string, string> answers)
        {
            if (Value(answers, Question.Code) is not { } value)
            {
                return false;
            }

            if (IsNotApplicable(value))
            {
                _notApplicable++;
                return true;
            }

            if (Point(value, Question.ScaleStart, Question.ScaleMax) is not { } point)
            {
                return false;
            }

            _counts[point - Question.ScaleStart]++;
            Answered++;
            return true;
        }

        public override QuestionSummary Summary(SuppressionPolicy policy)
        {
            if (!policy.Allows(Answered))
            {
                return SuppressedSummary(policy);
            }

            var start = Question.ScaleStart;
            var shares = Shares(
                Question.Code,
                AnsweringBase,
                Answered,
                [.. _counts.Select((c, i) => ((start + i).ToString(CultureInfo.InvariantCulture), PointLabel(Question, start + i), c))],
                policy);
            var summary = Counted with
            {
                ScaleStart = start,
                ScaleEnd = Question.ScaleMax,
                NotApplicable = Question.AllowNotApplicable ? _notApplicable : null,
                Shares = shares,
                Figure = Published(FromCounts(start, _counts)),
            };
            if (Question.Type != QuestionType.Nps)
            {
                return summary;
            }

            var detractors = _counts.Take(NetPromoterScore.PassiveFrom).Sum();
            var passives = _counts.Skip(NetPromoterScore.PassiveFrom).Take(NetPromoterScore.PromoterFrom - NetPromoterScore.PassiveFrom).Sum();
            var promoters = _counts.Skip(NetPromoterScore.PromoterFrom).Sum();
            var nps = NetPromoterScore.Of(promoters, passives, detractors);
            var n = (double)nps.N;
            return summary with
            {
                Nps = new NpsFigure(promoters, passives, detractors, promoters / n, passives / n, detractors / n, nps.Score!.Value, nps.Interval is { } i ? new Bounds(i.Lower, i.Upper) : null),
            };
        }
    }

    /// <summary>The scale point's label: the low and high labels at the ends, the number elsewhere.</summary>
    internal static string PointLabel(QuestionDefinition question, int point)
    {
        var number = point.ToString(CultureInfo.InvariantCulture);
        return point == question.ScaleStart && !string.IsNullOrWhiteSpace(question.LowLabel) ? $"{number} ({question.LowLabel})"
            : point == question.ScaleMax && !string.IsNullOrWhiteSpace(question.HighLabel) ? $"{number} ({question.HighLabel})"
            : number;
    }

    private sealed class NumberTally(QuestionDefinition question) : Tally(question)
    {
        private readonly ValueDistribution _values = new();

        public override bool Add(IReadOnlyDictionary<string, string> answers)
        {
            if (Value(answers, Question.Code) is not { } text
                || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                return false;
            }

            _values.Add(number);
            Answered++;
            return true;
        }

        public override QuestionSummary Summary(SuppressionPolicy policy)
        {
            if (!policy.Allows(Answered))
            {
                return SuppressedSummary(policy);
            }

            var distribution = NumberDistribution.Of(_values);
            return Counted with
            {
                Figure = Published(distribution.Statistics),
                Number = new NumberFigure(distribution.Minimum!.Value, distribution.LowerQuartile!.Value, distribution.UpperQuartile!.Value, distribution.Maximum!.Value, distribution.Bins),
            };
        }
    }

    private sealed class MatrixTally : Tally
    {
        private readonly int[][] _counts;
        private readonly (string Code, string Label)[] _columns;
        private readonly string[] _rowKeys;
        private int _notApplicable;

        public MatrixTally(QuestionDefinition question)
            : base(question)
        {
            _columns = question.Type == QuestionType.MatrixRating
                ? [.. Enumerable.Range(question.ScaleStart, question.ScaleMax - question.ScaleStart + 1).Select(p => (p.ToString(CultureInfo.InvariantCulture), PointLabel(question, p)))]
                : [.. question.Options.Select(o => (o.Code, o.Label))];
            _counts = [.. question.Rows.Select(_ => new int[_columns.Length])];
            _rowKeys = [.. question.Rows.Select(r => question.RowKey(r.Code))];
        }

        public override bool Add(IReadOnlyDictionary<string, string> answers)
        {
            var any = false;
            var notApplicable = false;
            for (var r = 0; r < _rowKeys.Length; r++)
            {
                if (Value(answers, _rowKeys[r]) is not { } value)
                {
                    continue;
                }

                if (IsNotApplicable(value))
                {
                    notApplicable = true;
                    continue;
                }

                for (var column = 0; column < _columns.Length; column++)
                {
                    if (string.Equals(_columns[column].Code, value, StringComparison.OrdinalIgnoreCase))
                    {
                        _counts[r][column]++;
                        any = true;
                        break;
                    }
                }
            }

            if (any)
            {
                Answered++;
            }
            else if (notApplicable)
            {
                _notApplicable++;
            }

            return any || notApplicable;
        }

        public override QuestionSummary Summary(SuppressionPolicy policy)
        {
            if (!policy.Allows(Answered))
            {
                return SuppressedSummary(policy);
            }

            var rating = Question.Type == QuestionType.MatrixRating;
            var rows = Question.Rows.Select((row, r) =>
            {
                var n = _counts[r].Sum();
                var shares = Shares(Question.RowKey(row.Code), AnsweringBase, n, [.. _columns.Select((c, i) => (c.Code, c.Label, _counts[r][i]))], policy);
                if (shares.Suppressed is { } label)
                {
                    return new RowSummary(row.Code, row.Label, shares, null) { Suppressed = label };
                }

                return new RowSummary(row.Code, row.Label, shares, rating ? Published(FromCounts(Question.ScaleStart, _counts[r])) : null);
            }).ToList();
            return Counted with
            {
                ScaleStart = rating ? Question.ScaleStart : null,
                ScaleEnd = rating ? Question.ScaleMax : null,
                NotApplicable = Question.AllowNotApplicable ? _notApplicable : null,
                Rows = rows,
            };
        }
    }

    private sealed class RankingTally : Tally
    {
        private readonly int[][] _positions;

        public RankingTally(QuestionDefinition question)
            : base(question)
        {
            _positions = [.. question.Options.Select(_ => new int[question.Options.Count])];
        }

        public override bool Add(IReadOnlyDictionary<string, string> answers)
        {
            if (Value(answers, Question.Code) is not { } value)
            {
                return false;
            }

            var order = value.Split(AnswerSheet.MultipleSeparator).Select(c => c.Trim()).ToList();
            var any = false;
            for (var o = 0; o < Question.Options.Count; o++)
            {
                var rank = order.FindIndex(c => string.Equals(c, Question.Options[o].Code, StringComparison.OrdinalIgnoreCase));
                if (rank >= 0 && rank < _positions[o].Length)
                {
                    _positions[o][rank]++;
                    any = true;
                }
            }

            if (any)
            {
                Answered++;
            }

            return any;
        }

        public override QuestionSummary Summary(SuppressionPolicy policy)
        {
            if (!policy.Allows(Answered))
            {
                return SuppressedSummary(policy);
            }

            return Counted with
            {
                Rows = [.. Question.Options.Select((o, i) => new RowSummary(o.Code, o.Label, null, Published(FromCounts(1, _positions[i]))))],
            };
        }
    }

    private sealed class DateTally(QuestionDefinition question) : Tally(question)
    {
        private readonly SortedDictionary<string, int> _months = new(StringComparer.Ordinal);

        public override bool Add(IReadOnlyDictionary<string, string> answers)
        {
            if (Value(answers, Question.Code) is not { } value
                || !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return false;
            }

            var month = date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            _months[month] = _months.GetValueOrDefault(month) + 1;
            Answered++;
            return true;
        }

        public override QuestionSummary Summary(SuppressionPolicy policy) =>
            policy.Allows(Answered)
                ? Counted with { Shares = Shares(Question.Code, AnsweringBase + " (per month)", Answered, [.. _months.Select(m => (m.Key, m.Key, m.Value))], policy) }
                : SuppressedSummary(policy);
    }
}
