using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>One respondent page as the generic filler saw it before moving on.</summary>
internal sealed record SeenPage(string Url, string Progress, string Title, IReadOnlyList<string> MatrixRows);

/// <summary>
/// What a respondent does on the page-by-page respondent pages (/s/{code}): a generic filler that answers
/// every visible question validly, moving on, and reading what the page shows.
/// </summary>
internal static partial class RespondentSteps
{
    /// <summary>The page-by-page flow ends after at most this many posts, so a loop in the app fails the test instead of hanging.</summary>
    private const int MaxPages = 25;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs <paramref name="action"/> (a click or key press that submits the form) and waits until the main frame
    /// has committed a new document and parsed it. Redirects (post/redirect/get) commit once, at the final page.
    /// </summary>
    public static async Task SubmitAsync(IPage page, Func<Task> action)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame)
            {
                committed.TrySetResult();
            }
        }

        var from = page.Url;
        page.FrameNavigated += OnNavigated;
        try
        {
            await action();
            await committed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"A form post from {from} did not load a new page (now at {page.Url}, committed: {committed.Task.IsCompleted}): {e.Message}", e);
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
        }
    }

    /// <summary>Clicks Continue (or Submit on the last page) and waits for the next document.</summary>
    public static Task ContinueAsync(IPage page) => SubmitAsync(page, () => page.GetByTestId("next").ClickAsync());

    /// <summary>Clicks Back and waits for the previous page.</summary>
    public static Task BackAsync(IPage page) => SubmitAsync(page, () => page.GetByTestId("back").ClickAsync());

    /// <summary>The "Page X of Y" text.</summary>
    public static Task<string> ProgressAsync(IPage page) => page.Locator("p.progress").InnerTextAsync();

    /// <summary>The row labels of every matrix shown on the page, in page order (a job appears once per matrix).</summary>
    public static Task<IReadOnlyList<string>> MatrixRowLabelsAsync(IPage page) =>
        page.Locator(".question:not([hidden]) fieldset.matrix-row > legend").AllInnerTextsAsync();

    /// <summary>
    /// Answers every visible, unanswered question on the page so a required question passes: the first radio of each
    /// radio group (matrix rows too), the first checkbox, the first option of a dropdown, distinct options for the
    /// places of a ranking, a number inside the range its hint states, a date, an e-mail address or some text.
    /// Answers already given are left alone, so a test can choose some answers first. Questions that appear because
    /// of an answer (live conditions) are answered on the next pass.
    /// </summary>
    public static async Task FillPageAsync(IPage page)
    {
        for (var pass = 0; pass < 4; pass++)
        {
            var steps = await ScanAsync(page);
            if (steps.Count == 0)
            {
                return;
            }

            foreach (var step in steps)
            {
                var control = page.Locator($"[id='{step.Id}']");
                switch (step.Kind)
                {
                    case "check":
                        await control.CheckAsync();
                        break;
                    case "select":
                        await control.SelectOptionAsync(new SelectOptionValue { Value = step.Value });
                        break;
                    default:
                        await control.FillAsync(ValueFor(step));
                        break;
                }
            }
        }

        Assert.Fail($"The page kept showing unanswered questions after four passes of the filler: {page.Url}");
    }

    /// <summary>
    /// Fills and continues page after page until the thank-you page, calling <paramref name="onPage"/> on each page
    /// before it is filled. Fails with the page's text if a post shows errors or a page has no Continue button.
    /// </summary>
    public static async Task<IReadOnlyList<SeenPage>> CompleteAsync(IPage page, Func<IPage, Task>? onPage = null)
    {
        var seen = new List<SeenPage>();
        for (var i = 0; i < MaxPages; i++)
        {
            if (new Uri(page.Url).AbsolutePath.EndsWith("/thanks", StringComparison.Ordinal))
            {
                await Assertions.Expect(page.GetByTestId("thanks")).ToBeVisibleAsync();
                return seen;
            }

            if (await page.GetByTestId("next").CountAsync() == 0)
            {
                Assert.Fail($"Expected a survey page or the thank-you page at {page.Url}, but it said: {await page.Locator("main").InnerTextAsync()}");
            }

            var title = page.Locator("h2.page-title");
            seen.Add(new SeenPage(
                page.Url,
                await ProgressAsync(page),
                await title.CountAsync() > 0 ? await title.InnerTextAsync() : string.Empty,
                await MatrixRowLabelsAsync(page)));
            if (onPage is not null)
            {
                await onPage(page);
            }

            await FillPageAsync(page);
            await ContinueAsync(page);
            if (await page.Locator(".error-summary").CountAsync() > 0)
            {
                Assert.Fail($"The filler's answers were refused on {page.Url}: {await page.Locator("main").InnerTextAsync()}");
            }
        }

        Assert.Fail($"No thank-you page after {MaxPages} pages; last at {page.Url}.");
        return seen;
    }

    /// <summary>A number inside the hint's range (one above the minimum when that fits), a date, an address or text.</summary>
    private static string ValueFor(FillStep step)
    {
        if (step.Question.Contains("q-number", StringComparison.Ordinal))
        {
            var bounds = Number().Matches(step.Hint ?? string.Empty).Select(m => decimal.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            return bounds.Count switch
            {
                >= 2 => (bounds[0] + 1 <= bounds[1] ? bounds[0] + 1 : bounds[0]).ToString(CultureInfo.InvariantCulture),
                1 when (step.Hint ?? string.Empty).Contains("at most", StringComparison.Ordinal) => bounds[0].ToString(CultureInfo.InvariantCulture),
                1 => (bounds[0] + 1).ToString(CultureInfo.InvariantCulture),
                _ => "7",
            };
        }

        return step.InputType switch
        {
            "date" => "2024-05-17",
            "email" => "respondent@example.org",
            _ => step.Question.Contains("q-longtext", StringComparison.Ordinal) ? "A longer answer, typed by the test." : "Test answer",
        };
    }

    private static async Task<IReadOnlyList<FillStep>> ScanAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(
            """
            () => {
              const shown = el => !el.closest('[hidden]') && el.getClientRects().length > 0;
              const steps = [];
              for (const q of document.querySelectorAll('form .question')) {
                if (!shown(q)) continue;
                const groups = new Set();
                const ranks = [...q.querySelectorAll('.rank select')];
                for (const el of q.querySelectorAll('input, select, textarea')) {
                  if (el.type === 'hidden' || !shown(el)) continue;
                  if (el.type === 'radio' || el.type === 'checkbox') {
                    if (groups.has(el.name)) continue;
                    groups.add(el.name);
                    const group = [...q.querySelectorAll('input')].filter(g => g.name === el.name);
                    if (group.some(g => g.checked)) continue;
                    steps.push({ kind: 'check', id: el.id, question: q.className });
                  } else if (el.tagName === 'SELECT') {
                    if (el.value) continue;
                    const options = [...el.options].filter(o => o.value);
                    const place = Math.max(0, ranks.indexOf(el));
                    steps.push({ kind: 'select', id: el.id, question: q.className, value: options[Math.min(place, options.length - 1)].value });
                  } else {
                    if (el.value.trim() || el.closest('.other')) continue;
                    const hint = document.getElementById(el.id + '-hint');
                    steps.push({ kind: 'fill', id: el.id, question: q.className, inputType: el.type, hint: hint ? hint.textContent : null });
                  }
                }
              }
              return JSON.stringify(steps);
            }
            """);
        return JsonSerializer.Deserialize<List<FillStep>>(json, Json) ?? [];
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex Number();

    private sealed record FillStep(string Kind, string Id, string Question, string? Value, string? InputType, string? Hint);
}

/// <summary>Reads the app's database directly, for counts the pages only show indirectly.</summary>
internal static class AppData
{
    /// <summary>Completed responses stored for the survey at <paramref name="surveyPath"/> (/surveys/{id}).</summary>
    public static async Task<int> CompletedResponsesAsync(BrowserHost host, string surveyPath)
    {
        var id = Guid.Parse(surveyPath.TrimEnd('/').Split('/')[^1]);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Responses.CountAsync(r => r.SurveyId == id);
    }

    /// <summary>Response sessions (started by a first page post) of the survey, and how many of them are completed.</summary>
    public static async Task<(int Sessions, int Completed)> SessionsAsync(BrowserHost host, string surveyPath)
    {
        var id = Guid.Parse(surveyPath.TrimEnd('/').Split('/')[^1]);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sessions = await db.ResponseSessions.Where(s => s.SurveyId == id).Select(s => s.CompletedAt).ToListAsync();
        return (sessions.Count, sessions.Count(c => c is not null));
    }
}
