using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using SurveyPlatform.Domain.Analysis;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Web.Results.Charts;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The overview and readiness charts, rendered with bUnit: geometry from the figures, the data tables, downloads and the suppressed state.</summary>
public sealed class AnalysisChartTests : BunitContext
{
    private static double Number(IElement element, string attribute) =>
        double.Parse(element.GetAttribute(attribute)!, CultureInfo.InvariantCulture);

    [Fact]
    public void Funnel_DrawsABarPerStage_ScaledToTheLargest_WithTheCompletionRate_AndBothDownloads()
    {
        var funnel = ResponseFunnel.From(invited: 80, openSessions: 10, completed: 30);
        var chart = Render<FunnelChart>(p => p.Add(c => c.Funnel, funnel).Add(c => c.SvgUrl, "/svg").Add(c => c.PngUrl, "/png"));

        var bars = chart.FindAll("g.bar");
        Assert.Equal(["invited", "started", "partial", "completed"], bars.Select(b => b.GetAttribute("data-key")));
        Assert.Equal(BarsSvg.PlotWidth, Number(bars[0].QuerySelector("rect")!, "width"), 2);
        Assert.Equal(BarsSvg.PlotWidth * 40 / 80, Number(bars[1].QuerySelector("rect")!, "width"), 2);
        Assert.Equal(BarsSvg.PlotWidth * 10 / 80, Number(bars[2].QuerySelector("rect")!, "width"), 2);
        Assert.Equal(BarsSvg.PlotWidth * 30 / 80, Number(bars[3].QuerySelector("rect")!, "width"), 2);
        Assert.Equal(["80", "40", "10", "30"], bars.Select(b => b.QuerySelector("text.value")!.TextContent));
        Assert.Contains("Completion rate: 75.0%; response rate: 37.5% of invited", chart.Find("[data-testid=completion-rate]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/svg", chart.Find("[data-testid=chart-download]").GetAttribute("href"));
        Assert.Equal("/png", chart.Find("[data-testid=chart-download-png]").GetAttribute("href"));
        Assert.Equal("Response funnel", chart.Find("svg > title").TextContent);
        Assert.Contains("Completed: 30", chart.Find("svg > desc").TextContent, StringComparison.Ordinal);
        Assert.Equal(5, chart.FindAll("details tbody tr").Count);
    }

    [Fact]
    public void Funnel_WithoutAnInvitationList_HasNoInvitedBar()
    {
        var chart = Render<FunnelChart>(p => p.Add(c => c.Funnel, ResponseFunnel.From(null, 2, 6)));

        Assert.Equal(["started", "partial", "completed"], chart.FindAll("g.bar").Select(b => b.GetAttribute("data-key")));
        Assert.Empty(chart.FindAll("[data-testid=chart-download-png]"));
    }

    [Fact]
    public void DailyResponses_ColumnHeightsFollowTheCounts_OnANiceAxis_AndTheTableListsEveryDay()
    {
        DayCount[] days = [new(new DateOnly(2026, 3, 1), 3), new(new DateOnly(2026, 3, 2), 0), new(new DateOnly(2026, 3, 3), 7)];
        var chart = Render<DailyResponsesChart>(p => p.Add(c => c.Days, days));

        var columns = chart.FindAll("g.column");
        Assert.Equal(["2026-03-01", "2026-03-02", "2026-03-03"], columns.Select(c => c.GetAttribute("data-key")));
        var max = ColumnsSvg.NiceMax(7);
        Assert.Equal(10, max);
        Assert.Equal(ColumnsSvg.Bottom - ColumnsSvg.Y(3, max), Number(columns[0].QuerySelector("rect")!, "height"), 2);
        Assert.Equal(0, Number(columns[1].QuerySelector("rect")!, "height"), 2);
        Assert.Equal((ColumnsSvg.Bottom - ColumnsSvg.Top) * 0.7, Number(columns[2].QuerySelector("rect")!, "height"), 2);
        Assert.Equal(["2026-03-01", "2026-03-02", "2026-03-03"], chart.FindAll("details tbody th").Select(t => t.TextContent));
        Assert.Contains("10 in all", chart.Find("svg > desc").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadinessHistogram_DrawsTheBins_OrOnlyTheSuppressionLabelBelowK()
    {
        var histogram = ScoreHistogram.Of([5, 15, 15, 55, 95, 100], new SuppressionPolicy(5));
        var chart = Render<ReadinessHistogramChart>(p => p.Add(c => c.Histogram, histogram));

        Assert.Equal([1, 2, 0, 0, 0, 1, 0, 0, 0, 2], chart.FindAll("g.column").Select(c => Number(c, "data-value")));
        Assert.Equal("n = 6", chart.Find("[data-testid=histogram-n]").TextContent);
        Assert.Equal("90–100", chart.FindAll("details tbody th")[^1].TextContent);

        var suppressed = Render<ReadinessHistogramChart>(p => p.Add(c => c.Histogram, ScoreHistogram.Of([5, 15, 15], new SuppressionPolicy(5))));
        Assert.Empty(suppressed.FindAll("g.column"));
        Assert.Equal("suppressed (n<5)", suppressed.Find("svg g.suppressed").TextContent);
        Assert.Equal("suppressed (n<5)", suppressed.Find("[data-testid=histogram-n]").TextContent);
        Assert.Equal("suppressed (n<5)", suppressed.Find("details td.suppressed").TextContent);
        Assert.DoesNotContain("n = 3", suppressed.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Maturity_BarsAreTheShares_WithWilsonWhiskers_OrTheSuppressionLabel()
    {
        var table = new ShareTable("maturity", "respondents with an overall score", 40,
        [
            new("low", "Exploring", 10, 0.25, new Bounds(0.14, 0.4)),
            new("high", "Scaling", 30, 0.75, new Bounds(0.6, 0.86)),
        ]);
        var chart = Render<MaturityChart>(p => p.Add(c => c.Table, table));

        var bars = chart.FindAll("g.bar");
        Assert.Equal(BarsSvg.PlotWidth * 0.25, Number(bars[0].QuerySelector("rect")!, "width"), 2);
        Assert.Equal(BarsSvg.PlotWidth * 0.75, Number(bars[1].QuerySelector("rect")!, "width"), 2);
        Assert.Equal(BarsSvg.PlotWidth * 0.6, Number(bars[1].QuerySelector("g.whisker")!, "data-lower"), 2);
        Assert.Equal(["25.0%", "75.0%"], bars.Select(b => b.QuerySelector("text.value")!.TextContent));

        var hidden = Render<MaturityChart>(p => p.Add(c => c.Table, new ShareTable("maturity", "respondents", null, [new("low", "Exploring", null, null, null)]) { Suppressed = "suppressed (n<5)" }));
        Assert.Empty(hidden.FindAll("g.bar"));
        Assert.Equal("suppressed (n<5)", hidden.Find("svg g.suppressed").TextContent);
    }

    [Fact]
    public void DimensionMeans_PlotEachGroupsMeanAndInterval_AndASuppressedSegmentHasNoDot()
    {
        var results = new ScoringResults
        {
            EngineVersion = "test",
            InputHash = "x",
            Seed = "1",
            K = 5,
            Dimensions = [new DimensionFigure("Strategy & <governance>", 1, new Figure { N = 40, Mean = 60, Bootstrap = new Bounds(55, 65) })],
            Segments =
            [
                new SegmentFigure("provider", "Provider", new Figure { N = 30, Mean = 62 }, [new DimensionFigure("Strategy & <governance>", 1, new Figure { N = 30, Mean = 40, TInterval = new Bounds(30, 50) })]) { N = 30 },
                new SegmentFigure("pharma", "Pharma", Figure.SuppressedAs("suppressed (n<5)"), []) { Suppressed = "suppressed (n<5)" },
            ],
        };
        var chart = Render<DimensionMeansChart>(p => p.Add(c => c.Results, results));

        var all = chart.Find("g.estimate[data-key=all]");
        Assert.Equal(IntervalsSvg.X(60), Number(all.QuerySelector("circle")!, "cx"), 2);
        Assert.Equal(IntervalsSvg.X(55), Number(all.QuerySelector("g.whisker")!, "data-lower"), 2);
        var provider = chart.Find("g.estimate[data-key=provider]");
        Assert.Equal(IntervalsSvg.X(40), Number(provider.QuerySelector("circle")!, "cx"), 2);
        Assert.Equal(IntervalsSvg.X(50), Number(provider.QuerySelector("g.whisker")!, "data-upper"), 2);
        var pharma = chart.Find("g.estimate[data-key=pharma]");
        Assert.Null(pharma.QuerySelector("circle"));
        Assert.Equal("suppressed (n<5)", pharma.QuerySelector("g.suppressed")!.TextContent);
        Assert.Equal("Strategy & <governance>", chart.Find("g.group > text").TextContent);
        Assert.Contains("&lt;governance&gt;", chart.Markup, StringComparison.Ordinal);
        Assert.Equal(3, chart.FindAll("details tbody tr").Count);
        Assert.Equal("suppressed (n<5)", chart.Find("details td.suppressed").TextContent);
    }

    [Fact]
    public void ExistingCharts_OfferAPngDownloadBesideTheSvg()
    {
        var segment = new JtbdSegmentResult("all", "All", "Median", 50, 50, []) { Respondents = 10 };
        var chart = Render<QuadrantChart>(p => p.Add(c => c.Segment, segment).Add(c => c.DownloadUrl, "/q.svg").Add(c => c.PngUrl, "/q.png"));

        Assert.Equal("/q.svg", chart.Find("[data-testid=chart-download]").GetAttribute("href"));
        Assert.Equal("/q.png", chart.Find("[data-testid=chart-download-png]").GetAttribute("href"));
    }
}
