using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The Results page of a scored survey shows its charts, and each downloads as SVG for those who may read the survey only.</summary>
public sealed class ResultsChartsPageTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task AScoredSurveysResults_ShowAChartPerShareTable_DownloadableAsSvgByTheOwner_AndNotByAnotherOwner()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        using var respondent = app.Session();
        for (var mood = 1; mood <= 5; mood++)
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["apple"], mood, "York", "40");
        }

        await SurveyPages.CloseAsync(owner, id);
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(30), "the close's scoring run");

        var page = await owner.GetAsync($"/surveys/{id}/results");
        // A section per question; a chart for each but the text question (which links to its answers).
        Assert.Equal(
            ["question-colour", "question-fruit", "question-mood", "question-city", "question-age"],
            page.Document.QuerySelectorAll("section[data-testid^=question-]").Select(s => s.GetAttribute("data-testid")));
        var charts = page.Document.QuerySelectorAll("figure[data-testid^=chart-question-]");
        Assert.Equal(
            ["chart-question-colour", "chart-question-fruit", "chart-question-mood", "chart-question-age"],
            charts.Select(c => c.GetAttribute("data-testid")));
        Assert.All(charts, c => Assert.NotNull(c.QuerySelector("svg[role=img] > title")));
        Assert.All(charts, c => Assert.NotNull(c.QuerySelector("svg[role=img] > desc")));
        Assert.All(charts, c => Assert.NotNull(c.QuerySelector("details table")));
        Assert.NotEmpty(page.Document.QuerySelectorAll("figure[data-testid=chart-question-colour] g.bar rect"));
        Assert.Equal(5, page.Document.QuerySelectorAll("figure[data-testid=chart-question-mood] g.segment").Length);
        Assert.NotNull(page.Document.QuerySelector("section[data-testid=question-city] [data-testid=text-answers-link]"));

        var href = charts[0].QuerySelector("[data-testid=chart-download]")!.GetAttribute("href")!;
        using var download = await owner.Client.GetAsync(new Uri(href, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/svg+xml", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var svg = XDocument.Parse(await download.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.NotNull(svg.Root.Element(ns + "title"));
        Assert.NotEmpty(svg.Root.Descendants(ns + "rect"));

        using var unknown = await owner.Client.GetAsync(new Uri($"/surveys/{id}/results?handler=ChartSvg&chart=options-nothing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await app.CreateUserAsync("other@example.org", Password, Roles.SurveyOwner);
        using var other = await app.SignedInAsync("other@example.org", Password);
        using var foreign = await other.Client.GetAsync(new Uri(href, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
