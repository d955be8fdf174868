using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The owner's survey page in Chromium, under the app's Content-Security-Policy: the public link's
/// copy button and QR code, closing through the confirmation dialog (and backing out of it), and
/// reopening through its own; then axe on the page and on the open dialog.
/// </summary>
public sealed class SurveyPageJourneyTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    /// <summary>Set to a file path to keep a full-page screenshot of the survey page (for reviewing the layout).</summary>
    private const string ScreenshotVariable = "SURVEY_PAGE_SCREENSHOT";

    [Fact]
    public async Task Owner_CopiesTheLinkSeesTheQrCode_ClosesWithConfirmation_AndReopens()
    {
        await using var context = await host.NewOwnerContextAsync();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = host.BaseUrl });
        var owner = await context.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateSurveyAsync(owner, "Survey page journey", "Close, reopen and share.");
        await OwnerSteps.AddQuestionAsync(owner, "ShortText", "city", "Where do you live?");
        var respondPath = await OwnerSteps.PublishAsync(owner);

        // The copy button (the script shows it) puts the link on the clipboard and says so in the live region.
        var copy = owner.GetByRole(AriaRole.Button, new() { Name = "Copy link" });
        await Assertions.Expect(copy).ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByLabel("Public link", new() { Exact = true })).ToHaveValueAsync(host.BaseUrl + respondPath);
        await copy.ClickAsync();
        await Assertions.Expect(owner.GetByTestId("copy-status")).ToHaveTextAsync("Copied");
        Assert.Equal(host.BaseUrl + respondPath, await owner.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        var qr = owner.GetByTestId("qr-image");
        await Assertions.Expect(qr).ToBeVisibleAsync();
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth >= 100"), "The QR code image did not load.");
        await Assertions.Expect(owner.GetByTestId("qr-png")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("handler=QrPng"));
        await Assertions.Expect(owner.GetByTestId("qr-svg")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("handler=QrSvg"));
        // Times on the page follow the survey's zone.
        await owner.GetByLabel("Time zone of this survey's times").SelectOptionAsync("Europe/Berlin");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save time zone" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Times on this page are now entered and shown in Europe/Berlin.");
        await Assertions.Expect(owner.Locator("label[for=CloseAt]")).ToHaveTextAsync("Close at (Europe/Berlin)");
        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is { Length: > 0 } shot)
        {
            await owner.ScreenshotAsync(new() { Path = shot, FullPage = true });
        }

        // "Close survey now" opens the dialog, which says what closing does; backing out leaves the survey open.
        await owner.GetByRole(AriaRole.Button, new() { Name = "Close survey now" }).ClickAsync();
        var closeDialog = owner.GetByRole(AriaRole.Dialog, new() { Name = "Close this survey now?" });
        await Assertions.Expect(closeDialog).ToBeVisibleAsync();
        await Assertions.Expect(closeDialog).ToContainTextAsync("Closing stops responses");
        await Assertions.Expect(closeDialog).ToContainTextAsync("Scoring then runs");
        await closeDialog.GetByRole(AriaRole.Link, new() { Name = "No, keep it open" }).ClickAsync();
        await Assertions.Expect(closeDialog).Not.ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByTestId("status")).ToHaveTextAsync("Open");

        await OwnerSteps.CloseAsync(owner, surveyPath);
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("The survey is closed. Scoring has started.");

        await owner.GetByRole(AriaRole.Button, new() { Name = "Reopen survey" }).ClickAsync();
        var reopenDialog = owner.GetByRole(AriaRole.Dialog, new() { Name = "Reopen this survey?" });
        await Assertions.Expect(reopenDialog).ToBeVisibleAsync();
        await Assertions.Expect(reopenDialog).ToContainTextAsync("stay unchanged");
        await reopenDialog.GetByRole(AriaRole.Button, new() { Name = "Yes, reopen it" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("The survey is open again. Its responses are kept; closing it again starts a new scoring run.");
        await Assertions.Expect(owner.GetByTestId("status")).ToHaveTextAsync("Open");

        // axe needs the policy bypassed to inject itself: the page, then its open dialog.
        var failures = new List<string>();
        await using var checking = await host.NewPhoneContextAsync(1280, 900, bypassCsp: true);
        var page = await checking.NewPageAsync();
        await OwnerSteps.SignInAsync(page);
        await page.GotoAsync(surveyPath);
        await CheckAsync(page, "the open survey's page", failures);
        await page.GetByRole(AriaRole.Button, new() { Name = "Close survey now" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Close this survey now?" })).ToBeVisibleAsync();
        await CheckAsync(page, "the close confirmation dialog", failures);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task Owner_ReleasesTheResults_AndThenReopenIsRefusedBesideTheButton_SayingWhatToDoInstead()
    {
        await using var context = await host.NewOwnerContextAsync();
        var owner = await context.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateSurveyAsync(owner, "Released results journey", "Release, then reopen.");
        await OwnerSteps.AddQuestionAsync(owner, "Rating", "mood", "How is your mood?");
        await OwnerSteps.PublishAsync(owner);
        await OwnerSteps.CloseAsync(owner, surveyPath);
        await OwnerSteps.WaitForScoringAsync(owner, surveyPath);

        await owner.GetByRole(AriaRole.Button, new() { Name = "Release results" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Results released. The survey can no longer be reopened; duplicate it to collect more responses.");
        await Assertions.Expect(owner.GetByTestId("released")).ToContainTextAsync("(the current run)");
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Release results" })).ToHaveCountAsync(0);

        await owner.GotoAsync(surveyPath);
        await Assertions.Expect(owner.GetByTestId("released")).ToContainTextAsync("by " + BrowserHost.OwnerEmail);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Reopen survey" }).ClickAsync();
        var reopenDialog = owner.GetByRole(AriaRole.Dialog, new() { Name = "Reopen this survey?" });
        await Assertions.Expect(reopenDialog).ToContainTextAsync("Its results have been released, so it cannot be reopened");
        await reopenDialog.GetByRole(AriaRole.Button, new() { Name = "Yes, reopen it" }).ClickAsync();

        var error = owner.GetByTestId("reopen-error");
        await Assertions.Expect(error).ToContainTextAsync("so it cannot be reopened: new responses would change results people have already seen");
        await Assertions.Expect(error).ToContainTextAsync("duplicate the survey (All surveys, Duplicate)");
        await Assertions.Expect(owner.GetByTestId("status")).ToHaveTextAsync("Closed");
        // The message sits right after the actions holding the Reopen button.
        Assert.True(await error.EvaluateAsync<bool>("e => e.previousElementSibling.querySelector('[data-testid=reopen-form]') !== null"));
    }

    private async Task CheckAsync(IPage page, string state, List<string> failures)
    {
        var violations = await Accessibility.RunAsync(page);
        output.WriteLine($"{state}: {violations.Count} axe violation(s)");
        if (violations.Count > 0)
        {
            failures.Add(Accessibility.Describe(violations, state));
        }
    }
}
