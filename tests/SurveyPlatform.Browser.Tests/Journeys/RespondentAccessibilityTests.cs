using System.Globalization;
using Microsoft.Playwright;
using SurveyPlatform.Domain.Templates;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// axe-core (WCAG 2.0–2.2 A/AA) on every state of the page-by-page respondent flow of the flagship template, at
/// 390×844 and 360×740: the first page, its error state, a jobs matrix page and its row errors, the saved page,
/// the thank-you page, the "already completed" page and, after the owner closes the survey, the closed page.
/// </summary>
public sealed class RespondentAccessibilityTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private static readonly (int Width, int Height)[] Sizes = [(390, 844), (360, 740)];

    [Fact]
    public async Task EveryRespondentPageState_OnTwoPhoneSizes_HasNoWcagViolations()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateFromTemplateAsync(owner, HealthcareAiAdoption.Template.Key);
        var respondPath = await OwnerSteps.PublishAsync(owner);

        // Every state is checked before failing, so one run reports every violation.
        var failures = new List<string>();
        var checkedStates = new List<string>();
        async Task CheckAsync(IPage page, string state)
        {
            checkedStates.Add(state);
            var failure = await FailureAsync(() => Accessibility.AssertNoViolationsAsync(page, state));
            output.WriteLine(failure.Length == 0 ? $"axe-core: no WCAG A/AA violations in {state}." : failure);
            failures.Add(failure);
        }

        foreach (var (width, height) in Sizes)
        {
            var size = string.Create(CultureInfo.InvariantCulture, $"at {width}×{height}");
            await using var phone = await host.NewPhoneContextAsync(width, height, bypassCsp: true);
            var page = await phone.NewPageAsync();

            await page.GotoAsync(respondPath);
            await Assertions.Expect(page.Locator("p.progress")).ToHaveTextAsync("Page 1 of 6");
            await CheckAsync(page, $"the first page {size}");

            await RespondentSteps.ContinueAsync(page);
            await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
            await CheckAsync(page, $"the first page with errors (nothing answered) {size}");

            await page.GetByLabel("Provider", new() { Exact = true }).CheckAsync();
            await RespondentSteps.FillPageAsync(page);
            await RespondentSteps.ContinueAsync(page);
            await Assertions.Expect(page.Locator("h2.page-title")).ToHaveTextAsync("Provider jobs to be done (1 of 3)");
            await Assertions.Expect(page.Locator("fieldset.matrix-row")).ToHaveCountAsync(HealthcareAiAdoption.ProviderJobs.Length);
            await CheckAsync(page, $"the Provider jobs matrix page {size}");

            // "Save and continue later" from the matrix page.
            await RespondentSteps.SubmitAsync(page, () => page.GetByTestId("save").ClickAsync());
            await Assertions.Expect(page.GetByTestId("resume-link")).ToBeVisibleAsync();
            await CheckAsync(page, $"the saved page (Save and continue later) {size}");

            await RespondentSteps.SubmitAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "Continue the survey now" }).ClickAsync());
            await Assertions.Expect(page.Locator("h2.page-title")).ToHaveTextAsync("Provider jobs to be done (1 of 3)");
            await RespondentSteps.CompleteAsync(page);
            await CheckAsync(page, $"the thank-you page {size}");

            await page.GotoAsync(respondPath);
            await Assertions.Expect(page.GetByTestId("completed")).ToBeVisibleAsync();
            await CheckAsync(page, $"the 'already completed' page {size}");
        }

        await OwnerSteps.CloseAsync(owner, surveyPath);
        foreach (var (width, height) in Sizes)
        {
            await using var phone = await host.NewPhoneContextAsync(width, height, bypassCsp: true);
            var page = await phone.NewPageAsync();
            await page.GotoAsync(respondPath);
            await Assertions.Expect(page.GetByTestId("closed")).ToBeVisibleAsync();
            await CheckAsync(page, string.Create(CultureInfo.InvariantCulture, $"the closed page {width}×{height}"));
        }

        Assert.Equal(14, checkedStates.Count);
        failures.RemoveAll(string.IsNullOrEmpty);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
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
