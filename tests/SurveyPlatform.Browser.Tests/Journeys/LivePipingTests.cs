using Microsoft.Playwright;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// Piping from a question on the same page on a phone: with JavaScript the piped value follows the answer as it is
/// given; without JavaScript the page shows nothing for the unanswered value (no empty brackets), and the next page
/// pipes the answer from the server.
/// </summary>
public sealed class LivePipingTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private static SurveyDocument Survey(string title) => SurveyDocument.Of(title, "Piping on the same page.", new SurveyDefinition
    {
        Pages =
        [
            new PageDefinition
            {
                Title = "Fruit",
                Questions =
                [
                    new() { Code = "fruit", Text = "Which fruit do you like best?", Type = QuestionType.SingleChoice,
                        Options = [new("apple", "Apple"), new("pear", "Pear"), new("other", "Other")], OtherOption = "other" },
                    new() { Code = "nick", Text = "Your nickname", Type = QuestionType.ShortText },
                    new() { Code = "often", Text = "How often do you eat it ({fruit})?", Type = QuestionType.ShortText, Help = "Thanks, {nick}." },
                ],
            },
            new PageDefinition
            {
                Title = "Later",
                Questions = [new() { Code = "why", Text = "Why that fruit ({fruit})?", Type = QuestionType.ShortText }],
            },
        ],
    });

    [Fact]
    public async Task WithJavaScript_APipedValueFromTheSamePage_FollowsTheAnswerAsItIsGiven()
    {
        var respondPath = await PublishAsync("Live piping");
        await using var phone = await host.NewPhoneContextAsync(bypassCsp: true);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(respondPath);

        var often = page.Locator("label[for='a-often']");
        await Assertions.Expect(often).ToHaveTextAsync("How often do you eat it?");
        await page.GetByLabel("Pear", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(often).ToHaveTextAsync("How often do you eat it (Pear)?");
        await page.GetByLabel("Apple", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(often).ToHaveTextAsync("How often do you eat it (Apple)?");

        // "Other" pipes what was typed into "please specify", as the server does.
        await page.GetByLabel("Other", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(often).ToHaveTextAsync("How often do you eat it (Other)?");
        await page.Locator("#a-fruit-other").FillAsync("Quince");
        await Assertions.Expect(often).ToHaveTextAsync("How often do you eat it (Quince)?");

        var help = page.Locator("#a-often-help");
        await Assertions.Expect(help).ToHaveTextAsync("Thanks, .");
        await page.GetByLabel("Your nickname").FillAsync("Sam <b>");
        await Assertions.Expect(help).ToHaveTextAsync("Thanks, Sam <b>.");
        await page.GetByLabel("Your nickname").FillAsync(string.Empty);
        await Assertions.Expect(help).ToHaveTextAsync("Thanks, .");

        await Accessibility.AssertNoViolationsAsync(page, "a page with live piping at 390×844");
        await RespondentSteps.ContinueAsync(page);
        await Assertions.Expect(page.Locator("label[for='a-why']")).ToHaveTextAsync("Why that fruit (Quince)?");
    }

    [Fact]
    public async Task WithoutJavaScript_AnUnansweredPipedValue_ShowsNothing_NotEmptyBrackets_AndTheNextPagePipesTheAnswer()
    {
        var respondPath = await PublishAsync("Piping without script");
        await using var phone = await host.NewPhoneContextAsync(javaScriptEnabled: false);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(respondPath);

        var often = page.Locator("label[for='a-often']");
        await Assertions.Expect(often).ToHaveTextAsync("How often do you eat it?");
        var main = await page.Locator("main").InnerTextAsync();
        output.WriteLine(main);
        Assert.DoesNotContain("()", main, StringComparison.Ordinal);

        // Without the script nothing changes on the page as the respondent answers; the server pipes the answer next.
        await page.GetByLabel("Pear", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(often).ToHaveTextAsync("How often do you eat it?");
        await RespondentSteps.ContinueAsync(page);
        await Assertions.Expect(page.Locator("label[for='a-why']")).ToHaveTextAsync("Why that fruit (Pear)?");
        await RespondentSteps.BackAsync(page);
        await Assertions.Expect(often).ToHaveTextAsync("How often do you eat it (Pear)?");
    }

    private async Task<string> PublishAsync(string title)
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        await OwnerSteps.ImportAsync(owner, Survey(title));
        return await OwnerSteps.PublishAsync(owner);
    }
}
