using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Data;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The authoring journey in a real browser: an owner builds a three-page survey with every question type and
/// conditions in the editor (one question from the keyboard alone), walks the preview on both paths, publishes it,
/// and a respondent answers it on a phone. Questions hidden by conditions are never asked and never stored.
/// The same survey as the server-side EditorTests.Owner_BuildsPagesWithEveryTypeAndACondition_….
/// </summary>
public sealed class AuthoringJourneyTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Answer keys a payer is never asked: the provider page's questions and the provider-only "beds".</summary>
    private static readonly string[] ProviderOnly = ["stage", "pain", "priority", "beds"];

    /// <summary>What a payer who answers every question they are shown stores, in ordinal order.</summary>
    private static readonly string[] PayerKeys = ["consent", "mood", "name", "nps", "segment", "story", "tools", "when"];

    [Fact]
    public async Task Owner_BuildsEveryTypeOnThreePages_PartlyByKeyboard_PreviewsPublishes_AndHiddenQuestionsAreNeitherAskedNorStored()
    {
        var clock = Stopwatch.StartNew();
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateSurveyAsync(owner, "Every type, by hand", "Three pages, thirteen types, two conditions.");

        // 1. Page 1, "About you": the segment that the conditions read, a consent question typed from the keyboard, an intro.
        await AddPageAsync(owner, "About you");
        await AddQuestionAsync(owner, new("SingleChoice", "segment", "Which segment do you work in?")
        {
            Required = true,
            Options = "payer | Payer\nprovider | Provider",
        });
        await AddConsentByKeyboardAsync(owner);
        await AddQuestionAsync(owner, new("Descriptive", "intro", "Thanks for **helping** with this survey."));

        // 2. Page 2, "Jobs", shown only to providers (a typed page condition), with both matrices and a ranking.
        await AddPageAsync(owner, "Jobs", condition: "segment = provider");
        await AddQuestionAsync(owner, new("MatrixSingle", "stage", "Where does each job stand?")
        {
            Options = "idea | Idea\nprod | Production",
            Rows = "ambient | Ambient notes\ncoding | Coding",
            NotApplicable = true,
        });
        await AddQuestionAsync(owner, new("MatrixRating", "pain", "How painful is each job?") { Rows = "ambient | Ambient notes", Scale = "5" });
        await AddQuestionAsync(owner, new("Ranking", "priority", "Order these priorities") { Options = "a | Cost\nb | Speed" });

        // 3. Page 3, "More": a question shown to providers only, set with the condition builder, and the other types.
        await AddPageAsync(owner, "More");
        await AddQuestionAsync(owner, new("MultipleChoice", "tools", "Which tools do you use?")
        {
            Options = "x | Dictation\ny | Chat assistant\nnone | None of these",
            Exclusive = "none",
        });
        await AddQuestionAsync(owner, new("Number", "beds", "How many beds does your site have?") { WholeNumbers = true, ShowIf = ("segment", "is", "provider") });
        await AddQuestionAsync(owner, new("Rating", "mood", "How is your mood today?"));
        await AddQuestionAsync(owner, new("Nps", "nps", "How likely are you to recommend us?"));
        await AddQuestionAsync(owner, new("ShortText", "name", "What is your first name?"));
        await AddQuestionAsync(owner, new("LongText", "story", "Tell us more"));
        await AddQuestionAsync(owner, new("Date", "when", "When did you start?"));

        // The editor shows the three pages, the page condition and the built condition.
        await Assertions.Expect(owner.Locator("section.editor-page h3")).ToHaveTextAsync(["Page 1: About you", "Page 2: Jobs", "Page 3: More"]);
        await Assertions.Expect(owner.Locator("section.editor-page").Nth(1)).ToContainTextAsync("Shown only if segment = provider");
        await Assertions.Expect(owner.Locator(".question-list > li").Filter(new() { HasText = "Code beds" })).ToContainTextAsync("shown only if segment = provider");
        await Assertions.Expect(owner.Locator(".question-list > li")).ToHaveCountAsync(13);

        var draft = await DraftAsync(surveyPath);
        Assert.Equal(["About you", "Jobs", "More"], draft.Pages.Select(p => p.Title));
        Assert.Equal(Enum.GetValues<QuestionType>().Order(), draft.Questions.Select(q => q.Type).Order());
        Assert.Equal("segment = provider", draft.Pages[1].Condition);
        Assert.Equal("segment = provider", draft.Find("beds")!.Condition);
        var consent = draft.Find("consent")!;
        Assert.Equal((QuestionType.YesNo, true, "Do you consent to take part?"), (consent.Type, consent.Required, consent.Text));
        Assert.Equal(["segment", "consent", "intro"], draft.Pages[0].Questions.Select(q => q.Code));
        output.WriteLine($"Built in {clock.Elapsed.TotalSeconds:F1} s.");

        // 4. Preview as a payer: two pages, no provider page, no beds; the result lists what would be stored and what was not asked.
        await owner.GetByRole(AriaRole.Link, new() { Name = "Preview", Exact = true }).ClickAsync();
        await owner.WaitForURLAsync($"**{surveyPath}/preview");
        var payerPreview = await WalkAsync(owner, "Payer");
        Assert.Equal([("Page 1 of 2", "About you"), ("Page 2 of 2", "More")], payerPreview.Select(p => (p.Progress, p.Title)));
        Assert.Equal(["q-segment", "q-consent", "q-intro"], payerPreview[0].Questions);
        Assert.Equal(["q-tools", "q-mood", "q-nps", "q-name", "q-story", "q-when"], payerPreview[1].Questions);
        var result = owner.Locator("#preview-result");
        await Assertions.Expect(result).ToContainTextAsync("These answers would be stored");
        await Assertions.Expect(result.Locator("dt")).ToHaveTextAsync(PayerKeys);
        await Assertions.Expect(result).ToContainTextAsync("Not asked (hidden by conditions): beds, pain, priority, stage");
        await Assertions.Expect(result.Locator("dt:text-is('segment') + dd")).ToHaveTextAsync("payer");

        // Preview as a provider: the Jobs page with both matrix rows, then beds on the last page; nothing is hidden.
        await result.GetByRole(AriaRole.Link, new() { Name = "Start the preview again" }).ClickAsync();
        await Assertions.Expect(owner.Locator("p.progress")).ToHaveTextAsync("Page 1 of 2");
        var providerPreview = await WalkAsync(owner, "Provider");
        Assert.Equal(
            [("Page 1 of 2", "About you"), ("Page 2 of 3", "Jobs"), ("Page 3 of 3", "More")],
            providerPreview.Select(p => (p.Progress, p.Title)));
        Assert.Equal(["q-stage", "q-pain", "q-priority"], providerPreview[1].Questions);
        Assert.Contains("q-beds", providerPreview[2].Questions);
        await Assertions.Expect(result).ToContainTextAsync("These answers would be stored");
        await Assertions.Expect(result).Not.ToContainTextAsync("Not asked");
        await Assertions.Expect(result.Locator("dt")).ToContainTextAsync(["beds", "pain_ambient", "priority", "stage_ambient", "stage_coding"]);

        // The preview stored nothing.
        Assert.Equal((0, 0), await AppData.SessionsAsync(host, surveyPath));
        Assert.Equal(0, await AppData.CompletedResponsesAsync(host, surveyPath));

        // 5. Publish.
        await owner.GetByRole(AriaRole.Link, new() { Name = "Back to the editor" }).ClickAsync();
        await owner.WaitForURLAsync($"**{surveyPath}/edit");
        var respondPath = await OwnerSteps.PublishAsync(owner);
        output.WriteLine($"Previewed and published at {clock.Elapsed.TotalSeconds:F1} s.");

        // 6. A payer answers the public link on a phone: the provider page and beds never appear.
        await using var phone = await host.NewPhoneContextAsync();
        var respondent = await phone.NewPageAsync();
        await respondent.GotoAsync(respondPath);
        var answered = await WalkAsync(respondent, "Payer");
        Assert.Equal([("Page 1 of 2", "About you"), ("Page 2 of 2", "More")], answered.Select(p => (p.Progress, p.Title)));
        Assert.Equal(["q-segment", "q-consent", "q-intro"], answered[0].Questions);
        Assert.Equal(["q-tools", "q-mood", "q-nps", "q-name", "q-story", "q-when"], answered[1].Questions);
        Assert.EndsWith($"{respondPath}/thanks", new Uri(respondent.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(respondent.GetByTestId("thanks")).ToBeVisibleAsync();

        // 7. The database holds exactly one response, with the payer's answers and no key of a hidden question.
        var stored = await StoredAnswersAsync(surveyPath);
        var response = Assert.Single(stored);
        Assert.DoesNotContain(response.Keys, k => ProviderOnly.Any(c => k == c || k.StartsWith(c + "_", StringComparison.Ordinal)));
        Assert.Equal(PayerKeys, response.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("payer", response["segment"]);
        Assert.Equal((1, 1), await AppData.SessionsAsync(host, surveyPath));
        Assert.Equal(1, await OwnerSteps.ResponseCountAsync(owner, surveyPath));

        output.WriteLine($"Whole journey in {clock.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>
    /// The YesNo question "consent" from the keyboard alone, starting where the last add left the page (/edit#add):
    /// Tab to each field, type-ahead in the type list, Space for the checkbox, Enter on the button. Every stop shows a
    /// visible focus indicator.
    /// </summary>
    private static async Task AddConsentByKeyboardAsync(IPage page)
    {
        Assert.EndsWith("#add", page.Url, StringComparison.Ordinal);
        var form = AddForm(page);
        await TabToAsync(page, form.GetByLabel("Type", new() { Exact = true }));
        await page.Keyboard.TypeAsync("Yes");
        await Assertions.Expect(form.GetByLabel("Type", new() { Exact = true })).ToHaveValueAsync(((int)QuestionType.YesNo).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertFocusVisibleAsync(page, "the type list after typing");
        Assert.Equal(0, await form.GetByLabel("Page", new() { Exact = true }).CountAsync()); // one page so far: no page list to pass

        await TabToAsync(page, form.GetByLabel("Code (variable name)", new() { Exact = true }));
        await page.Keyboard.TypeAsync("consent");
        await TabToAsync(page, form.GetByLabel("Question text", new() { Exact = true }));
        await page.Keyboard.TypeAsync("Do you consent to take part?");
        await TabToAsync(page, form.GetByLabel("Help text (optional)"));
        var required = form.GetByLabel("Answer required");
        await TabToAsync(page, required);
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(required).ToBeCheckedAsync();
        await AssertFocusVisibleAsync(page, "the required checkbox after Space");
        await TabToAsync(page, form.GetByLabel("Options (choice, ranking, matrix columns)"));
        await TabToAsync(page, form.Locator("details > summary"));
        var add = form.GetByRole(AriaRole.Button, new() { Name = "Add question" });
        await TabToAsync(page, add);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Question consent added.");
        var item = page.Locator(".question-list > li").Filter(new() { HasText = "Code consent" });
        await Assertions.Expect(item).ToContainTextAsync("Do you consent to take part? (required)");
        await Assertions.Expect(item).ToContainTextAsync("Yes or no");
    }

    /// <summary>Presses Tab and checks the focus moved to <paramref name="expected"/> and can be seen.</summary>
    private static async Task TabToAsync(IPage page, ILocator expected)
    {
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(expected).ToBeFocusedAsync();
        await AssertFocusVisibleAsync(page, await expected.EvaluateAsync<string>("e => e.outerHTML.slice(0, 120)"));
    }

    /// <summary>The focused element matches :focus-visible, draws an outline of at least 2 px and lies inside the viewport.</summary>
    private static async Task AssertFocusVisibleAsync(IPage page, string what)
    {
        var json = await page.EvaluateAsync<string>(
            """
            () => {
              const el = document.activeElement;
              const style = getComputedStyle(el);
              const box = el.getBoundingClientRect();
              return JSON.stringify({
                tag: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
                focusVisible: el.matches(':focus-visible'),
                outlineStyle: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth) || 0,
                inViewport: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
              });
            }
            """);
        var ring = JsonSerializer.Deserialize<FocusRing>(json, Json)!;
        Assert.True(
            ring.FocusVisible && ring.OutlineStyle != "none" && ring.OutlineWidth >= 2 && ring.InViewport,
            $"No visible focus on {ring.Tag} ({what}): {ring}");
    }

    private static ILocator AddForm(IPage page) => page.Locator("form[action$='handler=Add']");

    private static async Task AddPageAsync(IPage page, string title, string? condition = null)
    {
        var form = page.Locator("form[action$='handler=AddPage']");
        await form.GetByLabel("Page title").FillAsync(title);
        await form.GetByLabel("Show the page only if (optional condition)").FillAsync(condition ?? string.Empty);
        await form.GetByRole(AriaRole.Button, new() { Name = "Add page" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Page \"{title}\" added.");
    }

    /// <summary>Fills the "Add a question" form with the mouse, opening "More settings" when a setting there is used.</summary>
    private static async Task AddQuestionAsync(IPage page, NewQuestion question)
    {
        var form = AddForm(page);
        await form.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = OwnerSteps.TypeName(question.Type) });
        await form.GetByLabel("Code (variable name)", new() { Exact = true }).FillAsync(question.Code);
        await form.GetByLabel("Question text", new() { Exact = true }).FillAsync(question.Text);
        await form.GetByLabel("Answer required").SetCheckedAsync(question.Required);
        if (question.Options is not null)
        {
            await form.GetByLabel("Options (choice, ranking, matrix columns)").FillAsync(question.Options);
        }

        if (question.Rows is not null || question.Scale is not null || question.NotApplicable || question.Exclusive is not null || question.WholeNumbers || question.ShowIf is not null)
        {
            await form.GetByText("More settings for matrices, scales, numbers, text and logic").ClickAsync();
            await form.GetByLabel("Matrix rows").FillAsync(question.Rows ?? string.Empty);
            await form.GetByLabel("Rating points (rating and matrix rating; default 5)").FillAsync(question.Scale ?? string.Empty);
            await form.GetByLabel("Offer \"not applicable\"").SetCheckedAsync(question.NotApplicable);
            await form.GetByLabel("Code of the \"none of these\" option").FillAsync(question.Exclusive ?? string.Empty);
            await form.GetByLabel("Whole numbers only").SetCheckedAsync(question.WholeNumbers);
            if (question.ShowIf is { } showIf)
            {
                await form.GetByLabel("Earlier question").SelectOptionAsync(new SelectOptionValue { Label = showIf.Code });
                await form.GetByLabel("Operator").SelectOptionAsync(new SelectOptionValue { Label = showIf.Operator });
                await form.GetByLabel("Value (an option code or a number)").FillAsync(showIf.Value);
                await Assertions.Expect(form.GetByLabel("Or type a condition")).ToHaveValueAsync(string.Empty);
            }
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "Add question" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Question {question.Code} added.");
    }

    /// <summary>
    /// Answers page after page (the preview or the public link) as <paramref name="segment"/>, recording each page's
    /// progress, title and the ids of the questions shown, until the preview's result or the thank-you page.
    /// </summary>
    private static async Task<IReadOnlyList<Shown>> WalkAsync(IPage page, string segment)
    {
        var pages = new List<Shown>();
        for (var i = 0; i < 6 && await page.GetByTestId("next").CountAsync() > 0; i++)
        {
            var title = page.Locator("h2.page-title");
            var shown = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('form .question')].filter(q => !q.closest('[hidden]') && q.getClientRects().length > 0).map(q => q.id)");
            pages.Add(new(await RespondentSteps.ProgressAsync(page), await title.CountAsync() > 0 ? await title.InnerTextAsync() : string.Empty, shown));
            if (i == 0)
            {
                await page.GetByLabel(segment, new() { Exact = true }).CheckAsync();
            }

            await RespondentSteps.FillPageAsync(page);
            await RespondentSteps.ContinueAsync(page);
            if (await page.Locator(".error-summary").CountAsync() > 0)
            {
                Assert.Fail($"The answers were refused on {page.Url}: {await page.Locator("main").InnerTextAsync()}");
            }
        }

        return pages;
    }

    private async Task<SurveyDefinition> DraftAsync(string surveyPath)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == SurveyId(surveyPath))).Draft;
    }

    /// <summary>Every stored response of the survey, as its answers keyed by answer key.</summary>
    private async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> StoredAnswersAsync(string surveyPath)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = SurveyId(surveyPath);
        var responses = await db.Responses.AsNoTracking().Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync();
        var answers = await db.Answers.AsNoTracking().Where(a => responses.Contains(a.ResponseId)).ToListAsync();
        return [.. responses.Select(r => (IReadOnlyDictionary<string, string>)answers.Where(a => a.ResponseId == r).ToDictionary(a => a.QuestionCode, a => a.Value))];
    }

    private static Guid SurveyId(string surveyPath) => Guid.Parse(surveyPath.TrimEnd('/').Split('/')[^1]);

    /// <summary>One question for the editor's form; settings left unset stay empty.</summary>
    private sealed record NewQuestion(string Type, string Code, string Text)
    {
        public bool Required { get; init; }
        public string? Options { get; init; }
        public string? Rows { get; init; }
        public string? Scale { get; init; }
        public bool NotApplicable { get; init; }
        public string? Exclusive { get; init; }
        public bool WholeNumbers { get; init; }

        /// <summary>The condition builder's three fields: earlier question, operator label, value.</summary>
        public (string Code, string Operator, string Value)? ShowIf { get; init; }
    }

    /// <summary>A page as the walker saw it before answering it.</summary>
    private sealed record Shown(string Progress, string Title, IReadOnlyList<string> Questions);

    private sealed record FocusRing(string Tag, bool FocusVisible, string OutlineStyle, double OutlineWidth, bool InViewport);
}
