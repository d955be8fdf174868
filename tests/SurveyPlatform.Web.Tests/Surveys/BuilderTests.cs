using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

/// <summary>The builder's lists, reordering, duplicating, editing in place and option codes, through its plain forms.</summary>
public sealed class BuilderTests
{
    private static string T(QuestionType type) => ((int)type).ToString(CultureInfo.InvariantCulture);

    private static async Task<Page> AddPageAsync(HtmlSession owner, Guid id, string title, string condition = "") =>
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), "form[action*='handler=AddPage']", new Dictionary<string, string[]> { ["NewPage.Title"] = [title], ["NewPage.Condition"] = [condition] });

    private static async Task<Page> AddAsync(HtmlSession owner, Guid id, Dictionary<string, string[]> fields) =>
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), SurveyPages.AddForm, fields);

    private static Task<SurveyDefinition> DraftAsync(AppFactory app, Guid id) =>
        app.WithDbAsync(async db => (await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id)).Draft);

    private static string[][] Layout(SurveyDefinition draft) => [.. draft.Pages.Select(p => p.Questions.Select(q => q.Code).ToArray())];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheLists_ShowRenderedSafeText_AndHumanTypeNames_AndBlankOptionCodesBecomeSlugsOfTheLabels(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Rendered");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.SingleChoice)], ["Question.Code"] = ["role"], ["Question.Text"] = ["What is your **role**? <b>x</b>"], ["Question.Options"] = ["Very satisfied\nTrès bien | 2\nЗдравствуйте\nyes | Yes"] });
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.Nps)], ["Question.Code"] = ["nps"], ["Question.Text"] = ["Recommend *us*?"] });
        var added = await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.MatrixSingle)], ["Question.Code"] = ["stage"], ["Question.Text"] = ["Stage?"], ["Question.Options"] = ["Idea\nIn production"], ["Question.Rows"] = ["Ambient notes\nCoding"] });
        Assert.Equal("Question stage added.", added.Text(".notice"));

        var edit = await owner.GetAsync($"/surveys/{id}/edit");
        var role = edit.Document.QuerySelector("#q-role .question-text")!;
        Assert.Equal("role", role.QuerySelector("strong strong")?.TextContent);
        Assert.Null(role.QuerySelector("b"));
        Assert.Equal("What is your role? <b>x</b>", role.TextContent.Replace("⠿", string.Empty, StringComparison.Ordinal).Trim());
        Assert.Equal("us", edit.Document.QuerySelector("#q-nps .question-text em")?.TextContent);
        Assert.Equal(["Single choice", "Net Promoter Score", "Matrix (one answer per row)"], edit.Document.QuerySelectorAll(".question-type").Select(e => e.TextContent));
        Assert.DoesNotContain("SingleChoice", edit.Text("main"), StringComparison.Ordinal);
        Assert.DoesNotContain("MatrixSingle", edit.Text("main"), StringComparison.Ordinal);
        Assert.Contains("Net Promoter Score", edit.Document.QuerySelectorAll("#Question_Type option").Select(o => o.TextContent));

        var draft = await DraftAsync(app, id);
        Assert.Equal(["very_satisfied", "tres_bien", "opt_3", "yes"], draft.Find("role")!.Options.Select(o => o.Code));
        Assert.Equal(["idea", "in_production"], draft.Find("stage")!.Options.Select(o => o.Code));
        Assert.Equal(["ambient_notes", "coding"], draft.Find("stage")!.Rows.Select(o => o.Code));

        // Editing in place keeps existing codes even when a label changes; a new blank line gets its slug.
        var form = await owner.GetAsync($"/surveys/{id}/edit?question=role");
        var saved = await owner.SubmitAsync(form, SurveyPages.EditInPlaceForm, new Dictionary<string, string[]>
        {
            ["Edit.Options"] = ["very_satisfied | Extremely satisfied | 0\ntres_bien | Très bien | 2\nopt_3 | Здравствуйте | 0\nyes | Yes | 0\nNot sure"],
        });
        Assert.Equal("Question role saved.", saved.Text(".notice"));
        Assert.Equal(["very_satisfied", "tres_bien", "opt_3", "yes", "not_sure"], (await DraftAsync(app, id)).Find("role")!.Options.Select(o => o.Code));

        // An error shows in the question's row, next to its field, and not in "Add a question".
        var refused = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit?question=nps"), SurveyPages.EditInPlaceForm, new Dictionary<string, string[]> { ["Edit.Text"] = [""] });
        Assert.Equal("Enter the question text.", refused.Text("#q-nps [data-valmsg-for='Edit.Text']"));
        Assert.Equal(string.Empty, refused.Text("[data-valmsg-for='Question.Text']"));
        Assert.Equal("Recommend *us*?", (await DraftAsync(app, id)).Find("nps")!.Text);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task QuestionsAndPages_MoveWithPlainForms_AndAMoveThatBreaksTheLogicIsRefusedBesideIt(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Order");
        await AddPageAsync(owner, id, "About you");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.SingleChoice)], ["Question.Code"] = ["segment"], ["Question.Text"] = ["Segment?"], ["Question.Options"] = ["Payer\nProvider"] });
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.ShortText)], ["Question.Code"] = ["name"], ["Question.Text"] = ["Name?"] });
        await AddPageAsync(owner, id, "More");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.Number)], ["Question.Code"] = ["beds"], ["Question.Text"] = ["Beds?"], ["Question.Condition"] = ["segment = provider"] });
        await AddPageAsync(owner, id, "Payers", "segment = payer");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.LongText)], ["Question.Code"] = ["why"], ["Question.Text"] = ["Why, {name}?"] });
        Assert.Equal([["segment", "name"], ["beds"], ["why"]], Layout(await DraftAsync(app, id)));

        // Up from the top of a page goes to the end of the page before; once more is refused (it reads segment).
        var edit = await owner.GetAsync($"/surveys/{id}/edit");
        edit = await owner.SubmitAsync(edit, "#q-beds form.actions", submitter: "button[aria-label='Move beds up']");
        Assert.Equal([["segment", "name", "beds"], [], ["why"]], Layout(await DraftAsync(app, id)));
        edit = await owner.SubmitAsync(edit, "#q-beds form.actions", submitter: "button[aria-label='Move beds up']");
        edit = await owner.SubmitAsync(edit, "#q-beds form.actions", submitter: "button[aria-label='Move beds up']");
        Assert.Equal("Not moved: Question beds is shown only if \"segment = provider\", so it must come after question segment.", edit.Text("#q-beds [data-testid=move-refused]"));
        Assert.Equal([["segment", "beds", "name"], [], ["why"]], Layout(await DraftAsync(app, id)));

        // Pages: "Payers" moves up; moving it above the page holding segment is refused beside the page.
        edit = await owner.SubmitAsync(edit, "#page-2 form[action*='handler=MovePage']", submitter: "button[value='-1']");
        Assert.Equal(["About you", "Payers", "More"], (await DraftAsync(app, id)).Pages.Select(p => p.Title));
        edit = await owner.SubmitAsync(edit, "#page-1 form[action*='handler=MovePage']", submitter: "button[value='-1']");
        Assert.Equal("Not moved: Page \"Payers\" is shown only if \"segment = payer\", so it must come after question segment.", edit.Text("#page-1 [data-testid=move-refused]"));
        Assert.Equal(["About you", "Payers", "More"], (await DraftAsync(app, id)).Pages.Select(p => p.Title));

        // The drag-and-drop form posts a page and position to the same handler; piping is checked too.
        edit = await owner.SubmitAsync(edit, "#drag-move", new Dictionary<string, string[]> { ["code"] = ["why"], ["page"] = ["0"], ["position"] = ["0"] });
        Assert.StartsWith("Not moved: Question why shows the answer to {name}", edit.Text("#q-why [data-testid=move-refused]"), StringComparison.Ordinal);
        edit = await owner.SubmitAsync(edit, "#drag-move", new Dictionary<string, string[]> { ["code"] = ["name"], ["page"] = ["1"], ["position"] = ["0"] });
        Assert.Equal([["segment", "beds"], ["name", "why"], []], Layout(await DraftAsync(app, id)));
        Assert.Equal(string.Empty, edit.Text("[data-testid=move-refused]"));

        // Another owner's post with their own valid token is a 404 and changes nothing.
        await app.CreateUserAsync("b@example.org", "another long password", Roles.SurveyOwner);
        using var ownerB = await app.SignedInAsync("b@example.org", "another long password");
        var idB = await SurveyPages.CreateAsync(ownerB, "B's");
        var token = (await ownerB.GetAsync($"/surveys/{idB}/edit")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await ownerB.PostRawAsync($"/surveys/{id}/edit?handler=MovePage", new Dictionary<string, string> { ["page"] = "2", ["offset"] = "-1", ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.Equal(["About you", "Payers", "More"], (await DraftAsync(app, id)).Pages.Select(p => p.Title));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task APageDraggedToAnotherPlace_PostsItsTargetToMovePage_AndAMoveThatBreaksTheLogicIsRefusedBesideIt(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Page order");
        await AddPageAsync(owner, id, "About you");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.SingleChoice)], ["Question.Code"] = ["segment"], ["Question.Text"] = ["Segment?"], ["Question.Options"] = ["Payer\nProvider"] });
        await AddPageAsync(owner, id, "Work");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.ShortText)], ["Question.Code"] = ["team"], ["Question.Text"] = ["Team?"] });
        await AddPageAsync(owner, id, "Tools");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.ShortText)], ["Question.Code"] = ["tools"], ["Question.Text"] = ["Tools?"] });
        await AddPageAsync(owner, id, "Payers", "segment = payer");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.LongText)], ["Question.Code"] = ["why"], ["Question.Text"] = ["Why?"] });

        // The last page dropped second: the pages between shift down by one, the handles only show with JavaScript.
        var edit = await owner.GetAsync($"/surveys/{id}/edit");
        Assert.Equal(4, edit.Document.QuerySelectorAll("section.editor-page[data-page] .page-drag-handle").Length);
        edit = await owner.SubmitAsync(edit, "#drag-move-page", new Dictionary<string, string[]> { ["page"] = ["3"], ["to"] = ["1"] });
        Assert.Equal(["About you", "Payers", "Work", "Tools"], (await DraftAsync(app, id)).Pages.Select(p => p.Title));
        Assert.Equal([["segment"], ["why"], ["team"], ["tools"]], Layout(await DraftAsync(app, id)));

        // A page dropped first.
        edit = await owner.SubmitAsync(edit, "#drag-move-page", new Dictionary<string, string[]> { ["page"] = ["2"], ["to"] = ["0"] });
        Assert.Equal(["Work", "About you", "Payers", "Tools"], (await DraftAsync(app, id)).Pages.Select(p => p.Title));

        // "Payers" before the page that asks segment is refused beside the page, and changes nothing.
        edit = await owner.SubmitAsync(edit, "#drag-move-page", new Dictionary<string, string[]> { ["page"] = ["2"], ["to"] = ["0"] });
        Assert.Equal("Not moved: Page \"Payers\" is shown only if \"segment = payer\", so it must come after question segment.", edit.Text("#page-2 [data-testid=move-refused]"));
        Assert.Equal(["Work", "About you", "Payers", "Tools"], (await DraftAsync(app, id)).Pages.Select(p => p.Title));
    }

    [Fact]
    public async Task Duplicate_PutsACopyWithTheSameSettingsRightAfter_UnderTheNextFreeCode()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Copies");
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.MultipleChoice)], ["Question.Code"] = ["role"], ["Question.Text"] = ["Role?"], ["Question.Options"] = ["a | A | 1\nb | B | 2\nnone | None"], ["Question.ExclusiveOption"] = ["none"], ["Question.Required"] = ["true"] });
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.ShortText)], ["Question.Code"] = ["name"], ["Question.Text"] = ["Name?"] });

        var copied = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), "#q-role form.actions", submitter: "button[aria-label='Duplicate role']");
        Assert.Equal("Question role duplicated as role_2.", copied.Text(".notice"));
        copied = await owner.SubmitAsync(copied, "#q-role_2 form.actions", submitter: "button[aria-label='Duplicate role_2']");
        Assert.Equal("Question role_2 duplicated as role_3.", copied.Text(".notice"));

        var draft = await DraftAsync(app, id);
        Assert.Equal(["role", "role_2", "role_3", "name"], draft.Questions.Select(q => q.Code));
        var (original, copy) = (draft.Find("role")!, draft.Find("role_3")!);
        Assert.Equal(original.Options, copy.Options);
        Assert.Equal((original.Type, original.Text, original.Required, original.ExclusiveOption), (copy.Type, copy.Text, copy.Required, copy.ExclusiveOption));
    }
}
