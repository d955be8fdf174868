using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>Every completed download is recorded (who, when, survey, format, level, rows) and listed for the owner.</summary>
public sealed class DownloadAuditTests
{
    private const string Password = "a collaborator's password";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EveryDownload_IsRecordedAfterItIsSent_WithItsFormatLevelAndRows_AndARefusedOneIsNot(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var s = await DownloadTestSurvey.CreateAsync(app, owner);
        await app.CreateUserAsync("reader@example.org", Password, Roles.Researcher);
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{s.Id}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["reader@example.org"], ["ShareRole"] = ["Researcher"] });
        using var reader = await app.SignedInAsync("reader@example.org", Password);
        var empty = await owner.GetAsync($"/surveys/{s.Id}/downloads-log");
        Assert.NotNull(empty.Document.QuerySelector("[data-testid=no-downloads]"));

        var before = DateTime.UtcNow.AddSeconds(-1);
        var wide = await DownloadTestSurvey.CsvAsync(owner, s.Id, "handler=Csv");
        var longRows = await DownloadTestSurvey.CsvAsync(owner, s.Id, "handler=Csv&format=long");
        await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{s.Id}/results?handler=Xlsx", UriKind.Relative));
        await DownloadTestSurvey.CsvAsync(owner, s.Id, "handler=Scores");
        await DownloadTestSurvey.CsvAsync(owner, s.Id, "handler=Jtbd");
        await DownloadTestSurvey.CsvAsync(reader, s.Id, "handler=Csv&level=deidentified");
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{s.Id}/downloads-log"), "form[data-testid=export-levels]", new Dictionary<string, string[]> { ["Levels.Researcher"] = ["DeIdentified"] });
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.GetAsync(new Uri($"/surveys/{s.Id}/results?handler=Xlsx&level=full", UriKind.Relative))).StatusCode);
        var after = DateTime.UtcNow.AddSeconds(1);

        var (ownerId, readerId) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == AppFactory.AdminEmail).Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == "reader@example.org").Select(u => u.Id).SingleAsync()));
        var audits = await app.WithDbAsync(db => db.DownloadAudits.AsNoTracking().OrderBy(a => a.At).ToListAsync());
        Assert.Equal(
            [
                ("responses-csv", ExportLevel.Full, wide.Count - 1L, ownerId),
                ("responses-long-csv", ExportLevel.Full, longRows.Count - 1L, ownerId),
                ("xlsx", ExportLevel.Full, 3L, ownerId),
                ("scores-csv", ExportLevel.Full, 0L, ownerId),
                ("jtbd-csv", ExportLevel.Full, 0L, ownerId),
                ("responses-csv", ExportLevel.DeIdentified, 3L, readerId),
            ],
            audits.Select(a => (a.Format, a.Level, a.Rows, a.UserId)));
        Assert.Equal(16, longRows.Count - 1);
        Assert.All(audits, a =>
        {
            Assert.Equal(s.Id, a.SurveyId);
            Assert.InRange(a.At, before, after);
        });
        Assert.Equal("reader@example.org", audits[^1].UserEmail);

        var log = await owner.GetAsync($"/surveys/{s.Id}/downloads-log");
        var cells = log.Document.QuerySelectorAll("[data-testid=downloads-log] tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(6, cells.Count);
        Assert.Equal(["reader@example.org", "responses-csv", "de-identified", "3"], cells[0][1..]);
        Assert.Equal([AppFactory.AdminEmail, "responses-csv", "full", "3"], cells[^1][1..]);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheDownloadsPage_KeepsTheExportLevels_AndRecordsEveryFile(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var s = await DownloadTestSurvey.CreateAsync(app, owner);
        await app.CreateUserAsync("reader@example.org", Password, Roles.Researcher);
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{s.Id}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["reader@example.org"], ["ShareRole"] = ["Researcher"] });
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{s.Id}/downloads-log"), "form[data-testid=export-levels]", new Dictionary<string, string[]> { ["Levels.Researcher"] = ["DeIdentified"] });
        using var reader = await app.SignedInAsync("reader@example.org", Password);
        var basePath = $"/surveys/{s.Id}/results/downloads";

        // The owner chooses the level and the workbook on the page; each file lands in the log.
        var ownerPage = await owner.GetAsync(basePath);
        Assert.NotNull(ownerPage.Document.QuerySelector("#download-level-deidentified"));
        Assert.NotNull(ownerPage.Document.QuerySelector("a[data-download=spss]"));
        var xlsx = await owner.Client.GetAsync(new Uri($"{basePath}?handler=Responses&format=xlsx&level=deidentified", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal($"survey-{s.Code}-deidentified.xlsx", xlsx.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        await owner.Client.GetByteArrayAsync(new Uri($"{basePath}?handler=Package&package=r", UriKind.Relative));
        await owner.Client.GetByteArrayAsync(new Uri($"{basePath}?handler=Codebook&format=csv", UriKind.Relative));

        // The researcher, allowed de-identified only, is offered no full-data file and is refused one by URL.
        var readerPage = await reader.GetAsync(basePath);
        Assert.Null(readerPage.Document.QuerySelector("#download-level-full"));
        Assert.NotNull(readerPage.Document.QuerySelector("[data-testid=level-note]"));
        Assert.Null(readerPage.Document.QuerySelector("a[data-download=spss]"));
        Assert.Null(readerPage.Document.QuerySelector("a[data-download=responses-json]"));
        foreach (var refused in new[] { "handler=Package&package=spss", "handler=ResponsesJson", "handler=Responses&level=full", "handler=Table&table=scores&level=full" })
        {
            var answer = await reader.Client.GetAsync(new Uri($"{basePath}?{refused}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Contains("de-identified downloads only", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Without a level the researcher's download is de-identified: record numbers, no response ids.
        var rows = CsvText.Parse(await reader.Client.GetStringAsync(new Uri($"{basePath}?handler=Responses", UriKind.Relative)));
        Assert.Equal("record", rows[0][0]);
        Assert.DoesNotContain(s.First.ToString(), string.Join(",", rows.SelectMany(r => r)), StringComparison.Ordinal);
        await reader.Client.GetByteArrayAsync(new Uri($"{basePath}?handler=Codebook", UriKind.Relative));

        // A stranger gets 404 for every file.
        await app.CreateUserAsync("stranger@example.org", Password, Roles.SurveyOwner);
        using var stranger = await app.SignedInAsync("stranger@example.org", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(new Uri($"{basePath}?handler=Codebook", UriKind.Relative))).StatusCode);

        var readerId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "reader@example.org").Select(u => u.Id).SingleAsync());
        var audits = await app.WithDbAsync(db => db.DownloadAudits.AsNoTracking().OrderBy(a => a.At).ToListAsync());
        Assert.Equal(
            [
                ("xlsx", ExportLevel.DeIdentified, false),
                ("r-zip", ExportLevel.Full, false),
                ("codebook-csv", ExportLevel.DeIdentified, false),
                ("responses-csv", ExportLevel.DeIdentified, true),
                ("codebook-html", ExportLevel.DeIdentified, true),
            ],
            audits.Select(a => (a.Format, a.Level, a.UserId == readerId)));
    }
}
