using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

public sealed class CreateFromTemplateOrFileTests
{
    private static async Task<Page> UploadAsync(HtmlSession session, string fileName, byte[] content)
    {
        var page = await session.GetAsync("/surveys/new");
        var token = page.Document.QuerySelector("form[action*='handler=Import'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        form.Add(file, "file", fileName);
        var response = await session.Client.PostAsync(new Uri("/surveys/new?handler=Import", UriKind.Relative), form);
        return await Page.FromAsync(response);
    }

    private static byte[] Sample(string folder, string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", folder, name));

    [Fact]
    public async Task Template_GivesAnOrdinaryDraft_ThatPublishesAndRendersItsMatrices()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var page = await owner.GetAsync("/surveys/new");
        var edit = await owner.SubmitAsync(page, $"form[action*='handler=Template']:has(input[value='{GenAiPractitioner.Template.Key}'])");
        Assert.EndsWith("/edit", edit.Url, StringComparison.Ordinal);
        Assert.Equal(GenAiPractitioner.Template.Title, edit.Text("h1"));
        Assert.Equal(GenAiPractitioner.Template.Definition.Questions.Count, edit.Document.QuerySelectorAll("ol.question-list > li").Length);

        var id = Guid.Parse(new Uri(edit.Url).Segments[^2].TrimEnd('/'));
        var code = await SurveyPages.PublishAsync(owner, id);
        using var respondent = app.Session();
        var first = await respondent.GetAsync($"/s/{code}");
        Assert.Equal("Page 1 of 3", first.Text(".progress"));
        var second = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]>
        {
            ["company_size"] = ["lt_100"], ["technical_leader"] = ["yes"], ["genai_stage"] = ["using"],
        });
        Assert.Equal("Budget, models and use cases", second.Text("h2.page-title"));
        var third = await RespondentPages.NextAsync(respondent, second, new Dictionary<string, string[]>());
        Assert.Equal("Evaluation and risk", third.Text("h2.page-title"));
        Assert.Equal(7, third.Document.QuerySelectorAll("fieldset.matrix-row").Length);
        Assert.Equal("Page 3 of 3", third.Text(".progress"));
    }

    [Fact]
    public async Task RedcapAndLimeSurveyFiles_AreReviewedFirst_ThenImportAsDrafts_WithTheReportOfWhatDidNotMap()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();

        var redcap = await UploadAsync(owner, "simple.dictionary.csv", Sample("redcap", "simple.dictionary.csv"));
        Assert.Equal(HttpStatusCode.OK, redcap.Status);
        Assert.Equal(
            ["Line 13: \"bmi\" is a calc field, which has no equivalent here; it was not imported.", "Line 15: \"mugshot\" is a file field, which has no equivalent here; it was not imported."],
            redcap.Document.QuerySelectorAll("[data-testid=import-notes] li").Select(li => li.TextContent));
        Assert.Equal("16", redcap.Text("[data-testid=count-questions]"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Surveys.CountAsync()));

        var id = await SurveyPages.ConfirmImportAsync(owner, redcap);
        var draft = await owner.GetAsync($"/surveys/{id}/edit");
        Assert.Equal("simple.dictionary", draft.Text("h1"));
        Assert.Equal(16, draft.Document.QuerySelectorAll("ol.question-list > li").Length);

        var lime = await UploadAsync(owner, "ls7_Samplesurvey_en_de.lss", Sample("limesurvey", "ls7_Samplesurvey_en_de.lss"));
        Assert.Equal(11, lime.Document.QuerySelectorAll("[data-testid=import-notes] li").Length);
        Assert.Equal(1, await app.WithDbAsync(db => db.Surveys.CountAsync()));
        await SurveyPages.ConfirmImportAsync(owner, lime);
        Assert.Equal(2, await app.WithDbAsync(db => db.Surveys.CountAsync()));
    }

    [Fact]
    public async Task AQualtricsFile_ShowsWhatItWillCreate_StoresNothingUntilConfirmed_AndConfirmingTwiceCreatesOneDraft()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();

        // Named .json: the content, not the extension, says it is a Qualtrics survey.
        var review = await UploadAsync(owner, "export.json", Sample("qualtrics", "Sample_Survey.qsf"));
        Assert.Contains("Qualtrics survey (.qsf)", review.Text("#import-review"), StringComparison.Ordinal);
        Assert.Equal(("4", "40", "84", "1"), (review.Text("[data-testid=count-pages]"), review.Text("[data-testid=count-questions]"), review.Text("[data-testid=count-options]"), review.Text("[data-testid=count-conditions]")));
        Assert.Equal(26, review.Document.QuerySelectorAll("[data-testid=import-notes] li").Length);
        Assert.Contains("fruits = 1", review.Text("[data-testid=import-preview]"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Surveys.CountAsync()));

        var first = await owner.SubmitAsync(review, "form[action*='handler=Confirm']");
        var second = await owner.SubmitAsync(review, "form[action*='handler=Confirm']");
        Assert.Equal(first.Url, second.Url);
        Assert.Equal(1, await app.WithDbAsync(db => db.Surveys.CountAsync()));
        Assert.Equal("Sample Survey", first.Text("h1"));
        Assert.Equal(40, first.Document.QuerySelectorAll("ol.question-list > li").Length);
    }

    [Fact]
    public async Task AReview_CannotBeConfirmedByAnotherOwner_OrWhenTampered()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var review = await UploadAsync(owner, "panel.json", Sample("surveyjs", "questiontype-panel.json"));
        var payload = review.Document.QuerySelector("form[action*='handler=Confirm'] input[name=payload]")!.GetAttribute("value")!;

        await app.CreateUserAsync("other-owner@example.org", "correct horse battery", SurveyPlatform.Web.Accounts.Roles.SurveyOwner);
        using var other = await app.SignedInAsync("other-owner@example.org", "correct horse battery");
        var form = await other.GetAsync("/surveys/new");
        var token = form.Document.QuerySelector("form[action*='handler=Import'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["payload"] = payload }))
        {
            var refused = await Page.FromAsync(await other.Client.PostAsync(new Uri("/surveys/new?handler=Confirm", UriKind.Relative), content));
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.Contains("This review has expired or is not valid", refused.Text("#file-error"), StringComparison.Ordinal);
        }

        using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["payload"] = payload }))
        {
            var noToken = await owner.Client.PostAsync(new Uri("/surveys/new?handler=Confirm", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.Surveys.CountAsync()));
    }

    [Theory]
    [InlineData("broken.csv", "name,email\nAda,ada@example.org\n", "This CSV file is not a REDCap data dictionary")]
    [InlineData("broken.lss", "<html><body>nope</body></html>", "is not a LimeSurvey survey structure")]
    [InlineData("cut.lss", "<?xml version=\"1.0\"?><document><LimeSurveyDocType>Survey</LimeSurveyDocType><questions><rows><row>", "This is not a LimeSurvey .lss file: it is not valid XML")]
    [InlineData("broken.json", "{ \"format\": ", "The file is not valid JSON")]
    [InlineData("other.json", "{ \"name\": \"x\" }", "This JSON file is not a survey we can read")]
    [InlineData("notes.txt", "hello", "is not a survey file we can read")]
    [InlineData("empty.csv", "  \n ", "The file is empty.")]
    [InlineData("image.png", "\u0089PNG\r\n\u001a\n\u0000\u0000", "This is a binary file")]
    public async Task AFileThatIsNotWhatItClaims_GetsAClearErrorBesideTheField_AndCreatesNothing(string name, string content, string message)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var page = await UploadAsync(owner, name, System.Text.Encoding.UTF8.GetBytes(content));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Text("#file-error"), StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("#import-review"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Surveys.CountAsync()));
    }

    [Fact]
    public async Task AFileOverFiveMegabytes_IsRefusedBesideTheField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var page = await UploadAsync(owner, "huge.qsf", new byte[(6 * 1024 * 1024) + 1]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("larger than 5 MB", page.Text("#file-error"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Surveys.CountAsync()));
    }

    [Fact]
    public async Task Json_ExportImportExport_IsIdentical()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var page = await owner.GetAsync("/surveys/new");
        var edit = await owner.SubmitAsync(page, $"form[action*='handler=Template']:has(input[value='{HealthcareAiAdoption.Template.Key}'])");
        var first = await owner.Client.GetByteArrayAsync(new Uri(new Uri(edit.Url).AbsolutePath + "?handler=Json", UriKind.Relative));

        var imported = await UploadAsync(owner, "survey.json", first);
        Assert.Contains("Everything in the file was mapped.", imported.Text("#import-review"), StringComparison.Ordinal);
        var id = await SurveyPages.ConfirmImportAsync(owner, imported);
        var second = await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/edit?handler=Json", UriKind.Relative));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(first), System.Text.Encoding.UTF8.GetString(second));
        Assert.Contains("\"format\": \"surveyplatform.survey/1\"", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }
}
