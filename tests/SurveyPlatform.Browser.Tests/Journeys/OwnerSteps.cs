using SurveyPlatform.Domain.Questionnaires;
using System.Text;
using Microsoft.Playwright;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>What a survey owner does in the browser, one step per method, through the pages' labels, roles and test ids.</summary>
internal static class OwnerSteps
{
    /// <summary>How long the scoring job may take after a close before a test gives up.</summary>
    public static readonly TimeSpan ScoringPatience = TimeSpan.FromSeconds(30);

    public static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail address").FillAsync(BrowserHost.OwnerEmail);
        await page.GetByLabel("Password").FillAsync(BrowserHost.OwnerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Surveys" })).ToBeVisibleAsync();
    }

    /// <summary>Creates a blank survey and returns its path (/surveys/{id}); the page is left on the editor.</summary>
    public static async Task<string> CreateSurveyAsync(IPage page, string title, string description)
    {
        await page.GotoAsync("/surveys/new");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Description").FillAsync(description);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and add questions" }).ClickAsync();
        await page.WaitForURLAsync("**/edit");
        return new Uri(page.Url).AbsolutePath[..^"/edit".Length];
    }

    /// <summary>The name the editor's type choice shows for a <see cref="QuestionType"/> given by its code name.</summary>
    public static string TypeName(string type) => Enum.Parse<QuestionType>(type).DisplayName();

    /// <summary>Fills the editor's "Add a question" form (opening "More settings" for the scale and range) and submits it.</summary>
    public static async Task AddQuestionAsync(
        IPage page, string type, string code, string text, bool required = false,
        string? options = null, string? scale = null, string? min = null, string? max = null)
    {
        await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = TypeName(type) });
        await page.GetByLabel("Code (variable name)", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("Question text", new() { Exact = true }).FillAsync(text);
        await page.GetByLabel("Answer required").SetCheckedAsync(required);
        await page.GetByLabel("Options (choice, ranking, matrix columns)").FillAsync(options ?? string.Empty);
        if (scale is not null || min is not null || max is not null)
        {
            await page.GetByText("More settings for matrices, scales, numbers, text and logic").ClickAsync();
            await page.GetByLabel("Rating points (rating and matrix rating; default 5)").FillAsync(scale ?? string.Empty);
            await page.GetByLabel("Minimum (number questions)").FillAsync(min ?? string.Empty);
            await page.GetByLabel("Maximum (number questions)").FillAsync(max ?? string.Empty);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Add question" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Question {code} added.");
    }

    /// <summary>Publishes from the editor and returns the public link's path (/s/{code}).</summary>
    public static async Task<string> PublishAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish survey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Published. The public link is open.");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Open");
        var href = await page.GetByTestId("public-link").GetAttributeAsync("href");
        Assert.NotNull(href);
        Assert.Matches("^/s/[a-z0-9]+$", href);
        return href;
    }

    /// <summary>Chooses the default readiness model on the survey's Scoring page (without one, results are descriptive only).</summary>
    public static async Task ChooseDefaultModelAsync(IPage page, string surveyPath)
    {
        await page.GotoAsync(surveyPath + "/scoring");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use the default readiness model" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("model-hash")).ToBeVisibleAsync();
    }

    /// <summary>Closes by hand: "Close survey now" opens the confirmation dialog, and "Yes, close it" closes.</summary>
    public static async Task CloseAsync(IPage page, string surveyPath)
    {
        await page.GotoAsync(surveyPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Close survey now" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Close this survey now?" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, close it" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Closed");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Close survey now" })).ToHaveCountAsync(0);
    }

    /// <summary>Creates a draft from one of the built-in templates (e.g. "healthcare-ai-adoption") and returns its path (/surveys/{id}); the page is left on the editor.</summary>
    public static async Task<string> CreateFromTemplateAsync(IPage page, string templateKey)
    {
        await page.GotoAsync("/surveys/new");
        var form = page.Locator($"form[action*='handler=Template']:has(input[name=key][value='{templateKey}'])");
        await Assertions.Expect(form).ToHaveCountAsync(1);
        await form.GetByRole(AriaRole.Button, new() { Name = "Use this template" }).ClickAsync();
        await page.WaitForURLAsync("**/edit");
        return new Uri(page.Url).AbsolutePath[..^"/edit".Length];
    }

    /// <summary>Imports a SurveyPlatform .json file (built from a definition in the test) and returns the draft's path (/surveys/{id}); the page is left on the editor.</summary>
    public static async Task<string> ImportAsync(IPage page, SurveyPlatform.Domain.Importing.SurveyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        await page.GotoAsync("/surveys/new");
        await page.GetByLabel("Survey file").SetInputFilesAsync(new FilePayload
        {
            Name = "survey.json",
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes(document.ToJson()),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-review")).ToContainTextAsync("Everything in the file was mapped.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the draft" }).ClickAsync();
        await page.WaitForURLAsync("**/edit");
        return new Uri(page.Url).AbsolutePath[..^"/edit".Length];
    }

    /// <summary>Sets the grace period (minutes after a close during which started responses may still finish) in the Respondents form.</summary>
    public static async Task SetGraceMinutesAsync(IPage page, string surveyPath, int minutes)
    {
        await page.GotoAsync(surveyPath);
        await page.GetByLabel("Grace period after closing (minutes)").FillAsync(minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save respondent settings" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Respondent settings saved.");
        await Assertions.Expect(page.GetByLabel("Grace period after closing (minutes)")).ToHaveValueAsync(minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The survey page's count of completed responses.</summary>
    public static async Task<int> ResponseCountAsync(IPage page, string surveyPath)
    {
        await page.GotoAsync(surveyPath);
        return int.Parse(await page.GetByTestId("responses").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Opens the results page and reloads it until the scoring job has produced a run.</summary>
    public static async Task WaitForScoringAsync(IPage page, string surveyPath)
    {
        await page.GotoAsync($"{surveyPath}/results");
        var deadline = DateTime.UtcNow + ScoringPatience;
        while (await page.GetByTestId("n").CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"No scoring run appeared within {ScoringPatience.TotalSeconds} s. The page said: {await page.Locator("main").InnerTextAsync()}");
            await Task.Delay(500);
            await page.ReloadAsync();
        }
    }

    /// <summary>Clicks the results page's "Download CSV" link and parses the file Chromium saved.</summary>
    public static async Task<Csv> DownloadCsvAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download responses with scores (CSV)", Exact = true }).ClickAsync());
        Assert.EndsWith("-responses.csv", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        return Csv.Parse(await File.ReadAllTextAsync(path, Encoding.UTF8));
    }
}

/// <summary>A downloaded CSV: the header and the data rows keyed by column name.</summary>
internal sealed record Csv(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)
{
    /// <summary>RFC 4180: comma-separated, CRLF rows, quoted cells with doubled quotes.</summary>
    public static Csv Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(cell.ToString());
                cell.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || record.Count > 0)
        {
            record.Add(cell.ToString());
            records.Add(record);
        }

        Assert.NotEmpty(records);
        var header = records[0];
        var rows = records.Skip(1).Select(r =>
        {
            Assert.Equal(header.Count, r.Count);
            return (IReadOnlyDictionary<string, string>)header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
        return new Csv(header, rows);
    }
}
