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
}
