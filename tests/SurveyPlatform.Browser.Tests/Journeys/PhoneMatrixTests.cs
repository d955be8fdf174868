using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Data;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The flagship's jobs-to-be-done matrices on a 390×844 phone: every matrix row is a card (its job as the legend,
/// its scale as a wrapping set of labelled radios inside the viewport), the longest page of a Payer's path stays
/// under a measured height, and axe-core finds nothing on the jobs pages.
/// </summary>
public sealed class PhoneMatrixTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    /// <summary>
    /// document.body.scrollHeight of the longest page a Payer sees at 390×844: 22,239 px before the matrices became
    /// compact cards and the jobs were split over three pages; 4,127 px after (docs/performance.md), with 9% to spare.
    /// </summary>
    private const int LongestPageLimit = 4_500;

    [Fact]
    public async Task PayerPath_AtPhoneSize_LongestPageIsShort_AndEveryMatrixRowIsACard_WithNoWcagViolations()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        await OwnerSteps.CreateFromTemplateAsync(owner, HealthcareAiAdoption.Template.Key);
        var respondPath = await OwnerSteps.PublishAsync(owner);

        await using var phone = await host.NewPhoneContextAsync(390, 844, bypassCsp: true);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(respondPath);
        await page.GetByLabel("Payer", new() { Exact = true }).CheckAsync();

        var heights = new List<(string Title, int Height)>();
        var jobsRows = 0;
        await RespondentSteps.CompleteAsync(page, async p =>
        {
            var title = await p.Locator("h2.page-title").CountAsync() > 0 ? await p.Locator("h2.page-title").InnerTextAsync() : "(untitled)";
            heights.Add((title, await p.EvaluateAsync<int>("() => document.body.scrollHeight")));
            if (title.Contains("jobs to be done", StringComparison.Ordinal))
            {
                jobsRows += await AssertRowsAreCardsAsync(p, title);
                if (Environment.GetEnvironmentVariable("PHONE_SHOT_PATH") is { Length: > 0 } shot)
                {
                    // The first screen of each jobs page, for a person to look at (docs/performance.md).
                    var n = title[^7..^6];
                    await p.ScreenshotAsync(new() { Path = n == "1" ? shot : Path.ChangeExtension(shot, $"{n}.png") });
                }

                await Accessibility.AssertNoViolationsAsync(p, $"{title} at 390×844");
            }
        });

        foreach (var (title, height) in heights)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{height,7:N0} px  {title}"));
        }

        Assert.Equal(3 * HealthcareAiAdoption.PayerJobs.Length, jobsRows);
        var longest = heights.MaxBy(h => h.Height);
        Assert.True(longest.Height < LongestPageLimit, $"The longest page ({longest.Title}) is {longest.Height} px tall at 390×844; the limit is {LongestPageLimit} px.");
    }

    /// <summary>
    /// document.body.scrollHeight of each page of a 22-row rating matrix split at 8 rows, at 390×844: 1,153, 1,181 and
    /// 999 px measured (docs/performance.md); the 22 rows on one page measured 2,571 px.
    /// </summary>
    private const int SplitChunkLimit = 1_400;

    [Fact]
    public async Task LongMatrix_SplitByItsAuthorAtEightRows_ShowsThreePagesOnAPhone_AndStoresEveryRowUnderTheOneQuestion()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.ImportAsync(owner, SurveyDocument.Of("Twenty-two jobs", "One long matrix.", new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition
                {
                    Title = "Your jobs",
                    Questions =
                    [
                        new() { Code = "role", Text = "Your role?", Type = QuestionType.SingleChoice, Required = true, Options = [new("payer", "Payer"), new("provider", "Provider")] },
                        new() { Code = "jobs", Text = "How important is each job?", Type = QuestionType.MatrixRating, Required = true, Scale = 5, LowLabel = "Not at all", HighLabel = "Critical",
                            Rows = [.. Enumerable.Range(1, 22).Select(i => new OptionDefinition($"j{i}", $"Job {i}: a job to be done by the team"))] },
                    ],
                },
                new PageDefinition { Title = "Last", Questions = [new() { Code = "done", Text = "Did you rate every job?", Type = QuestionType.YesNo, Required = true }] },
            ],
        }));

        // The author splits the matrix in the builder's in-place edit.
        await owner.GetByRole(AriaRole.Link, new() { Name = "Edit jobs" }).ClickAsync();
        var form = owner.GetByRole(AriaRole.Form, new() { Name = "Edit question jobs" });
        await form.Locator("summary").ClickAsync();
        await form.GetByLabel("Rows per page (matrix").FillAsync("8");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save question" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("rows-per-page")).ToHaveTextAsync("8 rows per page");
        var respondPath = await OwnerSteps.PublishAsync(owner);

        await using var phone = await host.NewPhoneContextAsync(390, 844, bypassCsp: true);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(respondPath);
        var heights = new List<int>();
        var seen = await RespondentSteps.CompleteAsync(page, async p =>
        {
            heights.Add(await p.EvaluateAsync<int>("() => document.body.scrollHeight"));
            if (await p.Locator("fieldset.matrix-row").CountAsync() > 0)
            {
                await AssertRowsAreCardsAsync(p, await RespondentSteps.ProgressAsync(p));
            }
        });

        for (var i = 0; i < seen.Count; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{heights[i],7:N0} px  {seen[i].Progress}: {seen[i].Title} ({seen[i].MatrixRows.Count} rows)"));
        }

        Assert.Equal(["Page 1 of 4", "Page 2 of 4", "Page 3 of 4", "Page 4 of 4"], seen.Select(s => s.Progress));
        Assert.Equal([8, 8, 6, 0], seen.Select(s => s.MatrixRows.Count));
        Assert.Equal("Job 9: a job to be done by the team", seen[1].MatrixRows[0]);
        Assert.Equal("Job 22: a job to be done by the team", seen[2].MatrixRows[^1]);
        Assert.All(heights.Take(3), h => Assert.True(h < SplitChunkLimit, $"A page of the split matrix is {h} px tall at 390×844; the limit is {SplitChunkLimit} px."));

        var id = Guid.Parse(surveyPath.Split('/')[^1]);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var keys = await db.Answers.Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == id)).Select(a => a.QuestionCode).ToListAsync();
        string[] expected = [.. Enumerable.Range(1, 22).Select(i => $"jobs_j{i}"), "done", "role"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Each visible matrix row: a bordered card whose legend and radios (24 px or larger) sit inside the viewport; no page scrolls sideways.</summary>
    private static async Task<int> AssertRowsAreCardsAsync(IPage page, string title)
    {
        var width = page.ViewportSize!.Width;
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            $"{title} scrolls sideways at {width} px.");
        var rows = page.Locator(".question:not([hidden]) fieldset.matrix-row");
        var count = await rows.CountAsync();
        Assert.True(count > 0, $"{title} shows no matrix rows.");
        for (var i = 0; i < count; i++)
        {
            var row = rows.Nth(i);
            var card = await row.BoundingBoxAsync();
            Assert.NotNull(card);
            Assert.True(card.X >= 0 && card.X + card.Width <= width, $"Row {i} of {title} is outside the viewport: {card.X}+{card.Width}.");
            Assert.NotEqual("0px", await row.EvaluateAsync<string>("e => getComputedStyle(e).borderTopWidth"));

            var legend = await row.Locator("> legend").BoundingBoxAsync();
            Assert.NotNull(legend);
            Assert.True(legend.X >= card.X && legend.X + legend.Width <= card.X + card.Width + 1, $"The legend of row {i} of {title} overflows its card.");

            var radios = row.Locator("input[type=radio]");
            var radioCount = await radios.CountAsync();
            Assert.True(radioCount >= 2, $"Row {i} of {title} has {radioCount} radios.");
            var tops = new HashSet<double>();
            for (var r = 0; r < radioCount; r++)
            {
                var box = await radios.Nth(r).BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.Width >= 24 && box.Height >= 24, $"A radio of row {i} of {title} is {box.Width}×{box.Height} px.");
                Assert.True(box.X >= card.X && box.X + box.Width <= card.X + card.Width, $"Radio {r} of row {i} of {title} lies outside its card.");
                Assert.True(box.Y >= card.Y && box.Y + box.Height <= card.Y + card.Height, $"Radio {r} of row {i} of {title} lies outside its card.");
                tops.Add(Math.Round(box.Y));
            }

            // Compact: the options wrap side by side, not one line per option.
            Assert.True(tops.Count < radioCount, $"The {radioCount} options of row {i} of {title} stack one per line.");
        }

        return count;
    }
}
