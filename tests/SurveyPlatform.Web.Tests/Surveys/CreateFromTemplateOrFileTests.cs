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
    public async Task RedcapAndLimeSurveyFiles_ImportAsDrafts_WithTheReportOfWhatDidNotMap()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();

        var redcap = await UploadAsync(owner, "simple.dictionary.csv", Sample("redcap", "simple.dictionary.csv"));
        Assert.Equal(HttpStatusCode.OK, redcap.Status);
        Assert.Equal(
            ["Line 13: \"bmi\" is a calc field, which has no equivalent here; it was not imported.", "Line 15: \"mugshot\" is a file field, which has no equivalent here; it was not imported."],
            redcap.Document.QuerySelectorAll("[data-testid=import-notes] li").Select(li => li.TextContent));
        var draftLink = redcap.Document.QuerySelector("#import-report a")!.GetAttribute("href")!;
        var draft = await owner.GetAsync(draftLink);
        Assert.Equal("simple.dictionary", draft.Text("h1"));
        Assert.Equal(16, draft.Document.QuerySelectorAll("ol.question-list > li").Length);

        var lime = await UploadAsync(owner, "ls7_Samplesurvey_en_de.lss", Sample("limesurvey", "ls7_Samplesurvey_en_de.lss"));
        Assert.Equal(11, lime.Document.QuerySelectorAll("[data-testid=import-notes] li").Length);
        Assert.Equal(2, await app.WithDbAsync(db => db.Surveys.CountAsync()));
    }

    [Theory]
    [InlineData("broken.csv", "name,email\nAda,ada@example.org\n", "This is not a REDCap data dictionary")]
    [InlineData("broken.lss", "<html><body>nope</body></html>", "This is not a LimeSurvey survey structure")]
    [InlineData("broken.json", "{ \"format\": ", "This is not a SurveyPlatform survey file: the JSON is not valid")]
    [InlineData("notes.txt", "hello", "Import a SurveyPlatform .json file")]
    public async Task AFileThatIsNotWhatItClaims_GetsAClearErrorBesideTheField_AndCreatesNothing(string name, string content, string message)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var page = await UploadAsync(owner, name, System.Text.Encoding.UTF8.GetBytes(content));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Text("#file-error"), StringComparison.Ordinal);
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
        Assert.Contains("Everything in the file was mapped.", imported.Text("#import-report"), StringComparison.Ordinal);
        var link = imported.Document.QuerySelector("#import-report a")!.GetAttribute("href")!;
        var second = await owner.Client.GetByteArrayAsync(new Uri(link + "?handler=Json", UriKind.Relative));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(first), System.Text.Encoding.UTF8.GetString(second));
        Assert.Contains("\"format\": \"surveyplatform.survey/1\"", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }
}
