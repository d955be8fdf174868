using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The accessibility (axe-core) and page-weight helpers: the respondent page on two phone sizes, and proof that
/// each helper fails, with a readable list, when there is something to report.
/// </summary>
public sealed class AccessibilityInfrastructureTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    /// <summary>60 KB for the respondent page's HTML, CSS and JS on a cold load.</summary>
    private const long RespondentPageBudgetBytes = 60 * 1024;

    [Fact]
    public async Task RespondentPage_OnTwoPhoneSizes_HasNoWcagViolations_AndWeighsUnder60KB()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        await OwnerSteps.CreateSurveyAsync(owner, "Accessibility check", "One question, answered on a phone.");
        await OwnerSteps.AddQuestionAsync(owner, "SingleChoice", "colour", "Favourite colour?", required: true,
            options: "red | Red | 1\nblue | Blue | 2");
        var respondPath = await OwnerSteps.PublishAsync(owner);

        // Every size is checked before failing, so one run reports every violation and every over-budget load.
        var failures = new List<string>();
        foreach (var (width, height) in new[] { (390, 844), (360, 740) })
        {
            var state = string.Create(CultureInfo.InvariantCulture, $"the respondent page {respondPath} at {width}×{height}");
            await using var phone = await host.NewPhoneContextAsync(width, height, bypassCsp: true);
            var respondent = await phone.NewPageAsync();

            var weight = await PageWeight.MeasureAsync(respondent, () => respondent.GotoAsync(respondPath));
            await Assertions.Expect(respondent.GetByRole(AriaRole.Heading, new() { Name = "Accessibility check" })).ToBeVisibleAsync();
            Assert.Contains(weight.Resources, r => r.ResourceType == "document" && r.Status == 200);
            output.WriteLine(weight.Describe());
            failures.Add(Failure(() => weight.AssertAtMost(RespondentPageBudgetBytes, state)));

            var axe = await FailureAsync(() => Accessibility.AssertNoViolationsAsync(respondent, state));
            output.WriteLine(axe.Length == 0 ? $"axe-core: no WCAG A/AA violations in {state}." : axe);
            failures.Add(axe);
        }

        failures.RemoveAll(string.IsNullOrEmpty);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task Axe_ReportsEveryViolationAndNode_OnADeliberatelyInaccessiblePage_AndNoneOnceFixed()
    {
        await using var context = await host.NewPhoneContextAsync(bypassCsp: true);
        const string Pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

        var broken = await context.NewPageAsync();
        await broken.SetContentAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><title>Broken on purpose</title></head>
            <body><main><h1>Broken on purpose</h1>
              <img id="no-alt" src="{Pixel}">
              <input id="no-label" type="text" name="city">
            </main></body></html>
            """);
        var violations = await Accessibility.RunAsync(broken);
        var imageAlt = Assert.Single(violations, v => v.Id == "image-alt");
        Assert.Equal(["#no-alt"], Assert.Single(imageAlt.Nodes).Target);
        Assert.Equal("critical", imageAlt.Impact);
        var label = Assert.Single(violations, v => v.Id == "label");
        Assert.Equal(["#no-label"], Assert.Single(label.Nodes).Target);
        Assert.Contains("<input id=\"no-label\"", label.Nodes[0].Html, StringComparison.Ordinal);

        var failure = await Assert.ThrowsAnyAsync<XunitException>(() => Accessibility.AssertNoViolationsAsync(broken, "the broken page"));
        output.WriteLine(failure.Message);
        foreach (var expected in new[] { "the broken page", "image-alt [critical]", "#no-alt", "<img id=\"no-alt\"", "label [", "#no-label", "dequeuniversity.com/rules/axe/" })
        {
            Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        }

        // The same page with alt text and a label passes, so the check is not simply always failing.
        var fixedPage = await context.NewPageAsync();
        await fixedPage.SetContentAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><title>Fixed</title></head>
            <body><main><h1>Fixed</h1>
              <img id="no-alt" src="{Pixel}" alt="A white dot">
              <label for="city">City</label> <input id="city" type="text" name="city">
            </main></body></html>
            """);
        await Accessibility.AssertNoViolationsAsync(fixedPage, "the fixed page");
    }

    [Fact]
    public async Task Axe_OnAnAppPage_NeedsBypassCsp_AndThenSeesTheLiveDocument()
    {
        // Under the app's Content-Security-Policy the injected script cannot run, and the helper says why.
        await using var strict = await host.NewPhoneContextAsync();
        var blocked = await strict.NewPageAsync();
        await blocked.GotoAsync("/account/login");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Accessibility.RunAsync(blocked));
        Assert.Contains("bypassCsp: true", error.Message, StringComparison.Ordinal);

        // With the bypass it runs against the app's own page, and sees an unlabelled field added to it.
        await using var bypassing = await host.NewPhoneContextAsync(bypassCsp: true);
        var page = await bypassing.NewPageAsync();
        await page.GotoAsync("/account/login");
        await Accessibility.AssertNoViolationsAsync(page, "the sign-in page");
        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=\"added\" type=\"text\">')");
        var label = Assert.Single(await Accessibility.RunAsync(page), v => v.Id == "label");
        Assert.Equal(["#added"], Assert.Single(label.Nodes).Target);
    }

    [Fact]
    public async Task PageWeight_CountsTheDocumentAndItsStylesheet_AndListsEachResourceWhenOverBudget()
    {
        await using var context = await host.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        var weight = await PageWeight.MeasureAsync(page, () => page.GotoAsync("/account/login"));

        var document = Assert.Single(weight.Resources, r => r.ResourceType == "document");
        Assert.EndsWith("/account/login", document.Url, StringComparison.Ordinal);
        var stylesheet = Assert.Single(weight.Resources, r => r.ResourceType == "stylesheet");
        Assert.Contains("/css/site.css", stylesheet.Url, StringComparison.Ordinal);
        Assert.All(weight.Resources, r => Assert.True(r.HeaderBytes > 0 && r.BodyBytes > 0, r.ToString()));
        var script = Assert.Single(weight.Resources, r => r.ResourceType == "script");
        Assert.Contains("/js/respond.js", script.Url, StringComparison.Ordinal);
        Assert.Equal(document.TotalBytes + stylesheet.TotalBytes + script.TotalBytes, weight.TotalBytes);
        Assert.Empty(weight.FailedRequests);

        var failure = Assert.ThrowsAny<XunitException>(() => weight.AssertAtMost(1024, "the sign-in page"));
        output.WriteLine(failure.Message);
        Assert.Contains("the sign-in page transferred", failure.Message, StringComparison.Ordinal);
        Assert.Contains("over its budget of 1,024 bytes", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/account/login", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/css/site.css", failure.Message, StringComparison.Ordinal);
        weight.AssertAtMost(weight.TotalBytes, "the sign-in page");
    }

    private static string Failure(Action assertion)
    {
        try
        {
            assertion();
            return string.Empty;
        }
        catch (XunitException e)
        {
            return e.Message;
        }
    }

    private static async Task<string> FailureAsync(Func<Task> assertion)
    {
        try
        {
            await assertion();
            return string.Empty;
        }
        catch (XunitException e)
        {
            return e.Message;
        }
    }
}
