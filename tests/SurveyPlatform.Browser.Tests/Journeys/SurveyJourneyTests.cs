using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// Whole journeys in a real browser against the real app: an owner builds and publishes a survey,
/// respondents answer it on a phone-sized screen, the owner closes it, the scoring job runs and
/// the CSV holds the responses with the right scores.
/// </summary>
public sealed class SurveyJourneyTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task Owner_CreatesPublishesClosesAndDownloads_TheRespondentsScoredAnswer()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();

        // 1. Sign in, build a survey with all five question types, publish it.
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateSurveyAsync(owner, "Browser journey", "Five question types.");
        await OwnerSteps.AddQuestionAsync(owner, "SingleChoice", "colour", "Favourite colour?", required: true,
            options: "red | Red | 1\nblue | Blue | 3");
        await OwnerSteps.AddQuestionAsync(owner, "MultipleChoice", "fruit", "Which fruit do you eat?",
            options: "apple | Apple | 2\npear | Pear | 5");
        await OwnerSteps.AddQuestionAsync(owner, "Rating", "mood", "How is your mood?", required: true, scale: "5");
        await OwnerSteps.AddQuestionAsync(owner, "Number", "age", "How old are you?", required: true, min: "18", max: "120");

        // The short text question entirely from the keyboard: type, Tab to the next field, Enter submits.
        await owner.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Short text" });
        await owner.GetByLabel("Code (variable name)", new() { Exact = true }).FocusAsync();
        await owner.Keyboard.TypeAsync("city");
        await owner.Keyboard.PressAsync("Tab");
        await owner.Keyboard.TypeAsync("Where do you live?");
        await owner.Keyboard.PressAsync("Enter");
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Question city added.");
        await Assertions.Expect(owner.Locator(".question-list > li")).ToHaveCountAsync(5);

        var respondPath = await OwnerSteps.PublishAsync(owner);
        await OwnerSteps.ChooseDefaultModelAsync(owner, surveyPath);

        // 2. A respondent on a 390×844 screen, first with a required answer missing and an out-of-range number.
        await using var phone = await host.NewPhoneContextAsync();
        var respondent = await phone.NewPageAsync();
        await respondent.GotoAsync(respondPath);
        await Assertions.Expect(respondent.GetByRole(AriaRole.Heading, new() { Name = "Browser journey" })).ToBeVisibleAsync();
        await Assertions.Expect(respondent.Locator("#q-mood input[type=radio]")).ToHaveCountAsync(5); // 1–5
        await respondent.GetByLabel("Apple", new() { Exact = true }).CheckAsync();
        await respondent.Locator("#a-mood-3").CheckAsync(); // the fourth point: 4
        await respondent.GetByLabel("Where do you live?").FillAsync("Leeds");
        var age = respondent.GetByLabel("How old are you?");
        await age.FillAsync("150");
        await age.PressAsync("Enter"); // implicit submission from the last text field

        await Assertions.Expect(respondent.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is a problem");
        await Assertions.Expect(respondent.Locator("#q-colour .error-message")).ToContainTextAsync("Choose an answer.");
        await Assertions.Expect(respondent.Locator("#q-age .error-message")).ToContainTextAsync("Enter a number from 18 to 120.");
        await Assertions.Expect(respondent.Locator("#q-colour")).ToHaveClassAsync(new Regex(@"\bhas-error\b"));
        await Assertions.Expect(age).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(age).ToHaveAttributeAsync("aria-describedby", new Regex(@"\ba-age-error\b"));
        // The summary names each question, so two errors are told apart without reading the page.
        await Assertions.Expect(respondent.Locator(".error-summary a[href='#a-colour']")).ToHaveTextAsync("Favourite colour: choose an answer.");
        await Assertions.Expect(respondent.Locator(".error-summary a[href='#a-age']")).ToHaveTextAsync("How old are you: enter a number from 18 to 120.");
        await Assertions.Expect(respondent.Locator("#q-fruit .error-message")).ToHaveCountAsync(0);
        // Everything typed or chosen is still there.
        await Assertions.Expect(respondent.GetByLabel("Apple", new() { Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(respondent.GetByLabel("Pear", new() { Exact = true })).Not.ToBeCheckedAsync();
        await Assertions.Expect(respondent.Locator("#a-mood-3")).ToBeCheckedAsync();
        await Assertions.Expect(respondent.GetByLabel("Where do you live?")).ToHaveValueAsync("Leeds");
        await Assertions.Expect(age).ToHaveValueAsync("150");
        var width = await respondent.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The page scrolls sideways on a phone: {width}px wide.");

        // Fix both: arrow keys move through the radio group from Red to Blue, then a valid age.
        await respondent.GetByLabel("Red", new() { Exact = true }).FocusAsync();
        await respondent.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(respondent.GetByLabel("Blue", new() { Exact = true })).ToBeCheckedAsync();
        await age.FillAsync("42");
        await respondent.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await respondent.WaitForURLAsync($"**{respondPath}/thanks");
        await Assertions.Expect(respondent.GetByTestId("thanks")).ToBeVisibleAsync();

        // 3. The owner closes the survey.
        await OwnerSteps.CloseAsync(owner, surveyPath);
        await Assertions.Expect(owner.GetByTestId("responses")).ToHaveTextAsync("1");

        // 4. The scoring job runs in the background.
        await OwnerSteps.WaitForScoringAsync(owner, surveyPath);
        await Assertions.Expect(owner.GetByTestId("status")).ToHaveTextAsync("Closed");
        await Assertions.Expect(owner.GetByTestId("n")).ToHaveTextAsync("1");
        await Assertions.Expect(owner.GetByTestId("responses")).ToHaveTextAsync("1");
        // One response is below the small-group threshold: the page shows the marker, never the number.
        await Assertions.Expect(owner.GetByTestId("mean")).ToHaveTextAsync("suppressed (n<5)");
        await Assertions.Expect(owner.GetByTestId("sd")).ToHaveCountAsync(0);

        // 5. The downloaded CSV (wide: a multiple choice as one 0/1 column per option) holds that response under
        // the question codes, with the right score.
        var csv = await OwnerSteps.DownloadCsvAsync(owner);
        Assert.Equal(["response_id", "submitted_at_utc", "version", "colour", "fruit_apple", "fruit_pear", "mood", "age", "city", "score", "maturity", "percentile_in_segment", "percentile_overall", "maturity_stability", "source", "source_id"], csv.Header);
        var row = Assert.Single(csv.Rows);
        Assert.True(Guid.TryParse(row["response_id"], out _), row["response_id"]);
        Assert.Equal("1", row["version"]);
        Assert.Equal("blue", row["colour"]);
        Assert.Equal("1", row["fruit_apple"]);
        Assert.Equal("0", row["fruit_pear"]);
        Assert.Equal("4", row["mood"]);
        Assert.Equal("42", row["age"]);
        Assert.Equal("Leeds", row["city"]);
        // The default model: blue (3 of 1–3) → 100, apple (2 of 0–7) → 28.57, mood 4 (of 1–5) → 75; their mean.
        Assert.Equal(Math.Round((100 + (200d / 7) + 75) / 3, 6).ToString("R", System.Globalization.CultureInfo.InvariantCulture), row["score"]);
        Assert.Equal("Aspirational", row["maturity"]);
    }

    [Fact]
    public async Task Respondent_SubmittingAfterTheClose_SeesTheClosedMessage_AndNothingIsStored()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateSurveyAsync(owner, "Closing time", "Answers after the close are refused.");
        await OwnerSteps.AddQuestionAsync(owner, "SingleChoice", "pick", "Pick one", required: true, options: "a | A | 1\nb | B | 2");
        await OwnerSteps.AddQuestionAsync(owner, "Rating", "mood", "How is your mood?", required: true, scale: "5");
        var respondPath = await OwnerSteps.PublishAsync(owner);
        await OwnerSteps.ChooseDefaultModelAsync(owner, surveyPath);

        // One response arrives while the survey is open: A (1 of 1–2) → 0 and mood 5 → 100, so it scores 50.
        await using var early = await host.NewPhoneContextAsync();
        var first = await early.NewPageAsync();
        await first.GotoAsync(respondPath);
        await first.GetByLabel("A", new() { Exact = true }).CheckAsync();
        await first.Locator("#a-mood-4").CheckAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(first.GetByTestId("thanks")).ToBeVisibleAsync();

        // Another respondent opens the form while it is open and fills it in...
        await using var lateContext = await host.NewPhoneContextAsync();
        var late = await lateContext.NewPageAsync();
        await late.GotoAsync(respondPath);
        await late.GetByLabel("B", new() { Exact = true }).CheckAsync();
        await late.Locator("#a-mood").CheckAsync();

        // ...but the owner, who allows no grace period, closes the survey before they submit.
        await OwnerSteps.SetGraceMinutesAsync(owner, surveyPath, 0);
        await OwnerSteps.CloseAsync(owner, surveyPath);
        await Assertions.Expect(owner.GetByTestId("responses")).ToHaveTextAsync("1");

        await late.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(late.GetByTestId("closed")).ToContainTextAsync("This survey is closed");
        await Assertions.Expect(late.GetByTestId("closed")).ToContainTextAsync("Nothing was saved.");
        await Assertions.Expect(late.GetByRole(AriaRole.Button, new() { Name = "Submit" })).ToHaveCountAsync(0);
        Assert.DoesNotContain("/thanks", late.Url, StringComparison.Ordinal);

        // Opening the link afresh shows the same message and no form.
        await late.GotoAsync(respondPath);
        await Assertions.Expect(late.GetByTestId("closed")).ToBeVisibleAsync();
        await Assertions.Expect(late.Locator("form")).ToHaveCountAsync(0);

        // Nothing was stored: the count, the score run and the CSV hold only the early response.
        await OwnerSteps.WaitForScoringAsync(owner, surveyPath);
        await Assertions.Expect(owner.GetByTestId("responses")).ToHaveTextAsync("1");
        await Assertions.Expect(owner.GetByTestId("n")).ToHaveTextAsync("1");
        await Assertions.Expect(owner.GetByTestId("mean")).ToHaveTextAsync("suppressed (n<5)");
        var csv = await OwnerSteps.DownloadCsvAsync(owner);
        var row = Assert.Single(csv.Rows);
        Assert.Equal("a", row["pick"]);
        Assert.Equal("5", row["mood"]);
        Assert.Equal("50", row["score"]);
    }
}
