using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>Page objects for the owner's survey pages, driven through the real forms.</summary>
public static class SurveyPages
{
    public const string AddForm = "form[action*='handler=Add']";
    public const string EditInPlaceForm = "form.edit-in-place[action*='handler=Save']";
    public const string PublishForm = "form[action*='handler=Publish']";
    public const string CloseForm = "form[action*='handler=Close']";

    /// <summary>The confirmation step's form ("Yes, close it"); the page holds it, shown once "Close survey now" is pressed.</summary>
    public const string ConfirmCloseForm = "form[data-testid=confirm-close]";
    public const string ConfirmReopenForm = "form[data-testid=confirm-reopen]";
    public const string ScheduleForm = "form[action*='handler=Schedule']";
    public const string ShareForm = "form[action*='handler=Share']";

    public static async Task<Guid> CreateAsync(HtmlSession session, string title, string description = "")
    {
        var form = await session.GetAsync("/surveys/new");
        var edit = await session.SubmitAsync(form, "main form:not([action*=handler])", new Dictionary<string, string[]>
        {
            ["Input.Title"] = [title],
            ["Input.Description"] = [description],
        });
        var segments = new Uri(edit.Url).Segments;
        Assert.Equal("edit", segments[^1]);
        return Guid.Parse(segments[^2].TrimEnd('/'));
    }

    public static async Task<Page> AddQuestionAsync(
        HtmlSession session, Guid surveyId, QuestionType type, string code, string text,
        bool required = false, string? options = null, string? min = null, string? max = null)
    {
        var edit = await session.GetAsync($"/surveys/{surveyId}/edit");
        var values = new Dictionary<string, string[]>
        {
            ["Question.Type"] = [((int)type).ToString(CultureInfo.InvariantCulture)],
            ["Question.Code"] = [code],
            ["Question.Text"] = [text],
            ["Question.Required"] = required ? ["true"] : [],
            ["Question.Options"] = [options ?? string.Empty],
            ["Question.Min"] = [min ?? string.Empty],
            ["Question.Max"] = [max ?? string.Empty],
        };
        return await session.SubmitAsync(edit, AddForm, values);
    }

    /// <summary>Adds a question and fails the test at once if the editor refused it.</summary>
    public static async Task AddValidQuestionAsync(
        HtmlSession session, Guid surveyId, QuestionType type, string code, string text,
        bool required = false, string? options = null, string? min = null, string? max = null)
    {
        var page = await AddQuestionAsync(session, surveyId, type, code, text, required, options, min, max);
        Assert.True(page.Text(".notice") == $"Question {code} added.", $"Adding {code} failed: {page.Document.QuerySelector(".error-message:not(:empty)")?.TextContent}");
    }

    /// <summary>Publishes and returns the public code from the survey's page.</summary>
    public static async Task<string> PublishAsync(HtmlSession session, Guid surveyId)
    {
        var edit = await session.GetAsync($"/surveys/{surveyId}/edit");
        var details = await session.SubmitAsync(edit, PublishForm);
        var link = details.Document.QuerySelector("[data-testid=public-link]")?.GetAttribute("href")
                   ?? throw new InvalidOperationException($"Publishing failed:\n{details.Document.Body?.TextContent}");
        return link["/s/".Length..];
    }

    /// <summary>Closes by hand: "Close survey now", then "Yes, close it" on the confirmation step.</summary>
    public static async Task<Page> CloseAsync(HtmlSession session, Guid surveyId)
    {
        var details = await session.GetAsync($"/surveys/{surveyId}");
        var confirmation = await session.SubmitAsync(details, CloseForm);
        return await session.SubmitAsync(confirmation, ConfirmCloseForm);
    }

    /// <summary>
    /// The standard five-type survey. Points: colour red=1, blue=3; fruit apple=2, pear=5; rating adds
    /// its value; text and number do not score.
    /// </summary>
    public static async Task<(Guid Id, string Code)> CreateStandardAsync(HtmlSession session, string title = "Standard survey")
    {
        var id = await CreateAsync(session, title, "A survey with every foundation question type.");
        await AddValidQuestionAsync(session, id, QuestionType.SingleChoice, "colour", "Favourite colour?", required: true, options: "red | Red | 1\nblue | Blue | 3");
        await AddValidQuestionAsync(session, id, QuestionType.MultipleChoice, "fruit", "Which fruit do you eat?", options: "apple | Apple | 2\npear | Pear | 5");
        await AddValidQuestionAsync(session, id, QuestionType.Rating, "mood", "How is your mood?", required: true);
        await AddValidQuestionAsync(session, id, QuestionType.ShortText, "city", "Where do you live?");
        await AddValidQuestionAsync(session, id, QuestionType.Number, "age", "How old are you?", required: true, min: "18", max: "120");
        var code = await PublishAsync(session, id);
        return (id, code);
    }

    /// <summary>Chooses the default readiness model on the survey's Scoring page (a survey has no readiness index until its owner does).</summary>
    public static async Task<Page> ChooseDefaultModelAsync(HtmlSession session, Guid surveyId)
    {
        var scoring = await session.GetAsync($"/surveys/{surveyId}/scoring");
        return await session.SubmitAsync(scoring, "form:has([data-testid=use-default])");
    }

    /// <summary>Answers the standard survey through its public form.</summary>
    public static async Task<Page> AnswerStandardAsync(HtmlSession respondent, string code, string colour, string[] fruit, int mood, string city, string age)
    {
        return await RespondentPages.CompleteAsync(respondent, code, new Dictionary<string, string[]>
        {
            ["colour"] = [colour],
            ["fruit"] = fruit,
            ["mood"] = [mood.ToString(CultureInfo.InvariantCulture)],
            ["city"] = [city],
            ["age"] = [age],
        });
    }

    public static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class => EventuallyAsync(probe, timeout, () => what);

    /// <param name="what">What is awaited, worked out only on a timeout (it may describe the state then).</param>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<string> what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what()}.");
    }

    /// <summary>Imports a survey file ("surveyplatform.survey/1" JSON) on /surveys/new and publishes it.</summary>
    public static async Task<(Guid Id, string Code)> PublishFileAsync(HtmlSession owner, string json)
    {
        var page = await owner.GetAsync("/surveys/new");
        var token = page.Document.QuerySelector("form[action*='handler=Import'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json");
        form.Add(file, "file", "survey.json");
        var imported = await Page.FromAsync(await owner.Client.PostAsync(new Uri("/surveys/new?handler=Import", UriKind.Relative), form));
        var id = await ConfirmImportAsync(owner, imported);
        return (id, await PublishAsync(owner, id));
    }

    /// <summary>Confirms the import review on /surveys/new and returns the new draft's id.</summary>
    public static async Task<Guid> ConfirmImportAsync(HtmlSession owner, Page review)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, review.Status);
        if (review.Document.QuerySelector("form[action*='handler=Confirm']") is null)
        {
            throw new InvalidOperationException($"The import failed:\n{review.Text("main")}");
        }

        var edit = await owner.SubmitAsync(review, "form[action*='handler=Confirm']");
        Assert.EndsWith("/edit", edit.Url, StringComparison.Ordinal);
        return Guid.Parse(new Uri(edit.Url).Segments[^2].TrimEnd('/'));
    }

    /// <summary>Saves the survey's respondent settings through its form.</summary>
    public static async Task SetRespondingAsync(HtmlSession owner, Guid id, Dictionary<string, string[]> values)
    {
        var details = await owner.GetAsync($"/surveys/{id}");
        var saved = await owner.SubmitAsync(details, "form[action*='handler=Responding']", values);
        Assert.True(saved.Text(".notice") == "Respondent settings saved.", saved.Text("main"));
    }

    /// <summary>Starts a mailing to every participant through the Mailings page's form: now (or at <paramref name="sendAt"/>, UTC, to the minute), at 4,000 a minute unless told.</summary>
    public static async Task SendMailingNowAsync(HtmlSession owner, Guid id, int ratePerMinute = 4000, DateTime? sendAt = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var page = await owner.GetAsync($"/surveys/{id}/mailings");
        var form = page.Document.QuerySelectorAll("#mailing-form input[name], #mailing-form textarea[name]")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? string.Empty);
        form["RatePerMinute"] = ratePerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        form["SendAt"] = (sendAt ?? DateTime.UtcNow).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await owner.PostRawAsync($"/surveys/{id}/mailings?handler=Send", form);
    }
}
