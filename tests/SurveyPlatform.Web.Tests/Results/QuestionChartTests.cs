using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Descriptives;
using SurveyPlatform.Web.Results.Charts;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>
/// The question charts, rendered with bUnit from summaries the descriptives engine builds: geometry
/// from the figures, a title, a description and a data table behind each, and the suppressed state.
/// </summary>
public sealed class QuestionChartTests : BunitContext
{
    private static readonly SuppressionPolicy KThree = new(3);

    private static Dictionary<string, string> Answers(params (string Key, string Value)[] answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);

    private static QuestionSummary Summarise(QuestionDefinition question, params string[] answers)
    {
        var descriptives = new QuestionDescriptives(new SurveyDefinition { Questions = [question] });
        foreach (var answer in answers)
        {
            descriptives.Add(Answers((question.Code, answer)));
        }

        return descriptives.Finish(KThree).Single();
    }

    private static double Number(IElement element, string attribute) =>
        double.Parse(element.GetAttribute(attribute)!, CultureInfo.InvariantCulture);

    private static readonly QuestionDefinition Rating = new() { Code = "ease", Text = "How easy <b>was</b> it?", Type = QuestionType.Rating, Scale = 5 };

    private static readonly QuestionDefinition Nps = new() { Code = "nps", Text = "Recommend?", Type = QuestionType.Nps };

    private static readonly QuestionDefinition Beds = new() { Code = "beds", Text = "Beds", Type = QuestionType.Number };

    private static readonly QuestionDefinition Matrix = new()
    {
        Code = "use", Text = "Use by area", Type = QuestionType.MatrixSingle,
        Rows = [new("triage", "Triage"), new("billing", "Billing")],
        Options = [new("none", "None"), new("pilot", "Pilot"), new("live", "Live")],
    };

    [Fact]
    public void ScaleChart_StacksTheSharesPerPoint_AndMarksTheNativeMeanWithItsTInterval()
    {
        // 1, 3, 3, 4, 5: shares 20%, 0%, 40%, 20%, 20%; mean 3.2 with the t interval 1.358–5.042 on the 1–5 axis.
        var summary = Summarise(Rating, "1", "3", "3", "4", "5");
        var chart = Render<QuestionResult>(p => p.Add(c => c.Question, summary).Add(c => c.DownloadUrl, "/svg"));

        var segments = chart.FindAll("g.segment rect");
        Assert.Equal([0.2, 0, 0.4, 0.2, 0.2], segments.Select(s => Math.Round(Number(s, "width") / ScaleSvg.PlotWidth, 4)));
        Assert.Equal(0.2 * ScaleSvg.PlotWidth, Number(segments[2], "x"), 2);
        var mean = chart.Find("g.mean");
        Assert.Equal("3.2", mean.GetAttribute("data-mean"));
        Assert.Equal((3.2 - 1) / 4 * ScaleSvg.PlotWidth, Number(mean.QuerySelector("circle")!, "cx"), 2);
        var whisker = mean.QuerySelector("line.whisker")!;
        Assert.Equal((summary.Figure!.TInterval!.Lower - 1) / 4 * ScaleSvg.PlotWidth, Number(whisker, "x1"), 1);
        Assert.Equal(ScaleSvg.PlotWidth, Number(whisker, "x2"), 2); // 5.04 is cut at the scale's end
        Assert.Equal("3.20", chart.Find("text.mean-value").TextContent);
        Assert.Equal("Ratings: ease (1–5)", chart.Find("svg > title").TextContent);
        Assert.Contains("All respondents: mean 3.20 (1.36 to 5.04), n = 5", chart.Find("svg > desc").TextContent, StringComparison.Ordinal);
        Assert.Equal("3.20", chart.Find("[data-testid=figure-mean]").TextContent);
        Assert.Equal(5, chart.FindAll("details table tbody tr").Count);
        Assert.Equal("Base: respondents answering, n = 5", chart.Find("[data-testid=chart-base]").TextContent);
        Assert.Contains("How easy &lt;b&gt;was&lt;/b&gt; it?", chart.Markup, StringComparison.Ordinal);
        Assert.Empty(chart.FindAll("[style], style, script"));
    }

    [Fact]
    public void NpsChart_ShowsTheThreeGroups_AndTheScoreWithItsInterval()
    {
        var summary = Summarise(Nps, "10", "9", "9", "10", "9", "8", "7", "7", "3", "6");
        var chart = Render<QuestionResult>(p => p.Add(c => c.Question, summary));

        var groups = chart.FindAll("g.group");
        Assert.Equal(["detractors", "passives", "promoters"], groups.Select(g => g.GetAttribute("data-group")));
        Assert.Equal([0.2, 0.3, 0.5], groups.Select(g => Math.Round(Number(g.QuerySelector("rect")!, "width") / NpsSvg.PlotWidth, 4)));
        var score = chart.Find("g.score");
        Assert.Equal("30", score.GetAttribute("data-score"));
        Assert.Equal(NpsSvg.X(30), Number(score.QuerySelector("circle")!, "cx"), 2);
        Assert.Equal(NpsSvg.X(-19.050615), Number(score.QuerySelector("line.whisker")!, "x1"), 1);
        Assert.Equal("30.0 (95% CI -19.1 to 65.2)", chart.Find("[data-testid=nps-score]").TextContent);
        Assert.Contains("Net Promoter Score 30.0", chart.Find("svg > desc").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_HasABarPerBin_TheMedianLine_AndTheIqrBand()
    {
        var summary = Summarise(Beds, "10", "1", "3", "2", "4");
        var chart = Render<QuestionResult>(p => p.Add(c => c.Question, summary));

        var bins = chart.FindAll("g.bin");
        Assert.Equal(["3", "1", "0", "1"], bins.Select(b => b.GetAttribute("data-count")));
        var tallest = Number(bins[0].QuerySelector("rect")!, "height");
        Assert.Equal(tallest / 3, Number(bins[1].QuerySelector("rect")!, "height"), 2);
        var number = summary.Number!;
        Assert.Equal(HistogramSvg.X(number, 3), Number(chart.Find("line.median"), "x1"), 2);
        var band = chart.Find("rect.iqr");
        Assert.Equal(HistogramSvg.X(number, 2), Number(band, "x"), 2);
        Assert.Equal(HistogramSvg.X(number, 4) - HistogramSvg.X(number, 2), Number(band, "width"), 2);
        Assert.Equal("2", chart.Find("[data-testid=iqr]").TextContent);
        Assert.Equal(4, chart.FindAll("details table tbody tr").Count);
    }

    [Fact]
    public void Heatmap_ShadesEachCellByItsRowShare_AndShowsASuppressedRow()
    {
        // Triage: none, pilot, live, live (4 answers); billing: live, live (2 answers, below k = 3).
        var descriptives = new QuestionDescriptives(new SurveyDefinition { Questions = [Matrix] });
        descriptives.Add(Answers(("use_triage", "none"), ("use_billing", "live")));
        descriptives.Add(Answers(("use_triage", "pilot"), ("use_billing", "live")));
        descriptives.Add(Answers(("use_triage", "live")));
        descriptives.Add(Answers(("use_triage", "live")));
        var summary = descriptives.Finish(KThree).Single();

        var chart = Render<QuestionResult>(p => p.Add(c => c.Question, summary));

        var cells = chart.FindAll("g.heat-row[data-row=triage] g.cell");
        Assert.Equal(["0.25", "0.25", "0.5"], cells.Select(c => c.GetAttribute("data-share")));
        Assert.Equal(QuestionPalette.Ramp(0.5), cells[2].QuerySelector("rect")!.GetAttribute("fill"));
        Assert.Equal("50.0%", cells[2].QuerySelector("text")!.TextContent);
        Assert.Equal("suppressed (n<3)", chart.Find("g.heat-row[data-row=billing] text.suppressed").TextContent);
        Assert.Empty(chart.FindAll("g.heat-row[data-row=billing] g.cell"));
        Assert.Equal("suppressed (n<3)", chart.Find("[data-testid=matrix-table] td.suppressed").TextContent);
    }

    [Fact]
    public void EveryQuestionChart_OfASuppressedQuestion_ShowsOnlyItsLabel()
    {
        foreach (var question in new[] { Rating, Nps, Beds, Matrix })
        {
            var summary = Summarise(question, question.Type == QuestionType.MatrixSingle ? "x" : "1");
            Assert.Equal("suppressed (n<3)", summary.Suppressed);

            var chart = Render<QuestionResult>(p => p.Add(c => c.Question, summary).Add(c => c.DownloadUrl, "/svg"));

            Assert.Equal("suppressed (n<3)", chart.Find("svg g.suppressed text").TextContent);
            Assert.Equal("suppressed (n<3)", chart.Find("[data-testid=question-suppressed]").TextContent);
            Assert.Empty(chart.FindAll("g.segment, g.group, g.bin, g.cell, details, [data-testid=chart-download]"));
            Assert.NotNull(chart.Find("svg > title"));
            Assert.Contains("not shown: suppressed (n<3)", chart.Find("svg > desc").TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AMultipleChoice_StatesItsBase_AndTheOtherBaseBeside()
    {
        var tools = new QuestionDefinition { Code = "tools", Text = "Tools", Type = QuestionType.MultipleChoice, Options = [new("a", "A"), new("b", "B")], Condition = "gate = yes" };
        var descriptives = new QuestionDescriptives(new SurveyDefinition { Questions = [new() { Code = "gate", Text = "?", Type = QuestionType.YesNo }, tools] });
        foreach (var chosen in new[] { "a", "a;b", "b", null, null })
        {
            descriptives.Add(chosen is null ? Answers(("gate", "yes")) : Answers(("gate", "yes"), ("tools", chosen)));
        }

        var summary = descriptives.Finish(KThree).Single(q => q.Code == "tools");
        var chart = Render<QuestionResult>(p => p.Add(c => c.Question, summary));

        Assert.Equal("Base: respondents who saw the question, n = 5 (of respondents choosing any option: n = 3)", chart.Find("[data-testid=chart-base]").TextContent);
        Assert.Equal(ShareBarSvg.PlotWidth * 0.4, Number(chart.Find("g.bar[data-code=a] rect"), "width"), 2);
        Assert.Equal(2, chart.FindAll("details table").Count);
    }

    [Fact]
    public void ATextQuestion_HasItsCountAndALinkToItsAnswers()
    {
        var summary = Summarise(new QuestionDefinition { Code = "why", Text = "Why?", Type = QuestionType.LongText }, "a", "b", "c");
        var chart = Render<QuestionResult>(p => p.Add(c => c.Question, summary).Add(c => c.AnswersUrl, "/answers/why"));

        Assert.Empty(chart.FindAll("svg"));
        Assert.Equal("3 text answers.", chart.Find("[data-testid=text-count]").TextContent);
        Assert.Equal("/answers/why", chart.Find("[data-testid=text-answers-link]").GetAttribute("href"));
    }
}
