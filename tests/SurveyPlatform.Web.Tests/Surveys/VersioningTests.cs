using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

public sealed class VersioningTests
{
    [Fact]
    public async Task PublishedSurvey_WithResponses_IsEditedIntoVersion2_WithoutTouchingVersion1Responses()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        await SurveyPages.AnswerStandardAsync(respondent, code, "blue", [], 3, "Leeds", "40");
        var v1Answers = await app.WithDbAsync(db => db.Answers.AsNoTracking().OrderBy(a => a.QuestionCode).Select(a => a.QuestionCode + "=" + a.Value).ToListAsync());

        var edit = await owner.GetAsync($"/surveys/{id}/edit");
        var revising = await owner.SubmitAsync(edit, "form[action*='handler=Revise']");
        Assert.Equal("You are editing version 2. Version 1 stays live until you publish.", revising.Text(".notice"));

        // Deleting an answered question is refused with a reason; an unanswered one may go.
        var refused = await RemoveAsync(owner, revising, id, "city");
        Assert.StartsWith("Question city already has answers, so it cannot be deleted", refused.Text(".notice"), StringComparison.Ordinal);
        var removed = await RemoveAsync(owner, refused, id, "fruit");
        Assert.Equal("Question fruit removed.", removed.Text(".notice"));
        await SurveyPages.AddValidQuestionAsync(owner, id, QuestionType.ShortText, "team", "Which team are you in?");

        // Version 1 is still what respondents get until version 2 is published.
        using var second = app.Session();
        Assert.NotNull((await second.GetAsync($"/s/{code}")).Document.GetElementById("a-fruit"));

        var published = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), SurveyPages.PublishForm);
        Assert.Equal("Open", published.Text("[data-testid=status]"));
        using var third = app.Session();
        var form = await third.GetAsync($"/s/{code}");
        Assert.Null(form.Document.GetElementById("a-fruit"));
        Assert.NotNull(form.Document.GetElementById("a-team"));
        await third.SubmitAsync(form, "main form", new Dictionary<string, string[]> { ["a.colour"] = ["red"], ["a.mood"] = ["2"], ["a.age"] = ["30"], ["a.team"] = ["Blue"] });

        var versions = await app.WithDbAsync(db => db.Responses.AsNoTracking().OrderBy(r => r.SubmittedAt).Select(r => r.Version).ToListAsync());
        Assert.Equal([1, 2], versions);
        var firstId = await app.WithDbAsync(db => db.Responses.Where(r => r.Version == 1).Select(r => r.Id).SingleAsync());
        Assert.Equal(v1Answers, await app.WithDbAsync(db => db.Answers.AsNoTracking().Where(a => a.ResponseId == firstId).OrderBy(a => a.QuestionCode).Select(a => a.QuestionCode + "=" + a.Value).ToListAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.SurveyVersions.CountAsync(v => v.SurveyId == id)));

        var csv = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        Assert.StartsWith("response_id,submitted_at_utc,version,colour,mood,city,age,team,fruit_apple,fruit_pear," + string.Join(",", ResultsCsv.ScoreColumns) + ",source,source_id\r\n", csv, StringComparison.Ordinal);
    }

    // The Remove button posts its form to ?handler=Remove through formaction, which AngleSharp does not follow.
    private static Task<Page> RemoveAsync(HtmlSession owner, Page page, Guid id, string code) =>
        owner.PostRawAsync($"/surveys/{id}/edit?handler=Remove", new Dictionary<string, string>
        {
            ["code"] = code,
            ["__RequestVerificationToken"] = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        });

    [Fact]
    public async Task APostWithoutAHandler_GoesBackToThePage_NotToAnError()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Handlers");
        var edit = await owner.GetAsync($"/surveys/{id}/edit");
        var token = edit.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var url in new[] { $"/surveys/{id}/edit", $"/surveys/{id}", "/surveys", "/admin/users" })
        {
            var page = await owner.PostRawAsync(url, new Dictionary<string, string> { ["code"] = "x", ["__RequestVerificationToken"] = token });
            Assert.True(page.Status == System.Net.HttpStatusCode.OK, $"POST {url} gave {page.Status}");

            // Back on the same page (redirected to its address), showing what a GET of it shows.
            var shown = await owner.GetAsync(url);
            Assert.Equal(url, new Uri(page.Url).PathAndQuery);
            Assert.NotEmpty(shown.Text("h1"));
            Assert.Equal(shown.Text("h1"), page.Text("h1"));
            Assert.Equal(shown.Text("main h2"), page.Text("main h2"));
        }
    }

    [Fact]
    public async Task SurveyList_Duplicates_Archives_AndDeletesOnlyNeverPublishedDrafts()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (published, _) = await SurveyPages.CreateStandardAsync(owner, "Live survey");
        var draft = await SurveyPages.CreateAsync(owner, "Scratch draft");

        var list = await owner.GetAsync("/surveys");
        var copy = await owner.SubmitAsync(list, $"form[action*='handler=Duplicate']:has(input[value='{published}'])");
        Assert.Equal("Copy of Live survey", copy.Text("h1"));
        Assert.Equal(5, copy.Document.QuerySelectorAll("ol.question-list > li").Length);

        list = await owner.GetAsync("/surveys");
        Assert.Empty(list.Document.QuerySelectorAll($"form[action*='handler=Delete']:has(input[value='{published}'])"));
        var forged = await owner.PostRawAsync("/surveys?handler=Delete", new Dictionary<string, string>
        {
            ["id"] = published.ToString(),
            ["__RequestVerificationToken"] = list.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        });
        Assert.Contains("Only a draft that was never published can be deleted", forged.Text(".notice"), StringComparison.Ordinal);

        var deleted = await owner.SubmitAsync(list, $"form[action*='handler=Delete']:has(input[value='{draft}'])");
        Assert.Equal("The draft \"Scratch draft\" was deleted.", deleted.Text(".notice"));
        Assert.False(await app.WithDbAsync(db => db.Surveys.AnyAsync(s => s.Id == draft)));

        var archived = await owner.SubmitAsync(deleted, $"form[action*='handler=Archive']:has(input[value='{published}'])");
        static List<string> Titles(Page page) => [.. page.Document.QuerySelectorAll("tbody td:first-child a").Select(a => a.TextContent)];
        Assert.Equal(["Copy of Live survey"], Titles(archived));
        var archive = await owner.GetAsync("/surveys?archived=true");
        Assert.Equal(["Live survey"], Titles(archive));
        var restored = await owner.SubmitAsync(archive, $"form[action*='handler=Archive']:has(input[value='{published}'])");
        Assert.Equal(["Copy of Live survey", "Live survey"], Titles(restored));
    }
}
