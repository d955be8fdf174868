using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

public sealed class AnswerFormTests
{
    [Fact]
    public async Task MissingRequiredAnswer_AndOutOfRangeNumber_ReshowTheFormWithMessagesBesideTheFieldsAndKeepTheRest()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();

        var page = await respondent.SubmitAsync(await respondent.GetAsync($"/s/{code}"), RespondentPages.SurveyForm, new Dictionary<string, string[]>
        {
            ["a.fruit"] = ["apple", "pear"],
            ["a.mood"] = ["2"],
            ["a.city"] = ["Zürich"],
            ["a.age"] = ["7"],
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Choose an answer.", page.Text("#q-colour .error-message"), StringComparison.Ordinal);
        Assert.Contains("Enter a number from 18 to 120.", page.Text("#q-age .error-message"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, page.Text("#q-city .error-message"));
        var summaryLinks = page.Document.QuerySelectorAll(".error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["#a-colour", "#a-age"], summaryLinks);
        Assert.NotNull(page.Document.GetElementById("a-colour"));
        Assert.NotNull(page.Document.GetElementById("a-age"));

        // Everything else typed is still there.
        Assert.True(Input(page, "a-fruit").IsChecked);
        Assert.True(Input(page, "a-fruit-1").IsChecked);
        Assert.True(Input(page, "a-mood-1").IsChecked);
        Assert.Equal("Zürich", Input(page, "a-city").Value);
        Assert.Equal("7", Input(page, "a-age").Value);
        Assert.Equal("true", Input(page, "a-age").GetAttribute("aria-invalid"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));

        var fixedPage = await respondent.SubmitAsync(page, RespondentPages.SurveyForm, new Dictionary<string, string[]> { ["a.colour"] = ["red"], ["a.age"] = ["19"] });
        Assert.EndsWith("/thanks", fixedPage.Url, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Answers.Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == id))
            .ToDictionaryAsync(a => a.QuestionCode, a => a.Value));
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "red", ["fruit"] = "apple;pear", ["mood"] = "2", ["city"] = "Zürich", ["age"] = "19" }, stored);
    }

    [Theory]
    [InlineData("a.age", "abc", "Enter a number, like 12 or 3.5.")]
    [InlineData("a.colour", "green", "Choose one of the listed answers.")]
    [InlineData("a.mood", "9", "Choose a rating from 1 to 5.")]
    public async Task ForgedOrMalformedValue_IsRejectedBesideItsField(string field, string value, string message)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");
        var fields = Hidden(form);
        fields["a.colour"] = "blue";
        fields["a.mood"] = "3";
        fields["a.age"] = "40";
        fields[field] = value;

        var page = await respondent.PostRawAsync($"/s/{code}", fields);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Text($"#q-{field[2..]} .error-message"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));
    }

    [Fact]
    public async Task Submitting_ToAClosedSurveyWithoutAGracePeriod_SaysSoAndStoresNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), "form[action*='handler=Responding']", new Dictionary<string, string[]> { ["Responding.GraceMinutes"] = ["0"] });
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");

        await SurveyPages.CloseAsync(owner, id);
        var page = await respondent.SubmitAsync(form, RespondentPages.SurveyForm, new Dictionary<string, string[]>
        {
            ["a.colour"] = ["blue"], ["a.mood"] = ["3"], ["a.age"] = ["40"],
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("This survey is closed", page.Text("[data-testid=closed]"), StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("form"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));
        Assert.Contains("This survey is closed", (await respondent.GetAsync($"/s/{code}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameFormPostedTwice_OrConcurrently_StoresOneResponse()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();

        var fields = Hidden(await respondent.GetAsync($"/s/{code}"));
        fields["a.colour"] = "blue";
        fields["a.mood"] = "3";
        fields["a.age"] = "40";
        var first = await respondent.PostRawAsync($"/s/{code}", fields);
        var replay = await respondent.PostRawAsync($"/s/{code}", fields);
        Assert.EndsWith("/thanks", first.Url, StringComparison.Ordinal);
        Assert.EndsWith("/thanks", replay.Url, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));

        // The same browser now sees that it has completed the survey; it starts a new response to race it.
        var completed = await respondent.GetAsync($"/s/{code}");
        Assert.NotEmpty(completed.Text("[data-testid=completed]"));
        var restarted = await respondent.SubmitAsync(completed, RespondentPages.Restart);
        var another = Hidden(restarted);
        Assert.NotEqual(fields["ResponseId"], another["ResponseId"]);
        another["a.colour"] = "red";
        another["a.mood"] = "1";
        another["a.age"] = "50";
        var racers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => respondent.PostRawAsync($"/s/{code}", another)));
        Assert.All(racers, r => Assert.EndsWith("/thanks", r.Url, StringComparison.Ordinal));
        Assert.Equal(2, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));
        var ids = await app.WithDbAsync(db => db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync());
        Assert.Equal(new[] { Guid.Parse(fields["ResponseId"]), Guid.Parse(another["ResponseId"]) }.Order(), ids.Order());
    }

    [Fact]
    public async Task UnknownLink_ShowsAFriendlyNotValidPage()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var visitor = app.Session();
        var page = await visitor.GetAsync("/s/nosuchcode");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("This survey link is not valid", page.Text("h1"));
    }

    private static IHtmlInputElement Input(Page page, string id) =>
        page.Document.GetElementById(id) as IHtmlInputElement ?? throw new InvalidOperationException($"No input #{id}.");

    private static Dictionary<string, string> Hidden(Page page) =>
        page.Document.QuerySelectorAll($"{RespondentPages.SurveyForm} input[type=hidden]").Cast<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
}
