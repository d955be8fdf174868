using Microsoft.Playwright;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// On a 390 px phone an NPS question keeps its eleven points on one row under its standard end labels,
/// and the progress bar counts pages done: it is full only on the thank-you page.
/// </summary>
public sealed class NpsAndProgressTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    private static SurveyDocument Survey() => SurveyDocument.Of("NPS on a phone", "Two pages.", new SurveyDefinition
    {
        Pages =
        [
            new PageDefinition
            {
                Title = "Recommend",
                Questions = [new() { Code = "nps", Text = "How likely are you to recommend us to a colleague?", Type = QuestionType.Nps, Required = true }],
            },
            new PageDefinition
            {
                Title = "Anything else",
                Questions = [new() { Code = "why", Text = "Why?", Type = QuestionType.ShortText }],
            },
        ],
    });

    [Fact]
    public async Task OnAPhone_NpsShowsItsEndLabels_AndElevenPointsOnOneRow_AndTheBarIsFullOnlyAfterSubmitting()
    {
        string respondPath;
        await using (var ownerContext = await host.NewOwnerContextAsync())
        {
            var owner = await ownerContext.NewPageAsync();
            await OwnerSteps.SignInAsync(owner);
            await OwnerSteps.ImportAsync(owner, Survey());
            respondPath = await OwnerSteps.PublishAsync(owner);
        }

        await using var context = await host.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(respondPath);

        var ends = page.Locator(".scale-ends");
        await Assertions.Expect(ends).ToContainTextAsync("0 = Not at all likely");
        await Assertions.Expect(ends).ToContainTextAsync("10 = Extremely likely");

        var points = page.Locator(".rating.nps input[type=radio]");
        Assert.Equal(11, await points.CountAsync());
        var tops = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            var box = await points.Nth(i).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"point {i} lies outside the 390 px screen ({box.X}..{box.X + box.Width})");
            tops.Add(box.Y);
        }

        Assert.True(tops.Max() - tops.Min() < 2, $"the eleven points wrap onto more than one row (tops {string.Join(", ", tops)})");
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth"), "the page scrolls sideways");

        var bar = page.GetByTestId("progress-bar");
        Assert.Equal("0", await bar.GetAttributeAsync("value"));
        await page.Locator("label[for='a-nps-9']").ClickAsync();
        await RespondentSteps.ContinueAsync(page);
        Assert.Equal(("1", "2"), (await bar.GetAttributeAsync("value"), await bar.GetAttributeAsync("max")));

        await RespondentSteps.SubmitAsync(page, () => page.GetByTestId("next").ClickAsync());
        await page.WaitForURLAsync("**/thanks**");
        Assert.Equal(await page.GetByTestId("progress-bar").GetAttributeAsync("max"), await page.GetByTestId("progress-bar").GetAttributeAsync("value"));
    }
}
