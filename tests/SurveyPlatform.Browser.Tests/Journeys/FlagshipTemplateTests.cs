using System.Globalization;
using Microsoft.Playwright;
using SurveyPlatform.Domain.Templates;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The flagship "Healthcare AI Adoption and Readiness" template, created and published by the owner and answered
/// page by page: each segment sees only its own jobs-to-be-done matrices, and every page a respondent loads stays
/// within the 60 KB budget on a cold load.
/// </summary>
public sealed class FlagshipTemplateTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    /// <summary>60 KB: the budget of one respondent page load (HTML, CSS, JS, headers included).</summary>
    private const long PageBudgetBytes = 61_440;

    /// <summary>About you, the segment's jobs (three pages), strategy, investment, data and people, trust, outcomes.</summary>
    private const int PagesOnASegmentsPath = 9;

    [Fact]
    public Task Provider_SeesOnlyProviderJobs_OnEveryPage_AndReachesThanks() =>
        AnswerAsSegmentAsync("Provider", HealthcareAiAdoption.ProviderJobs, [.. HealthcareAiAdoption.PayerJobs, .. HealthcareAiAdoption.PharmaJobs]);

    [Fact]
    public Task Payer_SeesOnlyPayerJobs_OnEveryPage_AndReachesThanks() =>
        AnswerAsSegmentAsync("Payer", HealthcareAiAdoption.PayerJobs, [.. HealthcareAiAdoption.ProviderJobs, .. HealthcareAiAdoption.PharmaJobs]);

    [Fact]
    public async Task EveryPageAProviderSees_AndThanks_TransferAtMost60KB_OnAColdLoad()
    {
        var (_, respondPath) = await PublishFlagshipAsync();
        await using var answering = await host.NewPhoneContextAsync();
        var respondent = await answering.NewPageAsync();

        var sizes = new List<(string Page, PageWeightReport Report)>();

        // The first page as a new visitor gets it: a fresh context, no cookie.
        sizes.Add(("page 1 (new visitor)", await MeasureColdAsync(respondPath, cookies: null)));
        await respondent.GotoAsync(respondPath);
        await respondent.GetByLabel("Provider", new() { Exact = true }).CheckAsync();
        await RespondentSteps.FillPageAsync(respondent);
        await RespondentSteps.ContinueAsync(respondent);

        // Every later page: a fresh context (empty cache) holding only the respondent's session cookie.
        for (var i = 0; i < 20 && !respondent.Url.EndsWith("/thanks", StringComparison.Ordinal); i++)
        {
            var progress = await RespondentSteps.ProgressAsync(respondent);
            var title = await respondent.Locator("h2.page-title").InnerTextAsync();
            var report = await MeasureColdAsync(respondPath, await answering.CookiesAsync(), expectProgress: progress);
            sizes.Add(($"{progress.ToLowerInvariant()} ({title})", report));
            await RespondentSteps.FillPageAsync(respondent);
            await RespondentSteps.ContinueAsync(respondent);
        }

        await Assertions.Expect(respondent.GetByTestId("thanks")).ToBeVisibleAsync();
        sizes.Add(("thank-you page", await MeasureColdAsync($"{respondPath}/thanks", await answering.CookiesAsync(), expectThanks: true)));

        var table = string.Join('\n', sizes.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"  {s.Report.TotalBytes,8:N0} B  {(s.Report.TotalBytes > PageBudgetBytes ? "OVER " : "     ")}{s.Page}  ({s.Report.Resources.Count} responses)")));
        output.WriteLine($"Cold-load bytes per respondent page of the flagship template (Provider), budget {PageBudgetBytes:N0} B:\n{table}");
        foreach (var (page, report) in sizes)
        {
            output.WriteLine($"{page}: {report.Describe()}");
        }

        Assert.Equal(PagesOnASegmentsPath + 1, sizes.Count);
        var over = sizes.Where(s => s.Report.TotalBytes > PageBudgetBytes).ToList();
        Assert.True(over.Count == 0,
            $"{over.Count} respondent page(s) transferred more than {PageBudgetBytes:N0} bytes on a cold load:\n{table}\n\n"
            + string.Join("\n\n", over.Select(o => o.Report.Describe())));
        Assert.All(sizes, s => Assert.Empty(s.Report.FailedRequests));

        // No third-party requests of any kind: every resource comes from the app's own origin.
        Assert.All(sizes.SelectMany(s => s.Report.Resources), r =>
            Assert.Equal(new Uri(sizes[0].Report.PageUrl).GetLeftPart(UriPartial.Authority), new Uri(r.Url).GetLeftPart(UriPartial.Authority)));
    }

    private async Task AnswerAsSegmentAsync(string segment, string[] ownJobs, string[] otherJobs)
    {
        var (surveyPath, respondPath) = await PublishFlagshipAsync();
        await using var phone = await host.NewPhoneContextAsync();
        var respondent = await phone.NewPageAsync();
        await respondent.GotoAsync(respondPath);
        await Assertions.Expect(respondent.GetByRole(AriaRole.Heading, new() { Name = HealthcareAiAdoption.Template.Title })).ToBeVisibleAsync();
        await respondent.GetByLabel(segment, new() { Exact = true }).CheckAsync();

        var seen = await RespondentSteps.CompleteAsync(respondent);
        foreach (var page in seen)
        {
            output.WriteLine($"{page.Progress}: {page.Title} — {page.MatrixRows.Count} matrix rows");
        }

        // No page shows another segment's job, in any matrix.
        var rows = seen.SelectMany(p => p.MatrixRows).ToList();
        var foreign = rows.Intersect(otherJobs).ToList();
        Assert.True(foreign.Count == 0, $"A {segment} respondent was shown other segments' jobs: {string.Join("; ", foreign)}");

        // Three jobs pages, one matrix each over all the segment's rows (stage, pain, share still manual).
        var jobsPages = seen.Where(p => p.Title.Contains("jobs to be done", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{segment} jobs to be done (1 of 3)", $"{segment} jobs to be done (2 of 3)", $"{segment} jobs to be done (3 of 3)"], jobsPages.Select(p => p.Title));
        Assert.All(jobsPages, p => Assert.Equal(ownJobs, p.MatrixRows));

        // Every other matrix row is one of the trust page's evaluation criteria, not a job.
        var criteria = HealthcareAiAdoption.Template.Definition.Pages.SelectMany(p => p.Questions)
            .Single(q => q.Code == "eval_importance").Rows.Select(r => r.Label).ToList();
        Assert.All(seen.Except(jobsPages).SelectMany(p => p.MatrixRows), row => Assert.Contains(row, criteria));

        // Page 1 cannot know the segment yet; from page 2 on the total is the segment's path.
        Assert.StartsWith("Page 1 of ", seen[0].Progress, StringComparison.Ordinal);
        Assert.Equal(
            Enumerable.Range(2, PagesOnASegmentsPath - 1).Select(n => $"Page {n} of {PagesOnASegmentsPath}"),
            seen.Skip(1).Select(p => p.Progress));

        await Assertions.Expect(respondent.GetByTestId("thanks")).ToHaveTextAsync("Your response has been recorded. You can close this page.");
        Assert.Equal(1, await AppData.CompletedResponsesAsync(host, surveyPath));
    }

    private async Task<(string SurveyPath, string RespondPath)> PublishFlagshipAsync()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateFromTemplateAsync(owner, HealthcareAiAdoption.Template.Key);
        var respondPath = await OwnerSteps.PublishAsync(owner);
        return (surveyPath, respondPath);
    }

    /// <summary>Loads <paramref name="path"/> in a new context (empty cache) with the given cookies and measures what it transferred.</summary>
    private async Task<PageWeightReport> MeasureColdAsync(string path, IReadOnlyList<BrowserContextCookiesResult>? cookies, string? expectProgress = null, bool expectThanks = false)
    {
        await using var cold = await host.NewPhoneContextAsync();
        if (cookies is { Count: > 0 })
        {
            await cold.AddCookiesAsync(cookies.Select(c => new Cookie
            {
                Name = c.Name,
                Value = c.Value,
                Domain = c.Domain,
                Path = c.Path,
                HttpOnly = c.HttpOnly,
                Secure = c.Secure,
                SameSite = c.SameSite,
                Expires = c.Expires,
            }));
        }

        var page = await cold.NewPageAsync();
        var report = await PageWeight.MeasureAsync(page, () => page.GotoAsync(path));
        if (expectProgress is not null)
        {
            await Assertions.Expect(page.Locator("p.progress")).ToHaveTextAsync(expectProgress);
        }

        if (expectThanks)
        {
            await Assertions.Expect(page.GetByTestId("thanks")).ToBeVisibleAsync();
        }

        Assert.Contains(report.Resources, r => r.ResourceType == "document" && r.Status == 200);
        return report;
    }
}
