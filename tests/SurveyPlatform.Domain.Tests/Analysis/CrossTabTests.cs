using SurveyPlatform.Domain.Analysis;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Analysis;

public sealed class CrossTabTests
{
    private static readonly CrossTabCategory[] Roles = [new("clin", "Clinician"), new("tech", "Technical"), new("exec", "Executive")];
    private static readonly CrossTabCategory[] Tools = [new("a", "Tool A"), new("b", "Tool B"), new("c", "Tool C")];

    // 24 respondents laid out by hand: role, saw the question, tools chosen.
    private static readonly (string? Role, bool Saw, string[] Chosen)[] People =
    [
        ("clin", true, ["a"]), ("clin", true, ["a", "b"]), ("clin", true, []), ("clin", true, ["c"]), ("clin", true, ["a", "c"]), ("clin", false, []),
        ("clin", true, ["b"]), ("clin", true, ["a"]),
        ("tech", true, ["a", "b", "c"]), ("tech", true, ["b"]), ("tech", true, ["b"]), ("tech", true, []), ("tech", true, ["b", "c"]),
        ("tech", true, ["a"]), ("tech", false, []),
        ("exec", true, ["a"]), ("exec", true, []), ("exec", true, ["c"]), ("exec", true, ["a", "b"]), ("exec", true, ["a"]), ("exec", true, ["b"]),
        (null, true, ["a"]), (null, true, ["c"]), (null, true, []),
    ];

    private static IEnumerable<CrossTabCase> Cases() => People.Select(p => new CrossTabCase(p.Role, p.Saw, p.Chosen, null));

    [Fact]
    public void MultipleChoiceRows_CountEachColumnByHand_OnTheBaseOfThoseWhoSawTheQuestion()
    {
        var table = CrossTab.Build(Roles, new CrossTabRows(Tools, MultipleChoice: true, Mean: false), Cases(), new SuppressionPolicy(3));

        // Hand count: clinicians saw it 7 times (one did not); a: 4, b: 2, c: 2.
        var clin = table.Columns.Single(c => c.Code == "clin").Figures!;
        Assert.Equal(7, clin.Base);
        Assert.Equal([4, 2, 2], clin.Cells.Select(c => c.Count));
        Assert.Equal(4.0 / 7, clin.Cells[0].Share!.Value, 12);
        var wilson = WilsonInterval.ForProportion(4, 7)!.Value;
        Assert.Equal(wilson.Lower, clin.Cells[0].Wilson!.Lower, 12);
        Assert.Equal(wilson.Upper, clin.Cells[0].Wilson!.Upper, 12);

        // Technical leaders: saw 6; a: 2, b: 4, c: 2. Executives: 6; a: 3, b: 2, c: 1.
        Assert.Equal(6, table.Columns.Single(c => c.Code == "tech").Figures!.Base);
        Assert.Equal([2, 4, 2], table.Columns.Single(c => c.Code == "tech").Figures!.Cells.Select(c => c.Count));
        Assert.Equal([3, 2, 1], table.Columns.Single(c => c.Code == "exec").Figures!.Cells.Select(c => c.Count));

        // Those without a role are their own column, and the total is everyone who saw it (22).
        var none = table.Columns.Single(c => c.Code == CrossTab.NoAnswerCode);
        Assert.Equal(CrossTab.NoAnswerLabel, none.Label);
        Assert.Equal(3, none.Figures!.Base);
        Assert.Equal(22, table.Total.Figures!.Base);
        Assert.Equal([10, 8, 6], table.Total.Figures.Cells.Select(c => c.Count));
    }

    [Fact]
    public void SingleChoiceRows_UseThoseWhoAnsweredAsTheBase_AndSharesAddUpToOne()
    {
        var cases = new[]
        {
            new CrossTabCase("x", true, ["a"], null), new CrossTabCase("x", true, ["b"], null), new CrossTabCase("x", true, ["a"], null),
            new CrossTabCase("x", true, [], null), new CrossTabCase("x", true, ["c"], null), new CrossTabCase("x", true, ["a"], null),
        };
        var table = CrossTab.Build([new("x", "X")], new CrossTabRows(Tools, false, false), cases, new SuppressionPolicy(3));

        var x = table.Columns.Single().Figures!;
        Assert.Equal(5, x.Base);
        Assert.Equal([3, 1, 1], x.Cells.Select(c => c.Count));
        Assert.Equal(1.0, x.Cells.Sum(c => c.Share!.Value), 12);
    }

    [Fact]
    public void RatingRows_HaveAMeanWithSdAndTInterval_PerColumn()
    {
        double[] a = [1, 2, 4, 5, 5];
        double[] b = [3, 3, 4, 2];
        var cases = a.Select(v => new CrossTabCase("a", true, [v.ToString(System.Globalization.CultureInfo.InvariantCulture)], v))
            .Concat(b.Select(v => new CrossTabCase("b", true, [v.ToString(System.Globalization.CultureInfo.InvariantCulture)], v)));
        var scale = Enumerable.Range(1, 5).Select(i => new CrossTabCategory(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var table = CrossTab.Build([new("a", "A"), new("b", "B")], new CrossTabRows(scale, false, true), cases, new SuppressionPolicy(4));

        var mean = table.Columns[0].Figures!.Mean!;
        Assert.Equal(5, mean.N);
        Assert.Equal(a.Average(), mean.Mean!.Value, 12);
        var sd = Math.Sqrt(a.Sum(v => (v - a.Average()) * (v - a.Average())) / 4);
        Assert.Equal(sd, mean.StandardDeviation!.Value, 12);
        var t = StudentTInterval.ForMean(a)!.Value;
        Assert.Equal(t.Lower, mean.TInterval!.Lower, 12);
        Assert.Equal([1, 1, 0, 1, 2], table.Columns[0].Figures!.Cells.Select(c => c.Count));
        Assert.Equal(b.Average(), table.Columns[1].Figures!.Mean!.Mean!.Value, 12);
        Assert.Equal((a.Sum() + b.Sum()) / 9, table.Total.Figures!.Mean!.Mean!.Value, 12);
    }

    [Fact]
    public void AColumnBelowK_IsSuppressed_AndTheNextSmallestToo_SoItCannotBeRecoveredFromTheTotal()
    {
        // k = 5: no-answer has 3 (below k) and is suppressed; executives (6) are the smallest other and go with it.
        var table = CrossTab.Build(Roles, new CrossTabRows(Tools, true, false), Cases(), new SuppressionPolicy(5));

        var none = table.Columns.Single(c => c.Code == CrossTab.NoAnswerCode);
        Assert.Null(none.Figures);
        Assert.Equal("suppressed (n<5)", none.Suppressed);
        var tech = table.Columns.Single(c => c.Code == "tech");
        Assert.Null(tech.Figures);
        Assert.Equal("suppressed (complementary)", tech.Suppressed);
        Assert.NotNull(table.Columns.Single(c => c.Code == "clin").Figures);
        Assert.NotNull(table.Columns.Single(c => c.Code == "exec").Figures);
        Assert.NotNull(table.Total.Figures);
    }

    [Fact]
    public void ATotalBelowK_PublishesNothing()
    {
        var table = CrossTab.Build(Roles, new CrossTabRows(Tools, true, false), Cases().Take(4), new SuppressionPolicy(5));

        Assert.Null(table.Total.Figures);
        Assert.All(table.Columns, c => Assert.Null(c.Figures));
        Assert.All(table.Columns, c => Assert.StartsWith("suppressed", c.Suppressed, StringComparison.Ordinal));
    }

    [Fact]
    public void TwoColumnsBelowK_AreSuppressed_WithoutAComplement()
    {
        var cases = Enumerable.Repeat(new CrossTabCase("a", true, ["a"], null), 6)
            .Concat(Enumerable.Repeat(new CrossTabCase("b", true, ["b"], null), 2))
            .Concat(Enumerable.Repeat(new CrossTabCase("c", true, ["c"], null), 2))
            .Concat(Enumerable.Repeat(new CrossTabCase("d", true, ["a"], null), 7));
        var table = CrossTab.Build([new("a", "A"), new("b", "B"), new("c", "C"), new("d", "D")], new CrossTabRows(Tools, false, false), cases, new SuppressionPolicy(5));

        Assert.Equal([true, false, false, true], table.Columns.Select(c => c.Figures is not null));
    }
}
