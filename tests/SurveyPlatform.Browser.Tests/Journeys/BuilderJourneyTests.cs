using Microsoft.Playwright;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The questionnaire builder in Chromium: with JavaScript off, the lists show rendered text and human type
/// names and the Move buttons reorder by plain form posts; with JavaScript on, a question is dragged by its
/// handle and duplicated.
/// </summary>
public sealed class BuilderJourneyTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    /// <summary>A file to save the builder's page to after the duplicate, when set.</summary>
    private const string ScreenshotVariable = "BUILDER_SCREENSHOT";

    private async Task<IBrowserContext> ContextAsync(bool javaScript)
    {
        var context = await host.Browser.NewContextAsync(new()
        {
            BaseURL = host.BaseUrl,
            JavaScriptEnabled = javaScript,
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(10_000);
        return context;
    }

    private static async Task<string> BuildAsync(IPage owner, string title)
    {
        await OwnerSteps.SignInAsync(owner);
        var path = await OwnerSteps.CreateSurveyAsync(owner, title, "Reordering.");
        await OwnerSteps.AddQuestionAsync(owner, "SingleChoice", "role", "What is your **role**?", options: "Doctor\nNurse");
        await OwnerSteps.AddQuestionAsync(owner, "Nps", "nps", "How likely are you to *recommend* us?");
        await OwnerSteps.AddQuestionAsync(owner, "MultipleChoice", "stage", "Which stages have you *reached*?", options: "Idea\nProduction");
        return path;
    }

    private static Task<string[]> OrderAsync(IPage owner) =>
        owner.Locator(".question-list > li").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.code)");

    [Fact]
    public async Task WithoutJavaScript_TheListShowsRenderedTextAndTypeNames_AndTheMoveButtonsReorder()
    {
        await using var context = await ContextAsync(javaScript: false);
        var owner = await context.NewPageAsync();
        var path = await BuildAsync(owner, "Builder without JavaScript");
        await owner.GotoAsync($"{path}/edit");

        await Assertions.Expect(owner.Locator(".question-type")).ToHaveTextAsync(["Single choice", "Net Promoter Score", "Multiple choice"]);
        await Assertions.Expect(owner.Locator("#q-role .question-text strong strong")).ToHaveTextAsync("role");
        await Assertions.Expect(owner.Locator("#q-nps .question-text em")).ToHaveTextAsync("recommend");
        await Assertions.Expect(owner.Locator("main")).Not.ToContainTextAsync("**role**");
        await Assertions.Expect(owner.Locator("main")).Not.ToContainTextAsync("SingleChoice");
        await Assertions.Expect(owner.Locator("#q-role .drag-handle")).ToBeHiddenAsync();

        await owner.GetByRole(AriaRole.Button, new() { Name = "Move stage up" }).ClickAsync();
        Assert.Equal(["role", "stage", "nps"], await OrderAsync(owner));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Move role down" }).ClickAsync();
        Assert.Equal(["stage", "role", "nps"], await OrderAsync(owner));
        Assert.EndsWith("#q-role", owner.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithJavaScript_AQuestionIsDraggedByItsHandle_AndDuplicatedRightAfterItself()
    {
        await using var context = await ContextAsync(javaScript: true);
        var owner = await context.NewPageAsync();
        var path = await BuildAsync(owner, "Builder with JavaScript");
        await owner.GotoAsync($"{path}/edit");

        var target = owner.Locator("#q-stage");
        var box = (await target.BoundingBoxAsync())!;
        // Headless Chromium does not start a native drag from synthetic mouse input, so the drag's events are
        // dispatched as a browser would send them; builder.js handles them and posts the Move form.
        var transfer = await owner.EvaluateHandleAsync("() => new DataTransfer()");
        var below = new Dictionary<string, object> { ["dataTransfer"] = transfer, ["clientX"] = (int)box.X + 40, ["clientY"] = (int)(box.Y + box.Height) - 4 };
        await owner.Locator("#q-role .drag-handle").DispatchEventAsync("dragstart", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await target.DispatchEventAsync("dragover", below);
        await Assertions.Expect(owner.Locator("ol.question-list.drop-end")).ToHaveCountAsync(1);
        await target.DispatchEventAsync("drop", below);
        await Assertions.Expect(owner.Locator(".question-list > li").Last).ToHaveAttributeAsync("data-code", "role");
        Assert.Equal(["nps", "stage", "role"], await OrderAsync(owner));

        await owner.GetByRole(AriaRole.Button, new() { Name = "Duplicate nps" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Question nps duplicated as nps_2.");
        Assert.Equal(["nps", "nps_2", "stage", "role"], await OrderAsync(owner));
        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is { Length: > 0 } shot)
        {
            await owner.ScreenshotAsync(new() { Path = shot, FullPage = true }); // For a person to look at; the test writes no file otherwise.
        }
    }

    [Fact]
    public async Task WithJavaScript_APageIsDraggedByTheHandleBesideItsTitle_AndTheNewOrderStaysAfterAReload()
    {
        await using var context = await ContextAsync(javaScript: true);
        var owner = await context.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        await OwnerSteps.ImportAsync(owner, SurveyDocument.Of("Pages to drag", "Three pages.", new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition { Title = "First", Questions = [new() { Code = "one", Text = "One?", Type = QuestionType.ShortText }] },
                new PageDefinition { Title = "Second", Questions = [new() { Code = "two", Text = "Two?", Type = QuestionType.ShortText }] },
                new PageDefinition { Title = "Third", Questions = [new() { Code = "three", Text = "Three?", Type = QuestionType.ShortText }] },
            ],
        }));
        await Assertions.Expect(owner.Locator("#page-2 .page-drag-handle")).ToBeVisibleAsync();

        // Headless Chromium does not start a native drag from synthetic mouse input (see the question drag above).
        var first = (await owner.Locator("#page-0").BoundingBoxAsync())!;
        var transfer = await owner.EvaluateHandleAsync("() => new DataTransfer()");
        var above = new Dictionary<string, object> { ["dataTransfer"] = transfer, ["clientX"] = (int)first.X + 40, ["clientY"] = (int)first.Y + 4 };
        await owner.Locator("#page-2 .page-drag-handle").DispatchEventAsync("dragstart", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await owner.Locator("#page-0").DispatchEventAsync("dragover", above);
        await Assertions.Expect(owner.Locator("#page-0.page-drop-before")).ToHaveCountAsync(1);
        await owner.Locator("#page-0").DispatchEventAsync("drop", above);
        await Assertions.Expect(owner.Locator("section.editor-page h3").First).ToHaveTextAsync("Page 1: Third");

        await owner.ReloadAsync();
        Assert.Equal(["Page 1: Third", "Page 2: First", "Page 3: Second"], await owner.Locator("section.editor-page h3").AllInnerTextsAsync());
        Assert.Equal(["three", "one", "two"], await OrderAsync(owner));
    }

    [Fact]
    public async Task WithJavaScript_AQuestionEditedInPlace_IsSavedWithoutAReload_AndAnErrorKeepsWhatWasTyped()
    {
        await using var context = await ContextAsync(javaScript: true);
        var owner = await context.NewPageAsync();
        var path = await BuildAsync(owner, "Edit in place with JavaScript");
        await owner.GotoAsync($"{path}/edit");
        await owner.GetByRole(AriaRole.Link, new() { Name = "Edit nps" }).ClickAsync();
        var form = owner.GetByRole(AriaRole.Form, new() { Name = "Edit question nps" });
        await Assertions.Expect(form).ToBeVisibleAsync();
        // A marker on the window survives only as long as no new document is loaded.
        await owner.EvaluateAsync("() => { window.builderMarker = 'still here'; }");

        // An error: the row shows it beside the field, and the text typed in the other fields stays.
        await form.GetByLabel("Code (variable name)", new() { Exact = true }).FillAsync("9nps");
        await form.GetByLabel("Question text", new() { Exact = true }).FillAsync("How likely are you to **tell a friend**?");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save question" }).ClickAsync();
        var codeError = owner.Locator("#q-nps [data-valmsg-for='Edit.Code']");
        await Assertions.Expect(codeError).ToContainTextAsync("The code must start with a letter");
        await Assertions.Expect(owner.Locator("#q-nps").GetByLabel("Question text", new() { Exact = true })).ToHaveValueAsync("How likely are you to **tell a friend**?");
        await Assertions.Expect(owner.Locator("#q-nps").GetByLabel("Code (variable name)", new() { Exact = true })).ToBeFocusedAsync();

        // Corrected and saved: the row shows the rendered text, with no new document loaded.
        await owner.Locator("#q-nps").GetByLabel("Code (variable name)", new() { Exact = true }).FillAsync("nps");
        await owner.Locator("#q-nps").GetByRole(AriaRole.Button, new() { Name = "Save question" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status)).ToHaveTextAsync("Question nps saved.");
        await Assertions.Expect(owner.Locator("#q-nps .question-text strong strong")).ToHaveTextAsync("tell a friend");
        await Assertions.Expect(owner.Locator("#q-nps form.edit-in-place")).ToHaveCountAsync(0);
        Assert.Equal("still here", await owner.EvaluateAsync<string>("() => window.builderMarker"));
        Assert.EndsWith("/edit#q-nps", owner.Url, StringComparison.Ordinal); // The address no longer opens the form.
        Assert.Equal(["role", "nps", "stage"], await OrderAsync(owner));

        await owner.ReloadAsync();
        await Assertions.Expect(owner.Locator("#q-nps .question-text")).ToContainTextAsync("How likely are you to tell a friend?");
        Assert.Null(await owner.EvaluateAsync<string?>("() => window.builderMarker ?? null"));
    }
}
