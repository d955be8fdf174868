using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>The public form at /s/{code} under bad input, replays, races, closed surveys and unknown links.</summary>
public sealed class RespondTests
{
    [Fact]
    public async Task MissingRequiredAnswer_ReshowsTheFormWithTheMessageBesideTheField_KeepsTheOtherAnswers_AndStoresNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");
        var submissionId = SubmissionId(form);

        var page = await respondent.SubmitAsync(form, "main form", new Dictionary<string, string[]>
        {
            ["a.fruit"] = ["apple", "pear"],
            ["a.mood"] = ["4"],
            ["a.city"] = ["Zürich – 東京"],
            ["a.age"] = ["40"],
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/s/{code}", new Uri(page.Url).AbsolutePath);
        AssertFieldError(page, "colour", "Choose an answer.");
        Assert.Single(page.Document.QuerySelectorAll(".error-summary li"));
        Assert.Empty(page.Document.QuerySelectorAll("#q-fruit .error-message, #q-mood .error-message, #q-city .error-message, #q-age .error-message"));

        Assert.Equal(["apple", "pear"], Checked(page, "a.fruit"));
        Assert.Equal(["4"], Checked(page, "a.mood"));
        Assert.Empty(Checked(page, "a.colour"));
        Assert.Equal("Zürich – 東京", TextValue(page, "a.city"));
        Assert.Equal("40", TextValue(page, "a.age"));
        Assert.Equal(submissionId, SubmissionId(page));
        Assert.Equal(0, await ResponseCountAsync(app, id));
    }

    [Fact]
    public async Task OutOfRangeNumber_ReshowsTheFormWithTheMessageBesideTheField_AndTheCorrectedFormStoresEveryKeptAnswer()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();

        var page = await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["pear"], 2, "Leeds, \"north\"", "121");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        AssertFieldError(page, "age", "Enter a number from 18 to 120.");
        Assert.Single(page.Document.QuerySelectorAll(".error-summary li"));
        Assert.Equal("true", page.Document.GetElementById("a-age")!.GetAttribute("aria-invalid"));
        Assert.Equal(["blue"], Checked(page, "a.colour"));
        Assert.Equal(["pear"], Checked(page, "a.fruit"));
        Assert.Equal(["2"], Checked(page, "a.mood"));
        Assert.Equal("Leeds, \"north\"", TextValue(page, "a.city"));
        Assert.Equal("121", TextValue(page, "a.age"));
        Assert.Equal(0, await ResponseCountAsync(app, id));

        // Below the minimum is refused the same way.
        var tooYoung = await respondent.SubmitAsync(page, "main form", new Dictionary<string, string[]> { ["a.age"] = ["17"] });
        AssertFieldError(tooYoung, "age", "Enter a number from 18 to 120.");
        Assert.Equal(0, await ResponseCountAsync(app, id));

        // Only the number is changed; everything else comes from the re-shown form.
        var done = await respondent.SubmitAsync(tooYoung, "main form", new Dictionary<string, string[]> { ["a.age"] = ["120"] });
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Answers.AsNoTracking()
            .Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == id))
            .ToDictionaryAsync(a => a.QuestionCode, a => a.Value));
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "blue", ["fruit"] = "pear", ["mood"] = "2", ["city"] = "Leeds, \"north\"", ["age"] = "120" }, stored);
    }

    [Fact]
    public async Task ValuesThatAreNotOptions_AreRejectedWithAMessage_AndStoreNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");

        var cases = new (string Question, KeyValuePair<string, string>[] Forged, string Message)[]
        {
            ("colour", [new("a.colour", "green")], "Choose one of the listed answers."),
            ("colour", [new("a.colour", "red"), new("a.colour", "blue")], "Choose one of the listed answers."),
            ("fruit", [new("a.fruit", "apple"), new("a.fruit", "kiwi")], "Choose only from the listed answers."),
            ("mood", [new("a.mood", "6")], "Choose a rating from 1 to 5."),
            ("mood", [new("a.mood", "-1")], "Choose a rating from 1 to 5."),
        };
        foreach (var (question, forged, message) in cases)
        {
            var valid = new Dictionary<string, string> { ["a.colour"] = "red", ["a.mood"] = "3", ["a.age"] = "30" };
            foreach (var key in forged.Select(f => f.Key).Distinct())
            {
                valid.Remove(key);
            }

            var page = await respondent.PostRawAsync($"/s/{code}", [.. HiddenFields(form), .. valid, .. forged]);

            Assert.True(page.Status == HttpStatusCode.OK, $"{question}: {page.Status}");
            AssertFieldError(page, question, message);
            Assert.Single(page.Document.QuerySelectorAll(".error-summary li"));
            Assert.DoesNotContain("kiwi", page.Document.QuerySelectorAll("input[type=checkbox], input[type=radio]").Select(i => i.GetAttribute("value")));
            Assert.DoesNotContain("green", page.Document.QuerySelectorAll("input[type=checkbox], input[type=radio]").Select(i => i.GetAttribute("value")));
        }

        Assert.Equal(0, await ResponseCountAsync(app, id));
    }

    [Fact]
    public async Task Submitting_AFormOpenedBeforeTheSurveyClosed_ShowsTheClosedMessageAndStoresNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");
        Assert.NotNull(form.Document.QuerySelector("main form"));

        var closed = await SurveyPages.CloseAsync(owner, id);
        Assert.Equal("Closed", closed.Text("[data-testid=status]"));

        var page = await respondent.SubmitAsync(form, "main form", new Dictionary<string, string[]>
        {
            ["a.colour"] = ["red"],
            ["a.mood"] = ["3"],
            ["a.age"] = ["30"],
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/s/{code}", new Uri(page.Url).AbsolutePath);
        Assert.Contains("This survey is closed and no longer accepts responses. Nothing was saved.", page.Text("[data-testid=closed]"), StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("main form"));
        Assert.Equal(0, await ResponseCountAsync(app, id));

        var reopened = await respondent.GetAsync($"/s/{code}");
        Assert.NotEmpty(reopened.Text("[data-testid=closed]"));
        Assert.Null(reopened.Document.QuerySelector("main form"));
    }

    [Fact]
    public async Task TheSameFormPostedTwice_StoresExactlyOneResponse_UnderItsSubmissionId()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");
        var submissionId = SubmissionId(form);
        var answers = new Dictionary<string, string[]> { ["a.colour"] = ["blue"], ["a.fruit"] = ["apple"], ["a.mood"] = ["5"], ["a.age"] = ["44"] };

        var first = await respondent.SubmitAsync(form, "main form", answers);
        var second = await respondent.SubmitAsync(form, "main form", answers);

        Assert.EndsWith($"/s/{code}/thanks", first.Url, StringComparison.Ordinal);
        Assert.EndsWith($"/s/{code}/thanks", second.Url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        var ids = await app.WithDbAsync(db => db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync());
        Assert.Equal([Guid.Parse(submissionId)], ids);
        Assert.Equal(4, await app.WithDbAsync(db => db.Answers.CountAsync(a => a.ResponseId == ids[0])));

        // A fresh form is a new response.
        await SurveyPages.AnswerStandardAsync(respondent, code, "red", [], 1, "", "18");
        Assert.Equal(2, await ResponseCountAsync(app, id));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheSameFormPostedConcurrently_StoresExactlyOneResponse_AndNoPostFails(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();

        // Several rounds, each a different form posted several times at once, to give the race a chance.
        for (var round = 0; round < 3; round++)
        {
            var form = await respondent.GetAsync($"/s/{code}");
            KeyValuePair<string, string>[] fields = [.. HiddenFields(form), new("a.colour", "red"), new("a.fruit", "pear"), new("a.mood", "2"), new("a.city", "Bergen"), new("a.age", "51")];

            var posts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => respondent.PostRawAsync($"/s/{code}", fields)));

            Assert.All(posts, p =>
            {
                Assert.Equal(HttpStatusCode.OK, p.Status);
                Assert.EndsWith($"/s/{code}/thanks", p.Url, StringComparison.Ordinal);
            });
            Assert.Equal(round + 1, await ResponseCountAsync(app, id));
            var submissionId = Guid.Parse(SubmissionId(form));
            Assert.Equal(5, await app.WithDbAsync(db => db.Answers.CountAsync(a => a.ResponseId == submissionId)));
        }
    }

    [Theory]
    [InlineData("nosuchcode")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")]
    public async Task AnUnknownCode_ShowsTheNotValidPageWith404_NotAnErrorPage(string unknown)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();

        var page = await respondent.GetAsync($"/s/{unknown}");
        AssertNotValidPage(page);

        // A post to an unknown code, with a valid token from a real form, is the same page and stores nothing.
        var form = await respondent.GetAsync($"/s/{code}");
        var posted = await respondent.PostRawAsync($"/s/{unknown}", [.. HiddenFields(form), new("a.colour", "red"), new("a.mood", "3"), new("a.age", "30")]);
        AssertNotValidPage(posted);
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync()));
    }

    private static void AssertNotValidPage(Page page)
    {
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("This survey link is not valid", page.Text("h1"));
        Assert.Null(page.Document.QuerySelector("main form"));
        Assert.DoesNotContain("Something went wrong", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Page not found", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
    }

    /// <summary>The message sits inside the question's block and in the summary, whose link targets the field.</summary>
    private static void AssertFieldError(Page page, string question, string message)
    {
        var block = page.Document.QuerySelector($"#q-{question}") ?? throw new InvalidOperationException($"No #q-{question} on the page.");
        Assert.Equal($"Error: {message}", block.QuerySelector(".error-message")?.TextContent.Trim());
        var link = page.Document.QuerySelector($".error-summary a[href='#a-{question}']");
        Assert.True(link is not null, $"The error summary has no link to #a-{question}: {page.Text(".error-summary")}");
        Assert.Equal(message, link.TextContent.Trim());
        Assert.NotNull(block.QuerySelector($"#a-{question}"));
    }

    private static List<string> Checked(Page page, string name) =>
        [.. page.Document.QuerySelectorAll<IHtmlInputElement>($"input[name='{name}']").Where(i => i.IsChecked).Select(i => i.Value)];

    private static string TextValue(Page page, string name) =>
        page.Document.QuerySelector<IHtmlInputElement>($"input[name='{name}']")?.Value
        ?? throw new InvalidOperationException($"No input named {name}.");

    private static string SubmissionId(Page page) =>
        page.Document.QuerySelector<IHtmlInputElement>("main form input[name=SubmissionId]")?.Value
        ?? throw new InvalidOperationException($"No SubmissionId on {page.Url}.");

    /// <summary>The antiforgery token and SubmissionId, as the real form would send them.</summary>
    private static List<KeyValuePair<string, string>> HiddenFields(Page page) =>
        [.. page.Document.QuerySelectorAll<IHtmlInputElement>("main form input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))];

    private static Task<int> ResponseCountAsync(AppFactory app, Guid surveyId) =>
        app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == surveyId));
}
