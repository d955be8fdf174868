using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

public sealed class CollaboratorTests
{
    private const string Password = "a collaborator's password";

    [Fact]
    public async Task AnEditor_EditsAndPreviewsTheSurvey_ButCannotCloseShareOrDeleteIt()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Shared draft");
        await SurveyPages.AddValidQuestionAsync(owner, id, QuestionType.ShortText, "first", "First?");
        await app.CreateUserAsync("editor@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("reader@example.org", Password, Roles.Researcher);

        var details = await owner.GetAsync($"/surveys/{id}");
        var shared = await owner.SubmitAsync(details, SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["editor@example.org"], ["ShareRole"] = ["Editor"] });
        Assert.Equal("editor@example.org can now edit this survey.", shared.Text(".notice"));
        var wrongRole = await owner.SubmitAsync(shared, SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["reader@example.org"], ["ShareRole"] = ["Editor"] });
        Assert.Contains("editors need the SurveyOwner role", wrongRole.Document.QuerySelector(SurveyPages.ShareForm)!.TextContent, StringComparison.Ordinal);

        using var editor = await app.SignedInAsync("editor@example.org", Password);
        var list = await editor.GetAsync("/surveys");
        Assert.Equal($"/surveys/{id}/edit", list.Document.QuerySelector("tbody td a")!.GetAttribute("href"));
        Assert.Equal("Editor", list.Document.QuerySelectorAll("tbody td")[3].TextContent.Trim());
        Assert.Empty(list.Document.QuerySelectorAll("form[action*='handler=Delete']"));

        await SurveyPages.AddValidQuestionAsync(editor, id, QuestionType.ShortText, "second", "Second?");
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/surveys/{id}/preview")).Status);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/surveys/{id}/results")).Status);

        // Owner-only pages and actions stay closed to the editor.
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/surveys/{id}")).Status);
        var token = (await editor.GetAsync($"/surveys/{id}/edit")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostRawAsync($"/surveys/{id}?handler=Close", new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Confirm"] = "true" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostRawAsync("/surveys?handler=Delete", new Dictionary<string, string> { ["id"] = id.ToString(), ["__RequestVerificationToken"] = token })).Status);

        var draft = await app.WithDbAsync(async db => (await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id)).Draft);
        Assert.Equal(["first", "second"], draft.Questions.Select(q => q.Code));
        Assert.Equal(ShareRole.Editor, await app.WithDbAsync(db => db.SurveyShares.Select(s => s.Role).SingleAsync()));

        // A researcher share cannot edit.
        var researcherShare = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["reader@example.org"], ["ShareRole"] = ["Researcher"] });
        Assert.Equal("Results shared with reader@example.org.", researcherShare.Text(".notice"));
        using var reader = await app.SignedInAsync("reader@example.org", Password);
        Assert.Contains("/account/denied", (await reader.GetAsync($"/surveys/{id}/edit")).Url, StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(ShareRole.Researcher, (await db.SurveyShares.SingleAsync(s => s.UserId != db.Users.Single(u => u.Email == "editor@example.org").Id)).Role);
            return 0;
        });
    }
}
