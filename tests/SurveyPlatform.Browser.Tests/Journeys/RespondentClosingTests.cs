using Microsoft.Playwright;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The owner closes a survey while respondents are part-way through: within the grace period they may finish and
/// their response counts; after it, their next post shows the closed page and nothing is completed.
/// </summary>
public sealed class RespondentClosingTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task ClosedWhileAnswering_WithinTheGracePeriod_TheRespondentFinishes_AndTheResponseCounts()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.ImportAsync(owner, TestSurveys.ThreePages("Grace period"));
        var respondPath = await OwnerSteps.PublishAsync(owner);
        await Assertions.Expect(owner.GetByLabel("Grace period after closing (minutes)")).ToHaveValueAsync("60");

        await using var phone = await host.NewPhoneContextAsync();
        var respondent = await phone.NewPageAsync();
        await respondent.GotoAsync(respondPath);
        await RespondentSteps.FillPageAsync(respondent);
        await RespondentSteps.ContinueAsync(respondent);
        await Assertions.Expect(respondent.Locator("p.progress")).ToHaveTextAsync("Page 2 of 3");

        await OwnerSteps.CloseAsync(owner, surveyPath);

        // Someone new is turned away...
        await using var latecomerContext = await host.NewPhoneContextAsync();
        var latecomer = await latecomerContext.NewPageAsync();
        await latecomer.GotoAsync(respondPath);
        await Assertions.Expect(latecomer.GetByTestId("closed")).ToHaveTextAsync(
            "This survey is closed and no longer accepts responses. Thank you for your interest.");

        // ...but the respondent who started before the close finishes within the grace period.
        var seen = await RespondentSteps.CompleteAsync(respondent);
        Assert.Equal(["Page 2 of 3", "Page 3 of 3"], seen.Select(p => p.Progress));
        await Assertions.Expect(respondent.GetByTestId("thanks")).ToBeVisibleAsync();

        Assert.Equal(1, await AppData.CompletedResponsesAsync(host, surveyPath));
        Assert.Equal(1, await OwnerSteps.ResponseCountAsync(owner, surveyPath));
        await Assertions.Expect(owner.GetByTestId("status")).ToHaveTextAsync("Closed");
    }

    [Fact]
    public async Task ClosedWhileAnswering_WithAZeroMinuteGracePeriod_TheNextPostShowsTheClosedPage_AndNothingCompletes()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.ImportAsync(owner, TestSurveys.ThreePages("No grace"));
        var respondPath = await OwnerSteps.PublishAsync(owner);
        await OwnerSteps.SetGraceMinutesAsync(owner, surveyPath, 0);

        await using var phone = await host.NewPhoneContextAsync();
        var respondent = await phone.NewPageAsync();
        await respondent.GotoAsync(respondPath);
        await RespondentSteps.FillPageAsync(respondent);
        await RespondentSteps.ContinueAsync(respondent);
        await Assertions.Expect(respondent.Locator("p.progress")).ToHaveTextAsync("Page 2 of 3");

        await OwnerSteps.CloseAsync(owner, surveyPath);

        await RespondentSteps.FillPageAsync(respondent);
        await RespondentSteps.ContinueAsync(respondent);
        var closed = respondent.GetByTestId("closed");
        await Assertions.Expect(closed).ToBeVisibleAsync();
        await Assertions.Expect(closed).ToContainTextAsync("This survey has closed.");
        await Assertions.Expect(respondent.GetByTestId("next")).ToHaveCountAsync(0);
        Assert.DoesNotContain("/thanks", respondent.Url, StringComparison.Ordinal);

        // Coming back later shows the same, and nothing was completed.
        await respondent.GotoAsync(respondPath);
        await Assertions.Expect(respondent.GetByTestId("closed")).ToBeVisibleAsync();
        await Assertions.Expect(respondent.Locator("form")).ToHaveCountAsync(0);
        Assert.Equal(0, await AppData.CompletedResponsesAsync(host, surveyPath));
        Assert.Equal((1, 0), await AppData.SessionsAsync(host, surveyPath));
        Assert.Equal(0, await OwnerSteps.ResponseCountAsync(owner, surveyPath));
    }
}
