using System.Text;
using Microsoft.Playwright;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The foundation journey in a real browser: an owner builds and publishes a survey, a respondent
/// answers it on a phone-sized screen, the owner closes it, the scoring job runs and the CSV holds
/// the response with the right score.
/// </summary>
public sealed class SurveyJourneyTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Owner_CreatesPublishesClosesAndDownloads_TheRespondentsScoredAnswer()
    {
        await using var ownerContext = await host.Browser.NewContextAsync(new() { BaseURL = host.BaseUrl, AcceptDownloads = true });
        var owner = await ownerContext.NewPageAsync();

        // 1. Sign in, create and publish.
        await owner.GotoAsync("/account/login");
        await owner.GetByLabel("E-mail address").FillAsync(BrowserHost.OwnerEmail);
        await owner.GetByLabel("Password").FillAsync(BrowserHost.OwnerPassword);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Surveys" })).ToBeVisibleAsync();

        await owner.GotoAsync("/surveys/new");
        await owner.GetByLabel("Title").FillAsync("Browser journey");
        await owner.GetByLabel("Description").FillAsync("Five question types.");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create and add questions" }).ClickAsync();
        await owner.WaitForURLAsync("**/edit");
        var surveyPath = new Uri(owner.Url).AbsolutePath[..^"/edit".Length];

        await AddQuestionAsync(owner, "SingleChoice", "colour", "Favourite colour?", required: true, options: "red | Red | 1\nblue | Blue | 3");
        await AddQuestionAsync(owner, "MultipleChoice", "fruit", "Which fruit do you eat?", options: "apple | Apple | 2\npear | Pear | 5");
        await AddQuestionAsync(owner, "Rating", "mood", "How is your mood?", required: true);
        await AddQuestionAsync(owner, "Number", "age", "How old are you?", required: true, min: "18", max: "120");

        // One question entirely from the keyboard: type into the fields, Tab between them, Enter submits.
        await owner.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "ShortText" });
        await owner.GetByLabel("Code (variable name)", new() { Exact = true }).FocusAsync();
        await owner.Keyboard.TypeAsync("city");
        await owner.Keyboard.PressAsync("Tab");
        await owner.Keyboard.TypeAsync("Where do you live?");
        await owner.Keyboard.PressAsync("Enter");
        await Assertions.Expect(owner.Locator(".notice")).ToHaveTextAsync("Question city added.");

        await owner.GetByRole(AriaRole.Button, new() { Name = "Publish survey" }).ClickAsync();
        var publicLink = owner.GetByTestId("public-link");
        await Assertions.Expect(publicLink).ToBeVisibleAsync();
        var respondPath = await publicLink.GetAttributeAsync("href");
        Assert.StartsWith("/s/", respondPath, StringComparison.Ordinal);

        // 2. A respondent on a 390×844 screen: first with a missing answer and an out-of-range number.
        await using var phone = await host.Browser.NewContextAsync(new() { BaseURL = host.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var respondent = await phone.NewPageAsync();
        await respondent.GotoAsync(respondPath!);
        await respondent.Locator("#a-fruit").CheckAsync();             // Apple
        await respondent.Locator("#a-mood-3").CheckAsync();            // 4
        await respondent.GetByLabel("Where do you live?").FillAsync("Leeds");
        await respondent.GetByLabel("How old are you?").FillAsync("150");
        await respondent.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Assertions.Expect(respondent.Locator("#q-colour .error-message")).ToContainTextAsync("Choose an answer.");
        await Assertions.Expect(respondent.Locator("#q-age .error-message")).ToContainTextAsync("Enter a number from 18 to 120.");
        await Assertions.Expect(respondent.Locator(".error-summary a[href='#a-colour']")).ToBeVisibleAsync();
        await Assertions.Expect(respondent.Locator("#a-fruit")).ToBeCheckedAsync();
        await Assertions.Expect(respondent.Locator("#a-mood-3")).ToBeCheckedAsync();
        await Assertions.Expect(respondent.GetByLabel("Where do you live?")).ToHaveValueAsync("Leeds");
        var width = await respondent.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The page scrolls sideways on a phone: {width}px wide.");

        await respondent.GetByLabel("Blue", new() { Exact = true }).CheckAsync();
        await respondent.GetByLabel("How old are you?").FillAsync("42");
        await respondent.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(respondent.GetByTestId("thanks")).ToBeVisibleAsync();

        // A second respondent opens the form before the close and submits after it.
        var late = await phone.NewPageAsync();
        await late.GotoAsync(respondPath!);
        await late.GetByLabel("Red", new() { Exact = true }).CheckAsync();

        // 3. The owner closes the survey.
        await owner.GotoAsync(surveyPath);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Close survey now" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("status")).ToHaveTextAsync("Closed");

        await late.Locator("#a-mood").CheckAsync();
        await late.GetByLabel("How old are you?").FillAsync("30");
        await late.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(late.GetByTestId("closed")).ToBeVisibleAsync();

        // 4. The scoring job runs in the background.
        await owner.GotoAsync($"{surveyPath}/results");
        var deadline = DateTime.UtcNow + Patience;
        while (await owner.GetByTestId("n").CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            await owner.ReloadAsync();
        }

        await Assertions.Expect(owner.GetByTestId("n")).ToHaveTextAsync("1");
        await Assertions.Expect(owner.GetByTestId("responses")).ToHaveTextAsync("1");
        await Assertions.Expect(owner.GetByTestId("mean")).ToHaveTextAsync("9.00");

        // 5. The downloaded CSV holds that response with the right score: blue 3 + apple 2 + mood 4.
        var download = await owner.RunAndWaitForDownloadAsync(() =>
            owner.GetByRole(AriaRole.Link, new() { Name = "Download CSV", Exact = true }).ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllTextAsync(path!, Encoding.UTF8)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        Assert.Equal(["response_id", "submitted_at_utc", "version", "colour", "fruit", "mood", "age", "city", "score"], header);
        var cells = header.Zip(row).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("blue", cells["colour"]);
        Assert.Equal("apple", cells["fruit"]);
        Assert.Equal("4", cells["mood"]);
        Assert.Equal("42", cells["age"]);
        Assert.Equal("Leeds", cells["city"]);
        Assert.Equal("9", cells["score"]);
    }

    private static async Task AddQuestionAsync(IPage page, string type, string code, string text, bool required = false, string? options = null, string? min = null, string? max = null)
    {
        await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = type });
        await page.GetByLabel("Code (variable name)", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("Question text", new() { Exact = true }).FillAsync(text);
        await page.GetByLabel("Answer required").SetCheckedAsync(required);
        await page.GetByLabel("Options (choice, ranking, matrix columns)").FillAsync(options ?? string.Empty);
        await page.Locator("details").EvaluateAsync("details => details.open = true");
        await page.GetByLabel("Minimum (number questions)").FillAsync(min ?? string.Empty);
        await page.GetByLabel("Maximum (number questions)").FillAsync(max ?? string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add question" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync($"Question {code} added.");
    }
}
