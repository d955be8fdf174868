using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The de-identified level (as in REDCap) and the owner's per-role export levels.</summary>
public sealed class DeIdentifiedDownloadTests
{
    private const string Password = "a collaborator's password";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task DeIdentified_DropsFreeText_DatesBecomeDaysFromTheFirstSubmission_AndOnlyNonIdentifyingAttributesStay(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var s = await DownloadTestSurvey.CreateAsync(app, owner);

        var full = await DownloadTestSurvey.CsvAsync(owner, s.Id, "handler=Csv");
        Assert.Contains("note", full[0]);
        Assert.Contains("participant_employee_id", full[0]);
        Assert.Equal(DownloadTestSurvey.Timestamp(s.Start), full[1][1]);
        // A negative number is a number, not formula-quoted text.
        Assert.Equal("-5", full[1][Array.IndexOf(full[0], "age")]);

        var rows = await DownloadTestSurvey.CsvAsync(owner, s.Id, "handler=Csv&level=deidentified");
        Assert.Equal(
            [.. ResponseTable.DeIdentifiedLeadingColumns, "colour", "fruit_apple", "fruit_pear", "mood", "age", "born", "participant_region", .. ResultsCsv.ScoreColumns, .. ResponseTable.DeIdentifiedSourceColumns],
            rows[0]);
        var body = rows.Skip(1).Select(r => r[..10]).ToList();
        // Record numbers in submission order; days from the first submission's day; a date answer as days from it too.
        var born1980 = (new DateTime(1980, 2, 29) - s.Start.Date).Days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var born2001 = (new DateTime(2001, 12, 31) - s.Start.Date).Days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["1", "0", "1", "red", "1", "1", "4", "-5", born1980, "north"], body[0]);
        Assert.Equal(["2", "2", "1", "other", "0", "1", "2", "41", born2001, "south"], body[1]);
        Assert.Equal(["3", "5", "1", "blue", "", "", "5", "63.5", "", ""], body[2]);
        var text = await owner.Client.GetStringAsync(new Uri($"/surveys/{s.Id}/results?handler=Csv&level=deidentified&format=long&values=labels", UriKind.Relative));
        foreach (var secret in new[] { s.First.ToString(), s.Second.ToString(), "my own words", "555-0100", "HYPERLINK", "E-17", "E-42", "ann@example.org", "1980-02-29", DownloadTestSurvey.Timestamp(s.Start)[..10] })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var longRows = CsvText.Parse(text);
        Assert.Equal(ResponseTable.DeIdentifiedLongColumns, longRows[0]);
        Assert.Equal([["colour", "Red"], ["fruit", "Apple;Pear"], ["mood", "4"], ["age", "-5"], ["born", born1980]], longRows.Skip(1).Where(r => r[0] == "1").Select(r => r[3..5]));
        Assert.Equal([["colour", "Other"], ["fruit", "Pear"], ["mood", "2"], ["age", "41"], ["born", born2001]], longRows.Skip(1).Where(r => r[0] == "2").Select(r => r[3..5]));
        // Every row says how its response arrived (here all through the form); there is no source_id column to identify anyone.
        Assert.All(longRows.Skip(1), r => Assert.Equal("web", r[5]));

        // The workbook at that level says the same, and its file name says which level it is.
        var response = await owner.Client.GetAsync(new Uri($"/surveys/{s.Id}/results?handler=Xlsx&level=deidentified", UriKind.Relative));
        Assert.Equal($"survey-{s.Code}-deidentified.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var sheet = ExcelDownloadTests.Sheet(workbook.WorkbookPart!, "Responses");
        Assert.Equal(rows[0], ExcelDownloadTests.Row(sheet, 1).Select(ExcelDownloadTests.Text));
        Assert.Equal(["1", "0", "1", "red", "1", "1", "4", "-5", born1980, "north"], ExcelDownloadTests.Row(sheet, 2).Select(ExcelDownloadTests.Text).Take(10));
        var codebook = ExcelDownloadTests.Sheet(workbook.WorkbookPart!, "Codebook");
        Assert.DoesNotContain(codebook.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>(), c => ExcelDownloadTests.Text(c) is "note" or "colour_other");
    }

    [Fact]
    public async Task TheOwnerLimitsResearchersToDeIdentified_AFullDownloadIsRefused_AndTheirDefaultIsDeIdentified()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var s = await DownloadTestSurvey.CreateAsync(app, owner);
        await app.CreateUserAsync("reader@example.org", Password, Roles.Researcher);
        await app.CreateUserAsync("editor@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("other@example.org", Password, Roles.SurveyOwner);
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{s.Id}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["reader@example.org"], ["ShareRole"] = ["Researcher"] });
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{s.Id}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["editor@example.org"], ["ShareRole"] = ["Editor"] });
        using var reader = await app.SignedInAsync("reader@example.org", Password);
        using var editor = await app.SignedInAsync("editor@example.org", Password);

        // Before: every role downloads full data, as before export levels existed.
        Assert.Equal("response_id", (await DownloadTestSurvey.CsvAsync(reader, s.Id, "handler=Csv"))[0][0]);

        var log = await owner.GetAsync($"/surveys/{s.Id}/downloads-log");
        Assert.Equal(["Full", "Full"], log.Document.QuerySelectorAll("form[data-testid=export-levels] select option[selected]").Select(o => o.GetAttribute("value")));
        var saved = await owner.SubmitAsync(log, "form[data-testid=export-levels]", new Dictionary<string, string[]> { ["Levels.Researcher"] = ["DeIdentified"], ["Levels.Editor"] = ["Full"] });
        Assert.Equal("Researchers may now download de-identified data, editors full data.", saved.Text(".notice"));
        Assert.Equal((ExportLevel.DeIdentified, ExportLevel.Full), await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.AsNoTracking().SingleAsync(x => x.Id == s.Id);
            return (survey.ResearcherExportLevel, survey.EditorExportLevel);
        }));

        foreach (var query in new[] { "handler=Csv&level=full", "handler=Csv&format=long&level=full", "handler=Xlsx&level=full", "handler=Scores&level=full" })
        {
            var refused = await reader.Client.GetAsync(new Uri($"/surveys/{s.Id}/results?{query}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("The survey's owner allows you de-identified downloads only, so a full download is refused. Ask for the de-identified level, or ask the owner to change the export levels.", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(ResponseTable.DeIdentifiedLeadingColumns, (await DownloadTestSurvey.CsvAsync(reader, s.Id, "handler=Csv"))[0][..3]);
        Assert.Equal(ResponseTable.DeIdentifiedLeadingColumns, (await DownloadTestSurvey.CsvAsync(reader, s.Id, "handler=Csv&level=deidentified"))[0][..3]);
        Assert.Equal("record", (await DownloadTestSurvey.CsvAsync(reader, s.Id, "handler=Scores"))[0][0]);
        // The results page offers the researcher only the level they have.
        var page = await reader.GetAsync($"/surveys/{s.Id}/results");
        Assert.Equal(["deidentified"], page.Document.QuerySelectorAll("form[data-testid=workbook-download] input[name=level]").Select(i => i.GetAttribute("value")));
        Assert.Empty(page.Document.QuerySelectorAll($"a[href='/surveys/{s.Id}/downloads-log']"));

        // The editor and the owner keep full data; a bad level is a 400; the log is the owner's alone.
        Assert.Equal("response_id", (await DownloadTestSurvey.CsvAsync(editor, s.Id, "handler=Csv&level=full"))[0][0]);
        Assert.Equal("response_id", (await DownloadTestSurvey.CsvAsync(owner, s.Id, "handler=Csv&level=full"))[0][0]);
        var bad = await owner.Client.GetAsync(new Uri($"/surveys/{s.Id}/results?handler=Csv&level=everything", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("level=deidentified", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/surveys/{s.Id}/downloads-log")).Status);
        Assert.Contains("/account/denied", (await reader.GetAsync($"/surveys/{s.Id}/downloads-log")).Url, StringComparison.Ordinal);
        var token = log.Document.QuerySelector("form[data-testid=export-levels] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var editorToken = (await editor.GetAsync($"/surveys/{s.Id}/edit")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostRawAsync($"/surveys/{s.Id}/downloads-log?handler=Levels", new Dictionary<string, string> { ["Levels.Researcher"] = "Full", ["Levels.Editor"] = "Full", ["__RequestVerificationToken"] = editorToken })).Status);

        // Another owner finds nothing: not the data, not the log.
        using var other = await app.SignedInAsync("other@example.org", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"/surveys/{s.Id}/results?handler=Xlsx", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"/surveys/{s.Id}/results?handler=Jtbd", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/surveys/{s.Id}/downloads-log")).Status);

        // An unknown level is refused next to its field, and nothing changes.
        var raw = await owner.PostRawAsync($"/surveys/{s.Id}/downloads-log?handler=Levels", new Dictionary<string, string> { ["Levels.Researcher"] = "7", ["Levels.Editor"] = "Full", ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.OK, raw.Status);
        Assert.Contains("Choose full or de-identified.", raw.Text("form[data-testid=export-levels]"), StringComparison.Ordinal);
        Assert.Equal(ExportLevel.DeIdentified, await app.WithDbAsync(db => db.Surveys.Where(x => x.Id == s.Id).Select(x => x.ResearcherExportLevel).SingleAsync()));
    }
}
