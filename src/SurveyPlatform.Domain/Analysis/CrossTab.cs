using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Analysis;

/// <summary>A value of a cross-tab's row or column variable: its code and what to show.</summary>
public sealed record CrossTabCategory(string Code, string Label);

/// <summary>
/// One respondent as a cross-tab reads them. <paramref name="Column"/> is their category of the
/// column variable (null when they have none: shown as the "no answer" column).
/// <paramref name="Saw"/> says whether the row question was on their path; <paramref name="Chosen"/>
/// holds the row categories they chose (one for a single choice, any number for a multiple choice)
/// and <paramref name="Value"/> their number for a rating or number row.
/// </summary>
public sealed record CrossTabCase(string? Column, bool Saw, IReadOnlyList<string> Chosen, double? Value);

/// <summary>What the rows report: a share per category, and for ratings and numbers a mean.</summary>
/// <param name="Categories">The row categories (empty for a number question).</param>
/// <param name="MultipleChoice">
/// Several categories per respondent: the base is everyone who saw the question, so shares need not
/// add up to 100%. Otherwise the base is those who answered.
/// </param>
/// <param name="Mean">Report the mean (SD, t interval) of <see cref="CrossTabCase.Value"/>.</param>
public sealed record CrossTabRows(IReadOnlyList<CrossTabCategory> Categories, bool MultipleChoice, bool Mean);

/// <summary>One row category in one column: count, share of the column's base and its 95% Wilson interval.</summary>
public sealed record CrossTabCell(string Row, int Count, double? Share, Bounds? Wilson);

/// <summary>A column's published figures.</summary>
public sealed record CrossTabFigures(int Base, IReadOnlyList<CrossTabCell> Cells, Figure? Mean);

/// <summary>One column (or the total): its figures, or only a suppression label.</summary>
public sealed record CrossTabColumn(string Code, string Label, CrossTabFigures? Figures, string? Suppressed);

/// <summary>
/// Any question (rows) by a single-choice question or participant attribute (columns): column
/// percentages with their bases and 95% Wilson intervals, and means for rating and number rows.
/// Columns form a partition of the total (respondents with no column value are their own "no
/// answer" column), so suppression is applied as to a partition: a column whose base is below k
/// is suppressed, and when exactly one is, the next-smallest is suppressed too (complementary), so
/// the small one cannot be recovered as the total minus the others. A total below k is suppressed
/// and then nothing is published.
/// </summary>
public sealed record CrossTab(CrossTabRows Rows, IReadOnlyList<CrossTabColumn> Columns, CrossTabColumn Total, int K)
{
    public const string NoAnswerCode = "";
    public const string NoAnswerLabel = "No answer";
    public const string TotalCode = "total";

    public static CrossTab Build(IReadOnlyList<CrossTabCategory> columns, CrossTabRows rows, IEnumerable<CrossTabCase> cases, SuppressionPolicy policy, string totalLabel = "Total")
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(policy);

        var known = columns.Select(c => c.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var byColumn = new Dictionary<string, List<CrossTabCase>>(StringComparer.OrdinalIgnoreCase);
        var all = new List<CrossTabCase>();
        foreach (var c in cases)
        {
            all.Add(c);
            // A value that is not a listed category (an option removed in a later version) joins "no answer".
            var key = c.Column is { } col && known.Contains(col) ? col : NoAnswerCode;
            if (!byColumn.TryGetValue(key, out var list))
            {
                byColumn[key] = list = [];
            }

            list.Add(c);
        }

        var shown = columns.ToList();
        if (byColumn.ContainsKey(NoAnswerCode))
        {
            shown.Add(new CrossTabCategory(NoAnswerCode, NoAnswerLabel));
        }

        var figures = shown.Select(c => Figures(rows, byColumn.GetValueOrDefault(c.Code) ?? [])).ToList();
        var total = Figures(rows, all);
        var totalPublished = policy.Allows(total.Base);
        var published = Suppression.ApplyToPartition(
            figures.Select((f, i) => new GroupValue<int, CrossTabFigures>(i, f.Base, f)).ToList(), policy, totalPublished);

        var result = new List<CrossTabColumn>(shown.Count);
        for (var i = 0; i < shown.Count; i++)
        {
            // Nothing is published when the total is suppressed: its columns are smaller still.
            var figure = totalPublished ? published[i].Figure : new Suppressed<CrossTabFigures>(policy.K, SuppressionReason.BelowK);
            result.Add(figure is Published<CrossTabFigures> p
                ? new CrossTabColumn(shown[i].Code, shown[i].Label, p.Value, null)
                : new CrossTabColumn(shown[i].Code, shown[i].Label, null, figure.Label));
        }

        var totalColumn = totalPublished
            ? new CrossTabColumn(TotalCode, totalLabel, total, null)
            : new CrossTabColumn(TotalCode, totalLabel, null, policy.BelowKLabel);
        return new CrossTab(rows, result, totalColumn, policy.K);
    }

    private static CrossTabFigures Figures(CrossTabRows rows, IReadOnlyList<CrossTabCase> cases)
    {
        var answered = cases.Where(c => c.Chosen.Count > 0).ToList();
        var baseN = rows.MultipleChoice ? cases.Count(c => c.Saw) : answered.Count;
        var cells = new List<CrossTabCell>(rows.Categories.Count);
        foreach (var category in rows.Categories)
        {
            var count = answered.Count(c => (!rows.MultipleChoice || c.Saw) && c.Chosen.Contains(category.Code, StringComparer.OrdinalIgnoreCase));
            var wilson = WilsonInterval.ForProportion(count, baseN);
            cells.Add(new CrossTabCell(
                category.Code,
                count,
                baseN == 0 ? null : (double)count / baseN,
                wilson is { } w ? new Bounds(w.Lower, w.Upper) : null));
        }

        Figure? mean = null;
        if (rows.Mean)
        {
            var values = cases.Where(c => c.Value is not null).Select(c => c.Value!.Value).ToList();
            var moments = new RunningMoments();
            foreach (var v in values)
            {
                moments.Add(v);
            }

            var t = moments is { N: >= 2, Mean: { } m, StandardDeviation: { } sd } ? StudentTInterval.ForMean(moments.N, m, sd) : null;
            mean = new Figure
            {
                N = moments.N,
                Mean = moments.Mean,
                StandardDeviation = moments.StandardDeviation,
                Median = Quantiles.Median(values),
                TInterval = t is { } ti ? new Bounds(ti.Lower, ti.Upper) : null,
            };

            // A number question has no categories: its base is those with a value.
            if (rows.Categories.Count == 0)
            {
                baseN = moments.N;
            }
        }

        return new CrossTabFigures(baseN, cells, mean);
    }
}
