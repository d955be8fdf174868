using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>
/// The Results page's overview (funnel, responses per day) and readiness charts (distribution,
/// maturity, dimension means by segment, quadrants, the sortable JTBD table), each downloadable as
/// SVG and PNG by those who may read the survey and by nobody else.
/// </summary>
public sealed class ResultsOverviewAndReadinessTests
{
    private const string Password = "correct horse battery staple";
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheOverview_ShowsTheFunnelAndResponsesPerDay_FromTheStoredResponsesAndSessions(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        for (var mood = 1; mood <= 3; mood++)
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["apple"], mood, "York", "40");
        }

        using var starter = app.Session();
        var first = await starter.GetAsync($"/s/{code}");
        await starter.SubmitAsync(first, RespondentPages.SurveyForm, RespondentPages.OnThisPage(first, new Dictionary<string, string[]> { ["colour"] = ["red"] }), RespondentPages.Save);

        var completed = await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id));
        var open = await app.WithDbAsync(db => db.ResponseSessions.CountAsync(s => s.SurveyId == id && s.CompletedAt == null));
        Assert.Equal(3, completed);
        Assert.True(open >= 1, "saving a page for later keeps a started, uncompleted session");

        var page = await owner.GetAsync($"/surveys/{id}/results");
        var funnel = page.Document.QuerySelector("[data-testid=chart-funnel]")!;
        Assert.NotNull(funnel.QuerySelector("svg[role=img] > title"));
        Assert.NotNull(funnel.QuerySelector("svg > desc"));
        double Bar(string key) => double.Parse(funnel.QuerySelector($"g.bar[data-key={key}]")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture);
        Assert.Equal(completed, Bar("completed"));
        Assert.Equal(open, Bar("partial"));
        Assert.Equal(completed + open, Bar("started"));
        Assert.Null(funnel.QuerySelector("g.bar[data-key=invited]"));
        var rate = (100.0 * completed / (completed + open)).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        Assert.Contains(rate, funnel.QuerySelector("[data-testid=completion-rate]")!.TextContent, StringComparison.Ordinal);

        var daily = page.Document.QuerySelector("[data-testid=chart-responses-per-day]")!;
        var columns = daily.QuerySelectorAll("g.column");
        Assert.Equal(completed, columns.Sum(c => double.Parse(c.GetAttribute("data-value")!, CultureInfo.InvariantCulture)));
        Assert.Equal(columns.Length, daily.QuerySelectorAll("details tbody tr").Length);

        foreach (var figure in new[] { funnel, daily })
        {
            await AssertPngAsync(owner, figure.QuerySelector("[data-testid=chart-download-png]")!.GetAttribute("href")!);
            await AssertSvgAsync(owner, figure.QuerySelector("[data-testid=chart-download]")!.GetAttribute("href")!);
        }

        await app.CreateUserAsync("other@example.org", Password, Roles.SurveyOwner);
        using var other = await app.SignedInAsync("other@example.org", Password);
        using var foreign = await other.Client.GetAsync(new Uri(funnel.QuerySelector("[data-testid=chart-download-png]")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AFlagshipRun_ShowsTheReadinessCharts_WithSmallSegmentsSuppressed_AndEveryChartDownloadsAsPng(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await FlagshipAsync(app, owner, responses: 60, pharma: 2);

        var run = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(90), "the flagship scoring run");
        var overall = await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().Where(s => s.RunId == run.Id && s.Overall != null).Select(s => s.Overall!.Value).ToListAsync());

        var page = await owner.GetAsync($"/surveys/{id}/results");

        // The distribution: one column per band of ten, counted from the stored scores.
        var histogram = page.Document.QuerySelector("[data-testid=chart-readiness-histogram]")!;
        var bins = histogram.QuerySelectorAll("g.column").Select(c => double.Parse(c.GetAttribute("data-value")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(10, bins.Count);
        Assert.Equal(overall.Count(s => s < 10), bins[0]);
        Assert.Equal(overall.Count(s => s >= 50 && s < 60), bins[5]);
        Assert.Equal(overall.Count, bins.Sum());

        Assert.NotEmpty(page.Document.QuerySelectorAll("[data-testid=chart-maturity] g.bar rect"));

        // Dimension means by segment: pharma (2) is below k, so it shows its label, never a dot.
        var dimensions = page.Document.QuerySelector("[data-testid=chart-dimensions-by-segment]")!;
        Assert.Equal(6, dimensions.QuerySelectorAll("g.group").Length);
        Assert.All(dimensions.QuerySelectorAll("g.estimate[data-key=pharma]"), e =>
        {
            Assert.Null(e.QuerySelector("circle"));
            Assert.Contains("suppressed", e.TextContent, StringComparison.Ordinal);
        });
        Assert.All(dimensions.QuerySelectorAll("g.estimate[data-key=all]"), e => Assert.NotNull(e.QuerySelector("circle")));

        Assert.NotEmpty(page.Document.QuerySelectorAll("figure[data-testid^=chart-quadrant-] g.point"));

        // Every chart on the page downloads as a PNG for its owner.
        var pngLinks = page.Document.QuerySelectorAll("[data-testid=chart-download-png]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.True(pngLinks.Count >= 6, $"expected a PNG link per chart, found {pngLinks.Count}");
        // A question suppressed below k shows its label in place of the figure and offers nothing to download.
        var downloadable = page.Document.QuerySelectorAll("figure.chart")
            .Count(f => f.Closest("section.question-result")?.QuerySelector("[data-testid=question-suppressed]") is null);
        Assert.Equal(downloadable, pngLinks.Count);
        foreach (var link in pngLinks)
        {
            await AssertPngAsync(owner, link);
        }

        await app.CreateUserAsync("other@example.org", Password, Roles.SurveyOwner);
        using var other = await app.SignedInAsync("other@example.org", Password);
        foreach (var link in pngLinks.Take(3))
        {
            using var foreign = await other.Client.GetAsync(new Uri(link, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        using var unknown = await owner.Client.GetAsync(new Uri($"/surveys/{id}/results?handler=ChartPng&chart=nothing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TheJtbdTable_SortsByAColumn_ThroughTheQueryString()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await FlagshipAsync(app, owner, responses: 60, pharma: 10);
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(90), "the flagship scoring run");

        var page = await owner.GetAsync($"/surveys/{id}/results");
        var header = page.Document.QuerySelector("[data-testid=jtbd-provider] th a[data-sort=adoption]")!;
        Assert.Equal("none", header.ParentElement!.GetAttribute("aria-sort"));
        var ascending = await owner.GetAsync($"/surveys/{id}/results" + header.GetAttribute("href")!.Split('#')[0]);
        var up = Adoption(ascending);
        Assert.True(up.Count > 2);
        Assert.Equal(up.Order().ToList(), up);
        Assert.Equal("ascending", ascending.Document.QuerySelector("[data-testid=jtbd-provider] th a[data-sort=adoption]")!.ParentElement!.GetAttribute("aria-sort"));

        var again = ascending.Document.QuerySelector("[data-testid=jtbd-provider] th a[data-sort=adoption]")!.GetAttribute("href")!;
        Assert.Contains("dir=desc", again, StringComparison.Ordinal);
        var down = Adoption(await owner.GetAsync($"/surveys/{id}/results" + again.Split('#')[0]));
        Assert.Equal(up.OrderDescending().ToList(), down);

        var unsorted = Adoption(page);
        Assert.Equal(unsorted.Order().ToList(), up);

        static List<double> Adoption(Page page) => [.. page.Document.QuerySelectorAll("[data-testid=jtbd-provider] tbody tr")
            .Select(r => r.QuerySelectorAll("td")[0].TextContent)
            .Where(t => !t.StartsWith("suppressed", StringComparison.Ordinal))
            .Select(t => double.Parse(t.Split(' ')[0], CultureInfo.InvariantCulture))];
    }

    internal static async Task<Guid> FlagshipAsync(AppFactory app, HtmlSession owner, int responses, int pharma)
    {
        var create = await owner.GetAsync("/surveys/new");
        var edit = await owner.SubmitAsync(create, $"form[action*='handler=Template']:has(input[value='{HealthcareAiAdoption.Template.Key}'])");
        var id = Guid.Parse(new Uri(edit.Url).AbsolutePath.Split('/')[2]);
        await SurveyPages.PublishAsync(owner, id);
        var generator = new FlagshipResponseGenerator(HealthcareAiAdoption.Template.Definition, FlagshipProfile.Default(), 7);
        var pharmaAdded = 0;
        var added = 0;
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == id);
            while (added < responses)
            {
                var answers = generator.Next();
                if (answers["segment"] == "pharma" && ++pharmaAdded > pharma)
                {
                    continue;
                }

                db.Responses.Add(SurveyResponse.Submit(Guid.NewGuid(), survey, answers, DateTime.UtcNow));
                added++;
            }

            return await db.SaveChangesAsync();
        });
        await SurveyPages.CloseAsync(owner, id);
        return id;
    }

    internal static async Task AssertPngAsync(HtmlSession session, string href)
    {
        using var response = await session.Client.GetAsync(new Uri(href, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(PngSignature, bytes.Take(8));
        // IHDR: width and height, big-endian, at bytes 16–23; a 400-unit chart is drawn at 3 pixels per unit.
        var width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
        Assert.Equal(1200, width);
        Assert.True(bytes.Length > 5000, $"{href}: a PNG of {bytes.Length} bytes is too small to hold a chart");
    }

    private static async Task AssertSvgAsync(HtmlSession session, string href)
    {
        using var response = await session.Client.GetAsync(new Uri(href, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
    }
}
