using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Web.Results.Charts;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The Results page's charts, rendered with bUnit: geometry from the figures, encoded labels, suppression and accessibility.</summary>
public sealed class ChartTests : BunitContext
{
    private static readonly ShareTable Colours = new("colour", "respondents answering", 146,
    [
        new("r", "Red <b>bold</b>", 73, 0.5, new Bounds(0.42, 0.58)),
        new("g", "Green", 29, 0.2, new Bounds(0.14, 0.27)),
        new("b", "Blue", 44, 0.3, new Bounds(0.23, 0.38)),
    ]);

    private static readonly JtbdSegmentResult Segment = new("smb", "Small & medium", "Median", 60, 40,
    [
        new("triage", "Ticket <script>triage</script>", Published(30, 22, 38), Published(80, 71, 88), Published(10, 5, 15), "best targets"),
        new("billing", "Billing", Published(70, 61, 79), Published(20, 12, 28), Published(10, 5, 15), "crowded, small upside"),
        new("hr", "HR onboarding", Figure.SuppressedAs("suppressed (n<5)"), Figure.SuppressedAs("suppressed (n<5)"), Figure.SuppressedAs("suppressed (n<5)"), null),
    ]) { Respondents = 40 };

    private static Figure Published(double mean, double lower, double upper) => new() { N = 20, Mean = mean, Bootstrap = new Bounds(lower, upper) };

    private static double Number(IElement element, string attribute) =>
        double.Parse(element.GetAttribute(attribute)!, CultureInfo.InvariantCulture);

    [Fact]
    public void ShareBars_AreProportionalToTheShares_WithWhiskersAtTheWilsonBounds_AndPercentLabels()
    {
        var chart = Render<ShareBarChart>(p => p.Add(c => c.Table, Colours).Add(c => c.DownloadUrl, "/download"));

        var bars = chart.FindAll("g.bar");
        Assert.Equal(["r", "g", "b"], bars.Select(b => b.GetAttribute("data-code")));
        var widths = bars.Select(b => Number(b.QuerySelector("rect")!, "width")).ToList();
        Assert.Equal(ShareBarSvg.PlotWidth * 0.5, widths[0], 2);
        Assert.Equal(ShareBarSvg.PlotWidth * 0.2, widths[1], 2);
        Assert.Equal(ShareBarSvg.PlotWidth * 0.3, widths[2], 2);
        var whisker = bars[0].QuerySelector("g.whisker")!.QuerySelector("line")!;
        Assert.Equal(ShareBarSvg.PlotWidth * 0.42, Number(whisker, "x1"), 2);
        Assert.Equal(ShareBarSvg.PlotWidth * 0.58, Number(whisker, "x2"), 2);
        Assert.Equal(["50.0%", "20.0%", "30.0%"], bars.Select(b => b.QuerySelector("text.share")!.TextContent));
        Assert.Equal("Base: respondents answering, n = 146", chart.Find("[data-testid=chart-base]").TextContent);
        Assert.Equal("/download", chart.Find("[data-testid=chart-download]").GetAttribute("href"));
    }

    [Fact]
    public void ShareChart_EncodesAuthorLabels_AndHasTitleDescAndADataTable()
    {
        var chart = Render<ShareBarChart>(p => p.Add(c => c.Table, Colours));

        Assert.Empty(chart.FindAll("svg b"));
        Assert.Contains("Red &lt;b&gt;bold&lt;/b&gt;", chart.Markup, StringComparison.Ordinal);
        Assert.Equal("Red <b>bold</b>", chart.Find("g.bar[data-code=r] > text").TextContent);
        var svg = chart.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("options-colour-title options-colour-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("Answer shares: colour", chart.Find("svg > title#options-colour-title").TextContent);
        Assert.Contains("Green: 20.0% (14.0% to 27.0%)", chart.Find("svg > desc#options-colour-desc").TextContent, StringComparison.Ordinal);
        Assert.Equal("Answer shares: colour", chart.Find("details table caption").TextContent);
        Assert.Equal(3, chart.FindAll("details table tbody tr").Count);
        Assert.Empty(chart.FindAll("[style]"));
        Assert.Empty(chart.FindAll("style, script"));
    }

    [Fact]
    public void ASuppressedShareTable_ShowsItsLabel_AndNoBars()
    {
        var chart = Render<ShareBarChart>(p => p.Add(c => c.Table, new ShareTable("colour", "respondents answering", null, []) { Suppressed = "suppressed (n<5)" }));

        Assert.Empty(chart.FindAll("rect, g.bar"));
        Assert.Equal("suppressed (n<5)", chart.Find("svg g.suppressed text").TextContent);
        Assert.Equal("suppressed (n<5)", chart.Find("details td.suppressed").TextContent);
        Assert.NotNull(chart.Find("svg > title"));
        Assert.NotNull(chart.Find("svg > desc"));
    }

    [Fact]
    public void QuadrantPoints_SitAtAdoptionAndOpportunity_WithBootstrapWhiskers_CutoffLines_AndQuadrantNames()
    {
        var chart = Render<QuadrantChart>(p => p.Add(c => c.Segment, Segment));

        var points = chart.FindAll("g.point");
        Assert.Equal(["triage", "billing"], points.Select(x => x.GetAttribute("data-row")));
        var width = QuadrantSvg.Right - QuadrantSvg.Left;
        var height = QuadrantSvg.Bottom - QuadrantSvg.Top;
        var triage = points[0].QuerySelector("circle")!;
        Assert.Equal(QuadrantSvg.Left + 0.30 * width, Number(triage, "cx"), 2);
        Assert.Equal(QuadrantSvg.Bottom - 0.80 * height, Number(triage, "cy"), 2);
        var billing = points[1].QuerySelector("circle")!;
        Assert.Equal(QuadrantSvg.Left + 0.70 * width, Number(billing, "cx"), 2);
        Assert.Equal(QuadrantSvg.Bottom - 0.20 * height, Number(billing, "cy"), 2);

        var adoptionWhisker = points[0].QuerySelector("line.whisker-adoption")!;
        Assert.Equal(QuadrantSvg.Left + 0.22 * width, Number(adoptionWhisker, "x1"), 2);
        Assert.Equal(QuadrantSvg.Left + 0.38 * width, Number(adoptionWhisker, "x2"), 2);
        var opportunityWhisker = points[0].QuerySelector("line.whisker-opportunity")!;
        Assert.Equal(QuadrantSvg.Bottom - 0.71 * height, Number(opportunityWhisker, "y1"), 2);
        Assert.Equal(QuadrantSvg.Bottom - 0.88 * height, Number(opportunityWhisker, "y2"), 2);

        var adoptionCutoff = chart.Find("line.cutoff-adoption");
        Assert.Equal(QuadrantSvg.Left + 0.40 * width, Number(adoptionCutoff, "x1"), 2);
        Assert.Equal(QuadrantSvg.Left + 0.40 * width, Number(adoptionCutoff, "x2"), 2);
        var opportunityCutoff = chart.Find("line.cutoff-opportunity");
        Assert.Equal(QuadrantSvg.Bottom - 0.60 * height, Number(opportunityCutoff, "y1"), 2);
        Assert.Equal(["Best targets", "Validated but competitive", "Crowded, small upside", "Avoid for now"],
            chart.FindAll("g.quadrant-names text").Select(t => t.TextContent));
    }

    [Fact]
    public void QuadrantChart_DoesNotPlotSuppressedJobs_ListsThem_AndEncodesLabels()
    {
        var chart = Render<QuadrantChart>(p => p.Add(c => c.Segment, Segment));

        Assert.Empty(chart.FindAll("g.point[data-row=hr]"));
        Assert.Equal("Not plotted: HR onboarding (suppressed (n<5))", chart.Find("[data-testid=not-plotted]").TextContent);
        Assert.Empty(chart.FindAll("svg script"));
        Assert.Contains("&lt;script&gt;", chart.Markup, StringComparison.Ordinal);
        Assert.Equal("quadrant-smb-title quadrant-smb-desc", chart.Find("svg").GetAttribute("aria-labelledby"));
        Assert.Equal("Jobs to be done: Small & medium", chart.Find("svg > title").TextContent);
        Assert.Contains("Billing: adoption 70.0, opportunity 20.0, crowded, small upside", chart.Find("svg > desc").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, chart.FindAll("details table tbody tr").Count);
        Assert.Empty(chart.FindAll("[style], style"));
    }

    [Fact]
    public void ASuppressedSegment_ShowsItsLabel_AndNoPoints()
    {
        var chart = Render<QuadrantChart>(p => p.Add(c => c.Segment, new JtbdSegmentResult("tiny", "Tiny", "Median", null, null, []) { Suppressed = "suppressed (n<5)" }));

        Assert.Empty(chart.FindAll("g.point, circle, line.cutoff-adoption"));
        Assert.Equal("suppressed (n<5)", chart.Find("svg g.suppressed text").TextContent);
        Assert.Equal("suppressed (n<5)", chart.Find("details td.suppressed").TextContent);
    }
}
