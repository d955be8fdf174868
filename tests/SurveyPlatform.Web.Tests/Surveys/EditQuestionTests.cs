using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

public sealed class EditQuestionTests
{
    [Fact]
    public async Task AQuestion_IsEditedInPlace_AndARevisionThatOrphansAnswersIsRefusedAtPublish()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        await SurveyPages.AnswerStandardAsync(respondent, code, "blue", [], 3, "Leeds", "40");
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), "form[action*='handler=Revise']");

        // The form opens in the question's own row.
        var form = await owner.GetAsync($"/surveys/{id}/edit?question=colour");
        Assert.Equal("Edit question colour", form.Text("#q-colour form.edit-in-place h4"));
        Assert.Equal("Favourite colour?", ((IHtmlInputElement)form.Document.GetElementById("Edit_Text")!).Value);
        Assert.Equal("red | Red | 1\nblue | Blue | 3", ((IHtmlTextAreaElement)form.Document.GetElementById("Edit_Options")!).Value);

        // Relabelling is fine.
        var saved = await owner.SubmitAsync(form, SurveyPages.EditInPlaceForm, new Dictionary<string, string[]>
        {
            ["Edit.Text"] = ["Which colour do you like best?"],
            ["Edit.Options"] = ["red | Crimson | 1\nblue | Blue | 3"],
        });
        Assert.Equal("Question colour saved.", saved.Text(".notice"));
        var draft = await app.WithDbAsync(async db => (await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id)).Draft);
        Assert.Equal("Which colour do you like best?", draft.Find("colour")!.Text);
        Assert.Equal("Crimson", draft.Find("colour")!.Options[0].Label);
        Assert.Equal(["colour", "fruit", "mood", "city", "age"], draft.Questions.Select(q => q.Code));

        // Taking another question's code is refused beside the field.
        var clash = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit?question=colour"), SurveyPages.EditInPlaceForm, new Dictionary<string, string[]> { ["Edit.Code"] = ["mood"] });
        Assert.Contains("The code \"mood\" is already used in this survey.", clash.Document.QuerySelector($"#q-colour {SurveyPages.EditInPlaceForm}")!.TextContent, StringComparison.Ordinal);

        // Renaming an answered option code is saved in the draft but refused at publish, with the reason.
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit?question=colour"), SurveyPages.EditInPlaceForm, new Dictionary<string, string[]>
        {
            ["Edit.Options"] = ["red | Crimson | 1\nnavy | Navy | 3"],
        });
        var refused = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), SurveyPages.PublishForm);
        Assert.Contains("Question colour has answers, so its option code \"blue\" cannot be removed or changed.", refused.Text(".error-summary"), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.SurveyVersions.CountAsync(v => v.SurveyId == id)));
    }

    [Fact]
    public async Task AMatrix_TakesRowsPerPageInPlace_AndRefusesZeroBesideTheField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Long grid");
        var edit = await owner.GetAsync($"/surveys/{id}/edit");
        await owner.SubmitAsync(edit, SurveyPages.AddForm, new Dictionary<string, string[]>
        {
            ["Question.Type"] = [((int)Domain.Questionnaires.QuestionType.MatrixRating).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["Question.Code"] = ["jobs"],
            ["Question.Text"] = ["How important is each job?"],
            ["Question.Rows"] = [string.Join('\n', Enumerable.Range(1, 12).Select(i => $"Job {i}"))],
        });

        var zero = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit?question=jobs"), SurveyPages.EditInPlaceForm, new Dictionary<string, string[]> { ["Edit.RowsPerPage"] = ["0"] });
        Assert.Equal("Rows per page must be at least 1, or left empty.", zero.Text($"#q-jobs {SurveyPages.EditInPlaceForm} [data-valmsg-for='Edit.RowsPerPage']"));
        Assert.Null((await app.WithDbAsync(async db => (await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id)).Draft)).Find("jobs")!.RowsPerPage);

        var saved = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit?question=jobs"), SurveyPages.EditInPlaceForm, new Dictionary<string, string[]> { ["Edit.RowsPerPage"] = ["5"] });
        Assert.Equal("Question jobs saved.", saved.Text(".notice"));
        Assert.Equal("5 rows per page", saved.Text("#q-jobs [data-testid=rows-per-page]"));
        var draft = await app.WithDbAsync(async db => (await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id)).Draft);
        Assert.Equal(5, draft.Find("jobs")!.RowsPerPage);
        Assert.Equal(3, draft.RespondentPages().Pages.Count);
    }
}
