using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// The page-by-page respondent flow in the ways respondents really use it: keyboard only, on a 360 px phone,
/// resumed in another browser, without JavaScript, and with an impatient double click on Submit.
/// </summary>
public sealed class RespondentFlowTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task KeyboardOnly_CompletesAThreePageSurvey_WithTheFocusVisibleAtEveryStop()
    {
        var (surveyPath, respondPath) = await PublishAsync(TestSurveys.ThreePages("Keyboard only"));
        await using var context = await host.NewOwnerContextAsync(); // a desktop browser, no cookies
        var page = await context.NewPageAsync();
        var keys = page.Keyboard;
        await page.GotoAsync(respondPath);

        // Page 1: Tab into the radio group, an arrow key chooses Banana, Tab to the text field, type, Tab to Continue, Enter.
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "#a-fruit", "the first fruit radio");
        await keys.PressAsync("ArrowDown");
        await AssertFocusAsync(page, "#a-fruit-1", "Banana, after ArrowDown");
        await Assertions.Expect(page.Locator("#a-fruit-1")).ToBeCheckedAsync();
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "#a-name", "the name field");
        await keys.TypeAsync("Ada");
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "[data-testid=next]", "Continue on page 1");
        await RespondentSteps.SubmitAsync(page, () => keys.PressAsync("Enter"));
        await Assertions.Expect(page.Locator("p.progress")).ToHaveTextAsync("Page 2 of 3");

        // Page 2: an out-of-range age and Yes by Space, Continue by Space: the error summary takes the focus.
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "#a-age", "the age field");
        await keys.TypeAsync("150");
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "#a-agree", "Yes of the yes/no question");
        await keys.PressAsync("Space");
        await Assertions.Expect(page.Locator("#a-agree")).ToBeCheckedAsync();
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "[data-testid=next]", "Continue on page 2 (the hidden 'Why not?' is skipped)");
        await RespondentSteps.SubmitAsync(page, () => keys.PressAsync("Space"));
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        Assert.Equal("error-summary", (await FocusedAsync(page)).Id);

        // From the summary: Tab to its link, Tab on to the age field, correct it; Shift+Tab comes back from the radios.
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, ".error-summary a[href='#a-age']", "the error summary's link to the age field");
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "#a-age", "the age field, in error");
        await keys.PressAsync("ControlOrMeta+A");
        await keys.TypeAsync("42");
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "#a-agree", "the chosen Yes");
        await keys.PressAsync("Shift+Tab");
        await AssertFocusAsync(page, "#a-age", "the age field, after Shift+Tab");
        await Assertions.Expect(page.Locator("#a-age")).ToHaveValueAsync("42");
        await keys.PressAsync("Tab");
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "[data-testid=next]", "Continue on page 2, second try");
        await RespondentSteps.SubmitAsync(page, () => keys.PressAsync("Enter"));
        await Assertions.Expect(page.Locator("p.progress")).ToHaveTextAsync("Page 3 of 3");

        // Page 3: arrow keys along the rating to 4, a comment, Space on Submit.
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "#a-mood", "the first rating point");
        for (var i = 0; i < 3; i++)
        {
            await keys.PressAsync("ArrowRight");
        }

        await AssertFocusAsync(page, "#a-mood-3", "rating point 4");
        await Assertions.Expect(page.Locator("#a-mood-3")).ToBeCheckedAsync();
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "#a-comments", "the comments box");
        await keys.TypeAsync("All by keyboard.");
        await keys.PressAsync("Tab");
        await AssertFocusAsync(page, "[data-testid=next]", "Submit");
        await Assertions.Expect(page.GetByTestId("next")).ToHaveTextAsync("Submit");
        await RespondentSteps.SubmitAsync(page, () => keys.PressAsync("Space"));

        await Assertions.Expect(page.GetByTestId("thanks")).ToBeVisibleAsync();
        Assert.EndsWith($"{respondPath}/thanks", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await AppData.CompletedResponsesAsync(host, surveyPath));
    }

    [Fact]
    public async Task At360x740_NoPageScrollsSideways_AndEveryControlIsAtLeast24px()
    {
        var (surveyPath, respondPath) = await PublishAsync(TestSurveys.EveryControl("Small screen"));
        await using var phone = await host.NewPhoneContextAsync(360, 740);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(respondPath);

        var problems = new List<string>();
        await CheckLayoutAsync(page, "page 1", problems);

        // The error state too: Continue with nothing answered.
        await RespondentSteps.ContinueAsync(page);
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await CheckLayoutAsync(page, "page 1 with errors", problems);

        await RespondentSteps.CompleteAsync(page, async p => await CheckLayoutAsync(p, await RespondentSteps.ProgressAsync(p), problems));
        await CheckLayoutAsync(page, "the thank-you page", problems);

        Assert.Equal(1, await AppData.CompletedResponsesAsync(host, surveyPath));
        Assert.True(problems.Count == 0, $"At 360×740:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public async Task SaveAndContinueLater_InANewBrowser_ResumesOnTheRightPage_WithEarlierAnswers_AndFinishesOnce()
    {
        var (surveyPath, respondPath) = await PublishAsync(TestSurveys.ThreePages("Resume later"));
        string resumeLink;
        var first = await host.NewPhoneContextAsync();
        try
        {
            var page = await first.NewPageAsync();
            await page.GotoAsync(respondPath);
            await page.GetByLabel("Cherry", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("What is your first name?").FillAsync("Grace");
            await RespondentSteps.ContinueAsync(page);
            await Assertions.Expect(page.Locator("p.progress")).ToHaveTextAsync("Page 2 of 3");
            await page.GetByLabel("How old are you?").FillAsync("33");
            await RespondentSteps.SubmitAsync(page, () => page.GetByTestId("save").ClickAsync());

            Assert.EndsWith($"{respondPath}/saved", page.Url, StringComparison.Ordinal);
            var link = page.GetByTestId("resume-link");
            resumeLink = await link.GetAttributeAsync("href") ?? string.Empty;
            await Assertions.Expect(link).ToHaveTextAsync(resumeLink);
            Assert.Matches(new Regex($"^{Regex.Escape(host.BaseUrl + respondPath)}/r/[0-9a-f]{{32}}\\.[A-Za-z0-9_-]{{40,}}$"), resumeLink);
            var cookie = Assert.Single(await first.CookiesAsync(), c => c.Name == "sp_response");
            Assert.True(cookie.HttpOnly, "The session cookie must be HttpOnly.");
            Assert.Equal(respondPath, cookie.Path);
        }
        finally
        {
            await first.CloseAsync(); // the browser is closed part-way: its cookie is gone
        }

        await using var second = await host.NewPhoneContextAsync();
        var resumed = await second.NewPageAsync();
        await resumed.GotoAsync(resumeLink);
        Assert.Equal(host.BaseUrl + respondPath, resumed.Url); // the secret is gone from the address bar
        await Assertions.Expect(resumed.Locator("p.progress")).ToHaveTextAsync("Page 2 of 3");
        await Assertions.Expect(resumed.GetByLabel("How old are you?")).ToHaveValueAsync("33");

        await RespondentSteps.BackAsync(resumed);
        await Assertions.Expect(resumed.Locator("p.progress")).ToHaveTextAsync("Page 1 of 3");
        await Assertions.Expect(resumed.GetByLabel("Cherry", new() { Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(resumed.GetByLabel("What is your first name?")).ToHaveValueAsync("Grace");

        await RespondentSteps.ContinueAsync(resumed);
        await Assertions.Expect(resumed.GetByLabel("How old are you?")).ToHaveValueAsync("33");
        var seen = await RespondentSteps.CompleteAsync(resumed);
        Assert.Equal(["Page 2 of 3", "Page 3 of 3"], seen.Select(p => p.Progress));

        Assert.Equal(1, await AppData.CompletedResponsesAsync(host, surveyPath));
        Assert.Equal((1, 1), await AppData.SessionsAsync(host, surveyPath));
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        Assert.Equal(1, await OwnerSteps.ResponseCountAsync(owner, surveyPath));
    }

    [Fact]
    public async Task WithoutJavaScript_AMultiPageSurvey_ShowsErrorsKeepsValues_AndCompletes()
    {
        var (surveyPath, respondPath) = await PublishAsync(TestSurveys.ThreePages("No script"));
        await using var context = await host.Browser.NewContextAsync(new()
        {
            BaseURL = host.BaseUrl,
            JavaScriptEnabled = false,
            ViewportSize = new() { Width = 390, Height = 844 },
        });
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(respondPath);

        await page.GetByLabel("Apple", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("What is your first name?").FillAsync("Linus");
        await RespondentSteps.ContinueAsync(page);
        await Assertions.Expect(page.Locator("p.progress")).ToHaveTextAsync("Page 2 of 3");

        // respond.js would hide "Why not?" until No is chosen; without scripts it stays visible.
        await Assertions.Expect(page.Locator("#q-why")).ToBeVisibleAsync();

        await page.GetByLabel("How old are you?").FillAsync("150");
        await page.GetByLabel("Yes", new() { Exact = true }).CheckAsync();
        await RespondentSteps.ContinueAsync(page);
        var summary = page.Locator(".error-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToContainTextAsync("There is a problem");
        await Assertions.Expect(summary.Locator("a[href='#a-age']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#q-age .error-message")).ToContainTextAsync("18");
        await Assertions.Expect(page.GetByLabel("How old are you?")).ToHaveValueAsync("150");
        await Assertions.Expect(page.GetByLabel("Yes", new() { Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("p.progress")).ToHaveTextAsync("Page 2 of 3");

        await page.GetByLabel("How old are you?").FillAsync("42");
        await RespondentSteps.ContinueAsync(page);
        await Assertions.Expect(page.Locator("p.progress")).ToHaveTextAsync("Page 3 of 3");
        await page.Locator("#a-mood-2").CheckAsync();
        await Assertions.Expect(page.GetByTestId("next")).ToHaveTextAsync("Submit");
        await RespondentSteps.ContinueAsync(page);

        await Assertions.Expect(page.GetByTestId("thanks")).ToBeVisibleAsync();
        Assert.Equal(1, await AppData.CompletedResponsesAsync(host, surveyPath));
    }

    [Fact]
    public async Task DoubleClickOrTwoRapidClicksOnSubmit_StoreExactlyOneResponseEach_AndShowThanks()
    {
        var (surveyPath, respondPath) = await PublishAsync(TestSurveys.ThreePages("Double click"));

        // A dblclick: Chromium folds the second submission into the first before it leaves the browser.
        var doubleClicked = await SubmitFinalPageAsync(respondPath, (submit, _) => submit.DblClickAsync());
        output.WriteLine($"The double click sent {doubleClicked} POST(s) of the final page to the server.");
        Assert.InRange(doubleClicked, 1, 2);
        Assert.Equal(1, await AppData.CompletedResponsesAsync(host, surveyPath));

        // Two clicks on a slow connection, the second once the first post has reached the server: both posts arrive.
        var twoClicks = await SubmitFinalPageAsync(respondPath, async (submit, firstPostArrived) =>
        {
            var box = await submit.BoundingBoxAsync();
            Assert.NotNull(box);
            await submit.Page.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
            await firstPostArrived.WaitAsync(TimeSpan.FromSeconds(15));
            await submit.Page.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        });
        output.WriteLine($"The two rapid clicks sent {twoClicks} POST(s) of the final page to the server.");
        Assert.InRange(twoClicks, 1, 2); // Usually 2; on a loaded machine the page may already be leaving before the second click.

        Assert.Equal(2, await AppData.CompletedResponsesAsync(host, surveyPath));
        Assert.Equal((2, 2), await AppData.SessionsAsync(host, surveyPath));
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        Assert.Equal(2, await OwnerSteps.ResponseCountAsync(owner, surveyPath));
    }

    /// <summary>
    /// A new respondent fills pages 1 and 2, then the final page, and submits it with <paramref name="submit"/> over a
    /// slow connection (each post reaches the server at once; its answer reaches the browser only once every click is
    /// made); waits for thanks and for every post to be answered, and returns how many posts of the final page reached
    /// the server. <paramref name="submit"/> gets the locator and a task that completes when the first post has arrived.
    /// </summary>
    private async Task<int> SubmitFinalPageAsync(string respondPath, Func<ILocator, Task, Task> submit)
    {
        await using var phone = await host.NewPhoneContextAsync();
        var page = await phone.NewPageAsync();
        await page.GotoAsync(respondPath);
        for (var i = 0; i < 2; i++)
        {
            await RespondentSteps.FillPageAsync(page);
            await RespondentSteps.ContinueAsync(page);
        }

        await Assertions.Expect(page.GetByTestId("next")).ToHaveTextAsync("Submit");
        await RespondentSteps.FillPageAsync(page);
        var (posts, answered) = (0, 0);
        var firstPost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clicked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var oneAnswered = new SemaphoreSlim(0);
        await page.RouteAsync($"**{respondPath}", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            Interlocked.Increment(ref posts);
            firstPost.TrySetResult();
            try
            {
                var response = await route.FetchAsync(new() { MaxRedirects = 0 });
                await clicked.Task.WaitAsync(TimeSpan.FromSeconds(15)); // the slow connection: answered after the last click
                await route.FulfillAsync(new() { Response = response });
            }
            catch (PlaywrightException)
            {
                // The browser already abandoned this request for the next click's navigation.
            }
            finally
            {
                Interlocked.Increment(ref answered);
                oneAnswered.Release();
            }
        });
        await submit(page.GetByTestId("next"), firstPost.Task);
        clicked.TrySetResult();

        // Polls the address rather than waiting for one navigation event: when the second click's post replaces the
        // first, the first navigation ends ERR_ABORTED, which WaitForURLAsync reports as a failure.
        await Assertions.Expect(page).ToHaveURLAsync(
            new Regex(Regex.Escape(respondPath) + "/thanks$"), new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("thanks")).ToBeVisibleAsync();

        // Every post that reached the server has had its answer (or was abandoned by the browser).
        while (Volatile.Read(ref answered) < Volatile.Read(ref posts))
        {
            Assert.True(await oneAnswered.WaitAsync(TimeSpan.FromSeconds(15)), $"{posts - answered} of {posts} post(s) still unanswered after 15 s.");
        }

        return Volatile.Read(ref posts);
    }

    [Fact]
    public async Task TwoSimultaneousPostsOfTheFinalPage_StoreExactlyOneResponse_AndBothEndOnThanks()
    {
        var (surveyPath, respondPath) = await PublishAsync(TestSurveys.ThreePages("Simultaneous posts"));
        await using var phone = await host.NewPhoneContextAsync();
        var page = await phone.NewPageAsync();
        await page.GotoAsync(respondPath);
        for (var i = 0; i < 2; i++)
        {
            await RespondentSteps.FillPageAsync(page);
            await RespondentSteps.ContinueAsync(page);
        }

        await RespondentSteps.FillPageAsync(page);

        // The final page's form as the Submit button would post it, sent twice at the same moment with the
        // browser's cookies (two tabs, or a retried request), so both reach the server.
        var form = await page.Locator("form[data-answers]").EvaluateAsync<string>(
            "f => new URLSearchParams(new FormData(f, f.querySelector('[data-testid=next]'))).toString()");
        var posts = Enumerable.Range(0, 2).Select(_ => phone.APIRequest.PostAsync(respondPath, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            DataString = form,
        })).ToList();
        var responses = await Task.WhenAll(posts);
        foreach (var response in responses)
        {
            output.WriteLine($"{response.Status} {response.Url}");
            Assert.Equal(200, response.Status);
            Assert.EndsWith($"{respondPath}/thanks", response.Url, StringComparison.Ordinal);
        }

        Assert.Equal(1, await AppData.CompletedResponsesAsync(host, surveyPath));
        Assert.Equal((1, 1), await AppData.SessionsAsync(host, surveyPath));
        await page.GotoAsync(respondPath);
        await Assertions.Expect(page.GetByTestId("completed")).ToBeVisibleAsync();
    }

    private async Task<(string SurveyPath, string RespondPath)> PublishAsync(SurveyPlatform.Domain.Importing.SurveyDocument document)
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.ImportAsync(owner, document);
        return (surveyPath, await OwnerSteps.PublishAsync(owner));
    }

    /// <summary>Fails unless <paramref name="selector"/> has the focus and the focus is drawn (an outline or a box shadow).</summary>
    private static async Task AssertFocusAsync(IPage page, string selector, string what)
    {
        var focused = await FocusedAsync(page);
        Assert.True(await page.Locator(selector).EvaluateAsync<bool>("e => e === document.activeElement"),
            $"Expected the focus on {what} ({selector}), but it is on <{focused.Tag} id=\"{focused.Id}\" name=\"{focused.Name}\">.");
        var outlined = focused.OutlineStyle != "none" && focused.OutlineWidth != "0px";
        var shadowed = focused.BoxShadow != "none";
        Assert.True(outlined || shadowed,
            $"The focus on {what} ({selector}) is not visible: outline {focused.OutlineStyle} {focused.OutlineWidth}, box-shadow {focused.BoxShadow}, :focus-visible {focused.FocusVisible}.");
    }

    private static async Task<Focused> FocusedAsync(IPage page) =>
        JsonSerializer.Deserialize<Focused>(await page.EvaluateAsync<string>(
            """
            () => {
              const e = document.activeElement;
              const s = getComputedStyle(e);
              return JSON.stringify({ tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name') ?? '',
                outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow, focusVisible: e.matches(':focus-visible') });
            }
            """), Json)!;

    /// <summary>Adds a line to <paramref name="problems"/> if the page scrolls sideways at its width or a visible control is under 24×24 px.</summary>
    private static async Task CheckLayoutAsync(IPage page, string state, List<string> problems)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var viewport = page.ViewportSize!.Width;
        if (width > viewport)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{state}: the page is {width}px wide in a {viewport}px viewport (scrolls sideways)."));
        }

        var small = JsonSerializer.Deserialize<List<Target>>(await page.EvaluateAsync<string>(
            """
            () => JSON.stringify([...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, main button')]
              .filter(e => e.getClientRects().length > 0 && !e.closest('[hidden]'))
              .map(e => { const r = e.getBoundingClientRect();
                return { what: e.tagName.toLowerCase() + (e.type ? '[type=' + e.type + ']' : '') + (e.id ? '#' + e.id : '') + (e.dataset.testid ? '[data-testid=' + e.dataset.testid + ']' : ''),
                         width: r.width, height: r.height, right: r.right }; })
              .filter(t => t.width < 24 || t.height < 24 || t.right > document.documentElement.clientWidth + 0.5))
            """), Json)!;
        problems.AddRange(small.Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{state}: {t.What} is {t.Width:0.#}×{t.Height:0.#} px{(t.Right > viewport ? $", its right edge at {t.Right:0.#} px" : string.Empty)} (needs at least 24×24 inside the viewport).")));

        // Every question's title starts at its question's content edge, whether it is a label (text, number) or a
        // fieldset's legend (choices, matrices): a legend's default padding once set choice titles 2 px to the right
        // of the text questions' labels.
        var titles = JsonSerializer.Deserialize<List<Title>>(await page.EvaluateAsync<string>(
            """
            () => JSON.stringify([...document.querySelectorAll('main .question > label, main .question > fieldset > legend')]
              .filter(e => e.getClientRects().length > 0)
              .map(e => { const q = e.closest('.question'), s = getComputedStyle(q), text = document.createRange();
                text.selectNodeContents(e); // where the title's text starts, inside any padding of its own
                return { what: q.id, left: text.getBoundingClientRect().left - (q.getBoundingClientRect().left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft)) }; }))
            """), Json)!;
        problems.AddRange(titles.Where(t => Math.Abs(t.Left) > 0.5).Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{state}: the title of {t.What} starts {t.Left:0.#} px off its question's left edge.")));
    }

    private sealed record Title(string What, double Left); // Left: from the question's content edge

    private sealed record Focused(string Tag, string Id, string Name, string OutlineStyle, string OutlineWidth, string BoxShadow, bool FocusVisible);

    private sealed record Target(string What, double Width, double Height, double Right);
}
