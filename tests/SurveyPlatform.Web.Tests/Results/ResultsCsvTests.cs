using System.Globalization;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

public sealed class ResultsCsvTests
{
    [Fact]
    public async Task Csv_IsUtf8Rfc4180_NeutralisesFormulas_AndCarriesTheScore()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);

        string[] hostile = ["=SUM(A1:A2)", "+441234", "-2+3", "@cmd", "\tindent", "\rcarriage", "Zürich – 東京", "a, \"quoted\"\nnew line"];
        foreach (var city in hostile)
        {
            using var respondent = app.Session();
            var fields = Hidden(await respondent.GetAsync($"/s/{code}"));
            fields["a.colour"] = "red";
            fields["a.fruit"] = "pear";
            fields["a.mood"] = "1";
            fields["a.city"] = city;
            fields["a.age"] = "30";
            var done = await respondent.PostRawAsync($"/s/{code}", fields);
            Assert.EndsWith("/thanks", done.Url, StringComparison.Ordinal);
        }

        await SurveyPages.CloseAsync(owner, id);
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(30), "the scoring run");

        var response = await owner.Client.GetAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "The plain CSV must not start with a BOM.");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);

        var rows = CsvText.Parse(text);
        Assert.Equal(["response_id", "submitted_at_utc", "version", "colour", "fruit_apple", "fruit_pear", "mood", "city", "age", .. ResultsCsv.ScoreColumns, .. ResultsCsv.SourceColumns], rows[0]);
        Assert.Equal(hostile.Length + 1, rows.Count);
        var cities = rows.Skip(1).Select(r => r[7]).ToList();
        // Answers are trimmed when stored, so a leading tab or CR never reaches the export; CsvFormatTests
        // in the domain tests cover those two prefixes directly.
        Assert.Equal(["'=SUM(A1:A2)", "'+441234", "'-2+3", "'@cmd", "indent", "carriage", "Zürich – 東京", "a, \"quoted\"\nnew line"], cities);
        // Default model: red → 0 (of 1–3), pear → 5 of 0–7 = 71.43, mood 1 → 0 (of 1–5); the mean of the three, stored to 6 decimals.
        Assert.All(rows.Skip(1), r => Assert.Equal(Math.Round(500d / 7 / 3, 6).ToString("R", CultureInfo.InvariantCulture), r[9]));
        Assert.All(rows.Skip(1), r => Assert.Equal("1", r[2]));
        Assert.Contains("\"a, \"\"quoted\"\"\nnew line\"", text, StringComparison.Ordinal);

        var excel = await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{id}/results?handler=Csv&excel=true", UriKind.Relative));
        Assert.True(excel.AsSpan().StartsWith(Encoding.UTF8.Preamble), "The Excel CSV starts with the UTF-8 BOM.");
        Assert.Equal(bytes, excel[Encoding.UTF8.Preamble.Length..]);
    }

    [Fact]
    public async Task Csv_BeforeScoring_HasTheResponsesAndAnEmptyScore()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        using var respondent = app.Session();
        await SurveyPages.AnswerStandardAsync(respondent, code, "blue", [], 2, "=1+1", "30");
        var text = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        var rows = CsvText.Parse(text);
        Assert.Equal(2, rows.Count);
        Assert.Equal("blue", rows[1][3]);
        Assert.Equal(["", ""], rows[1][4..6]);
        Assert.Equal("'=1+1", rows[1][7]);
        Assert.Equal("30", rows[1][8]);
        Assert.Equal(string.Empty, rows[1][9]);
    }

    private static Dictionary<string, string> Hidden(Page page) =>
        page.Document.QuerySelectorAll($"{RespondentPages.SurveyForm} input[type=hidden]").Cast<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
}
