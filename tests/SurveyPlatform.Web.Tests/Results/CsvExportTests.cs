using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The response-level CSV as downloaded: UTF-8, RFC 4180, formula-safe, with the scoring job's scores.</summary>
public sealed class CsvExportTests
{
    private static readonly string[] StandardHeader = ["response_id", "submitted_at_utc", "version", "colour", "fruit_apple", "fruit_pear", "mood", "city", "age", .. ResultsCsv.ScoreColumns, .. ResultsCsv.SourceColumns];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Csv_IsUtf8AndRfc4180_WithTheHeaderInQuestionOrder_AndEachRowCarriesItsAnswersAndScore(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        using var respondent = app.Session();

        // Default model scores (0–100, mean of the answered items): colour red 0 / blue 100; fruit chosen points of 0–7; mood (r − 1) × 25.
        const string unicode = "Zürich – 東京";
        const string awkward = "Smith, \"Jo\"\r\nSecond line";
        var expected = new Dictionary<Guid, string[]>
        {
            [await RespondentPages.PostRawAsync(respondent, code, ("colour", "blue"), ("fruit", "apple"), ("mood", "4"), ("city", unicode), ("age", "40"))] = ["blue", "1", "0", "4", unicode, "40", S((100 + (200d / 7) + 75) / 3)],
            [await RespondentPages.PostRawAsync(respondent, code, ("colour", "red"), ("fruit", "apple"), ("fruit", "pear"), ("mood", "2"), ("city", awkward), ("age", "33.5"))] = ["red", "1", "1", "2", awkward, "33.5", S((0 + 100 + 25) / 3d)],
            [await RespondentPages.PostRawAsync(respondent, code, ("colour", "red"), ("mood", "5"), ("age", "70"))] = ["red", "", "", "5", "", "70", S((0 + 100) / 2d)],
        };
        await CloseAndWaitForScoringAsync(app, owner, id);

        var response = await owner.Client.GetAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"survey-{code}-responses.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);

        // The non-ASCII answer is there as UTF-8 bytes, not as '?' or Latin-1.
        Assert.True(Contains(bytes, Encoding.UTF8.GetBytes(unicode)), "The CSV does not hold the answer as UTF-8 bytes.");
        // Commas, doubled quotes and the embedded line break sit inside one quoted field.
        Assert.Contains("\"Smith, \"\"Jo\"\"\r\nSecond line\"", text, StringComparison.Ordinal);
        Assert.StartsWith(string.Join(',', StandardHeader) + "\r\n", text, StringComparison.Ordinal);

        var rows = CsvText.Parse(text);
        Assert.Equal(StandardHeader, rows[0]);
        Assert.Equal(expected.Count, rows.Count - 1);
        var submitted = await app.WithDbAsync(db => db.Responses.AsNoTracking().Where(r => r.SurveyId == id).ToDictionaryAsync(r => r.Id, r => r.SubmittedAt));
        foreach (var row in rows.Skip(1))
        {
            Assert.Equal(StandardHeader.Length, row.Length);
            var responseId = Guid.Parse(row[0]);
            Assert.True(expected.ContainsKey(responseId), $"Unexpected response {row[0]} in the CSV.");
            Assert.Equal(submitted[responseId].ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), row[1]);
            Assert.Equal("1", row[2]);
            Assert.Equal(expected[responseId], row[3..10]);
        }

        Assert.Equal(expected.Keys.Order(), rows.Skip(1).Select(r => Guid.Parse(r[0])).Order());
        // Rows come in submission order.
        Assert.Equal(rows.Skip(1).Select(r => r[1]).Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r[1]));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Csv_OfAScoredSurvey_KeepsAResponseWithoutAScoreRowInItsPlace_WithEmptyScoreCells(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        using var respondent = app.Session();
        await RespondentPages.PostRawAsync(respondent, code, ("colour", "blue"), ("fruit", "apple"), ("mood", "4"), ("age", "40"));
        var unscored = await RespondentPages.PostRawAsync(respondent, code, ("colour", "red"), ("fruit", "pear"), ("mood", "2"), ("city", "York"), ("age", "33"));
        await RespondentPages.PostRawAsync(respondent, code, ("colour", "red"), ("mood", "5"), ("age", "70"));
        await CloseAndWaitForScoringAsync(app, owner, id);
        var scored = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative)));

        // No post leaves a response of a scored survey without its row in the run, so the row is removed here.
        Assert.Equal(1, await app.WithDbAsync(db => db.RespondentScores.Where(s => s.ResponseId == unscored).ExecuteDeleteAsync()));
        var rows = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative)));

        // The same rows in the same order; only the unscored response's score cells are empty now.
        var scoreStart = StandardHeader.Length - ResultsCsv.ScoreColumns.Length - ResultsCsv.SourceColumns.Length;
        Assert.Equal(StandardHeader, rows[0]);
        Assert.Equal(scored.Select(r => r[0]), rows.Select(r => r[0]));
        Assert.Equal(unscored.ToString(), rows[2][0]);
        Assert.Equal(scored[2][..scoreStart], rows[2][..scoreStart]);
        Assert.All(scored[2][scoreStart..(scoreStart + 2)], cell => Assert.NotEqual(string.Empty, cell));
        Assert.Equal(Enumerable.Repeat(string.Empty, ResultsCsv.ScoreColumns.Length), rows[2][scoreStart..^ResultsCsv.SourceColumns.Length]);
        Assert.Equal(scored.Where((_, i) => i != 2), rows.Where((_, i) => i != 2));
    }

    [Fact]
    public async Task Csv_NeutralisesTextThatASpreadsheetWouldRunAsAFormula_ButNotNumericScores()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Formula survey");
        await SurveyPages.AddValidQuestionAsync(owner, id, QuestionType.SingleChoice, "penalty", "Were you late?", required: true, options: "late | Late | -7.5\nontime | On time | 0\nearly | Early | 2");
        await SurveyPages.AddValidQuestionAsync(owner, id, QuestionType.ShortText, "note", "Anything to add?");
        var code = await SurveyPages.PublishAsync(owner, id);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        using var respondent = app.Session();

        // (posted note, penalty) → (the note cell, the score cell). Penalty points −7.5 / 0 / 2 normalise to 0 / 78.95 / 100.
        var onTime = S(7.5 / 9.5 * 100);
        var cases = new (string Note, string Penalty, string NoteCell, string ScoreCell)[]
        {
            ("=HYPERLINK(\"http://evil.example\",\"x\")", "late", "'=HYPERLINK(\"http://evil.example\",\"x\")", "0"),
            ("+1+1", "late", "'+1+1", "0"),
            ("-2+3", "ontime", "'-2+3", onTime),
            ("@SUM(A1:A9)", "early", "'@SUM(A1:A9)", "100"),
            // Answers are trimmed when stored, so a tab in front of a formula cannot hide it.
            ("\t=cmd|' /C calc'!A0", "late", "'=cmd|' /C calc'!A0", "0"),
            ("plain words, no formula", "early", "plain words, no formula", "100"),
            ("O'Brien = fine", "ontime", "O'Brien = fine", onTime),
        };
        var expected = new Dictionary<Guid, (string NoteCell, string ScoreCell)>();
        foreach (var (note, penalty, noteCell, scoreCell) in cases)
        {
            expected[await RespondentPages.PostRawAsync(respondent, code, ("penalty", penalty), ("note", note))] = (noteCell, scoreCell);
        }

        // A stored value can still begin with a tab or CR (the form trims them, older or imported data may not):
        // arranged directly in the database, since no post can produce it.
        foreach (var (note, noteCell) in new[] { ("\t=1+2", "'\t=1+2"), ("\r=1+2", "'\r=1+2") })
        {
            var responseId = Guid.NewGuid();
            await app.WithDbAsync(async db =>
            {
                var survey = await db.Surveys.SingleAsync(s => s.Id == id);
                db.Responses.Add(SurveyResponse.Submit(responseId, survey, new Dictionary<string, string> { ["penalty"] = "late", ["note"] = note }, DateTime.UtcNow));
                return await db.SaveChangesAsync();
            });
            expected[responseId] = (noteCell, "0");
        }

        await CloseAndWaitForScoringAsync(app, owner, id);
        var rows = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative)));

        Assert.Equal(["response_id", "submitted_at_utc", "version", "penalty", "note", .. ResultsCsv.ScoreColumns, .. ResultsCsv.SourceColumns], rows[0]);
        Assert.Equal(expected.Count, rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            var (noteCell, scoreCell) = expected[Guid.Parse(row[0])];
            Assert.Equal(noteCell, row[4]);
            Assert.Equal(scoreCell, row[5]);
            Assert.Equal("1", row[2]);
        }
    }

    [Fact]
    public async Task ExcelCsv_StartsWithTheUtf8Bom_AndThePlainCsvDoesNot()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        using var respondent = app.Session();
        await RespondentPages.PostRawAsync(respondent, code, ("colour", "blue"), ("mood", "1"), ("city", "Zürich – 東京"), ("age", "18"));
        await CloseAndWaitForScoringAsync(app, owner, id);

        var plain = await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        var excelResponse = await owner.Client.GetAsync(new Uri($"/surveys/{id}/results?handler=Csv&excel=true", UriKind.Relative));
        Assert.Equal("text/csv", excelResponse.Content.Headers.ContentType?.MediaType);
        var excel = await excelResponse.Content.ReadAsByteArrayAsync();

        byte[] bom = [0xEF, 0xBB, 0xBF];
        Assert.Equal(bom, excel[..3]);
        Assert.Equal("response_id"u8.ToArray(), plain[.."response_id".Length]);
        Assert.Equal(plain, excel[3..]);
        var rows = CsvText.Parse(Encoding.UTF8.GetString(plain));
        Assert.Equal(["blue", "", "", "1", "Zürich – 東京", "18", "50", "Aspirational"], rows[1][3..11]); // blue 100, mood 1 → 0
    }

    private static async Task CloseAndWaitForScoringAsync(AppFactory app, HtmlSession owner, Guid id)
    {
        var closed = await SurveyPages.CloseAsync(owner, id);
        Assert.Equal("Closed", closed.Text("[data-testid=status]"));
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(30), "the scoring run");
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
    private static string S(double score) => Math.Round(score, 6).ToString("R", CultureInfo.InvariantCulture);
}
