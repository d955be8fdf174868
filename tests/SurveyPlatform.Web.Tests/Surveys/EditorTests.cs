using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

public sealed class EditorTests
{
    private static async Task<Page> AddAsync(HtmlSession owner, Guid id, Dictionary<string, string[]> fields)
    {
        var edit = await owner.GetAsync($"/surveys/{id}/edit");
        return await owner.SubmitAsync(edit, SurveyPages.AddForm, fields);
    }

    private static string T(QuestionType type) => ((int)type).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Owner_BuildsPagesWithEveryTypeAndACondition_PreviewsAndPublishes_AndHiddenAnswersAreNotStored()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Every type");

        // Page 1.
        var added = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), "form[action*='handler=AddPage']", new Dictionary<string, string[]> { ["NewPage.Title"] = ["About you"] });
        Assert.Equal("Page \"About you\" added.", added.Text(".notice"));
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.SingleChoice)], ["Question.Code"] = ["segment"], ["Question.Text"] = ["Segment?"], ["Question.Required"] = ["true"], ["Question.Options"] = ["payer | Payer\nprovider | Provider"] });
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.YesNo)], ["Question.Code"] = ["consent"], ["Question.Text"] = ["Consent?"] });
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.Descriptive)], ["Question.Code"] = ["intro"], ["Question.Text"] = ["Thanks for **helping**."] });

        // Page 2, shown to providers only, with matrices.
        var jobs = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), "form[action*='handler=AddPage']", new Dictionary<string, string[]> { ["NewPage.Title"] = ["Jobs"], ["NewPage.Condition"] = ["segment = provider"] });
        Assert.True(jobs.Text(".notice") == "Page \"Jobs\" added.", jobs.Document.QuerySelector("form[action*='handler=AddPage']")?.TextContent);
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.MatrixSingle)], ["Question.Code"] = ["stage"], ["Question.Text"] = ["Stage?"], ["Question.Options"] = ["idea | Idea\nprod | Production"], ["Question.Rows"] = ["ambient | Ambient\ncoding | Coding"], ["Question.AllowNotApplicable"] = ["true"] });
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.MatrixRating)], ["Question.Code"] = ["pain"], ["Question.Text"] = ["Pain?"], ["Question.Rows"] = ["ambient | Ambient"], ["Question.Scale"] = ["5"] });
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.Ranking)], ["Question.Code"] = ["priority"], ["Question.Text"] = ["Order these"], ["Question.Options"] = ["a | A\nb | B"] });

        // Page 3, with a question shown by the condition builder.
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}/edit"), "form[action*='handler=AddPage']", new Dictionary<string, string[]> { ["NewPage.Title"] = ["More"] });
        await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.MultipleChoice)], ["Question.Code"] = ["tools"], ["Question.Text"] = ["Tools?"], ["Question.Options"] = ["x | X\ny | Y\nnone | None"], ["Question.ExclusiveOption"] = ["none"] });
        var conditional = await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.Number)], ["Question.Code"] = ["beds"], ["Question.Text"] = ["Beds?"], ["Question.WholeNumbers"] = ["true"], ["Question.ConditionCode"] = ["segment"], ["Question.ConditionOperator"] = ["="], ["Question.ConditionValue"] = ["provider"] });
        Assert.Equal("Question beds added.", conditional.Text(".notice"));
        foreach (var (type, code) in new[] { (QuestionType.Rating, "mood"), (QuestionType.Nps, "nps"), (QuestionType.ShortText, "name"), (QuestionType.LongText, "story"), (QuestionType.Date, "when") })
        {
            Assert.Equal($"Question {code} added.", (await AddAsync(owner, id, new() { ["Question.Type"] = [T(type)], ["Question.Code"] = [code], ["Question.Text"] = [code] })).Text(".notice"));
        }

        // A condition on a later or unknown question is refused beside the field.
        var refused = await AddAsync(owner, id, new() { ["Question.Type"] = [T(QuestionType.ShortText)], ["Question.Code"] = ["bad"], ["Question.Text"] = ["Bad"], ["Question.Condition"] = ["ghost = 1"] });
        Assert.Contains("There is no question with the code \"ghost\".", refused.Document.QuerySelector(SurveyPages.AddForm)!.TextContent, StringComparison.Ordinal);

        var copied = await owner.PostRawAsync($"/surveys/{id}/edit?handler=Copy", new Dictionary<string, string> { ["code"] = "name", ["__RequestVerificationToken"] = Token(refused) });
        Assert.Equal("Question name duplicated as name_2.", copied.Text(".notice"));

        var definition = await app.WithDbAsync(async db => (await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id)).Draft);
        Assert.Equal(["About you", "Jobs", "More"], definition.Pages.Select(p => p.Title));
        Assert.Equal(13, definition.Questions.Select(q => q.Type).Distinct().Count());
        Assert.Equal("segment = provider", definition.Find("beds")!.Condition);
        Assert.NotNull(definition.Find("name_2"));

        // Preview, page by page: a payer never sees the provider page; nothing is stored.
        var preview = await owner.GetAsync($"/surveys/{id}/preview");
        Assert.Equal("Page 1 of 2", preview.Text(".progress")); // The provider page is not on the path until someone chooses Provider.
        var previewMore = await RespondentPages.NextAsync(owner, preview, new Dictionary<string, string[]> { ["segment"] = ["payer"] });
        Assert.Equal("Page 2 of 2", previewMore.Text(".progress"));
        Assert.Null(previewMore.Document.GetElementById("a-beds"));
        var checkedPreview = await RespondentPages.NextAsync(owner, previewMore, new Dictionary<string, string[]> { ["tools"] = ["x"] });
        Assert.Contains("Not asked (hidden by conditions): beds, pain, priority, stage", checkedPreview.Text("#preview-result"), StringComparison.Ordinal);
        Assert.Equal(["segment", "tools"], checkedPreview.Document.QuerySelectorAll("#preview-result dt").Select(d => d.TextContent));

        // The provider's path in the preview shows the matrices.
        var providerJobs = await RespondentPages.NextAsync(owner, await owner.GetAsync($"/surveys/{id}/preview"), new Dictionary<string, string[]> { ["segment"] = ["provider"] });
        Assert.Equal("Page 2 of 3", providerJobs.Text(".progress"));
        Assert.Equal(2, providerJobs.Document.QuerySelectorAll("fieldset.matrix-row[id^='q-stage_']").Length);
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.ResponseSessions.CountAsync()));

        // Publish and answer as a payer: the provider page is skipped and the provider-only question is not asked.
        var publicCode = await SurveyPages.PublishAsync(owner, id);
        using var respondent = app.Session();
        var first = await respondent.GetAsync($"/s/{publicCode}");
        Assert.Equal("Page 1 of 2", first.Text(".progress"));
        Assert.NotNull(first.Document.GetElementById("a-segment"));
        var more = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]> { ["segment"] = ["payer"] });
        Assert.Equal("Page 2 of 2", more.Text(".progress"));
        Assert.Equal("More", more.Text("h2.page-title"));
        Assert.Null(more.Document.GetElementById("a-beds"));
        Assert.Null(more.Document.GetElementById("a-stage_ambient"));
        Assert.NotNull(more.Document.GetElementById("a-tools"));

        // A forged post of the provider-only fields stores none of them.
        var fields = RespondentPages.Hidden(more);
        fields["a.tools"] = "x";
        fields["a.beds"] = "12";
        fields["a.stage_ambient"] = "prod";
        var done = await respondent.PostRawAsync($"/s/{publicCode}", fields);
        Assert.EndsWith("/thanks", done.Url, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Answers.AsNoTracking().Select(a => a.QuestionCode).OrderBy(c => c).ToListAsync());
        Assert.Equal(["segment", "tools"], stored);
    }

    private static string Token(Page page) => page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
}
