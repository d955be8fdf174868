using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Api;

/// <summary>
/// POST /api/v1/surveys/{id}/responses/import on the standard survey: a dry run reports row-level
/// errors and stores nothing, a bad import is refused whole with the same errors, a good CSV or JSON
/// file is stored once (a repeat adds nothing), and the responses are marked as imported in the CSV.
/// </summary>
public sealed class ResponseImportApiTests
{
    private const string BadFile =
        "record_id,submitted_at_utc,colour,fruit_apple,fruit_pear,mood,city,age\r\n" +
        "a1,2025-01-10T09:30:00Z,red,1,0,4,Leeds,30\r\n" +
        "a2,2025-01-11T10:00:00Z,green,0,1,4,York,40\r\n";

    private const string GoodFile =
        "record_id,submitted_at_utc,colour,fruit_apple,fruit_pear,mood,city,age\r\n" +
        "a1,2025-01-10T09:30:00Z,red,1,0,4,Leeds,30\r\n" +
        "a2,2025-01-11T10:00:00Z,blue,0,1,4,York,40\r\n";

    private const string JsonFile = """
        [{"record_id": "j1", "submitted_at_utc": "2025-02-01T08:00:00Z", "colour": "blue", "fruit": ["apple", "pear"], "mood": 5, "age": 52}]
        """;

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task DryRun_ThenImport_IsAllOrNothing_Idempotent_AndMarked(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        using var client = ApiPages.Client(app, await ApiPages.CreateTokenAsync(owner, "import", ApiPages.AllScopes));
        var url = ApiPages.Url($"/api/v1/surveys/{id}/responses/import");
        var dryUrl = ApiPages.Url($"/api/v1/surveys/{id}/responses/import?dryRun=true");
        static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

        // A dry run of a bad file: 200 with the error at its row and column, nothing stored.
        using (var check = await client.PostAsync(dryUrl, Csv(BadFile)))
        {
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
            var report = await check.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(report.GetProperty("dryRun").GetBoolean());
            Assert.False(report.GetProperty("valid").GetBoolean());
            var error = report.GetProperty("errors").EnumerateArray().Single();
            Assert.Equal((3, "colour"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
            Assert.Contains("green", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // The import of the same file is refused whole: 400 problem details listing the errors.
        using (var refused = await client.PostAsync(url, Csv(BadFile)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(3, problem.GetProperty("errors").EnumerateArray().Single().GetProperty("row").GetInt32());
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));

        // A good file is stored; the same file again adds nothing.
        using (var imported = await client.PostAsync(url, Csv(GoodFile)))
        {
            var report = await imported.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(imported.StatusCode == HttpStatusCode.OK, report.ToString());
            Assert.Equal((2, 2, 0), (report.GetProperty("rowsRead").GetInt32(), report.GetProperty("imported").GetInt32(), report.GetProperty("alreadyImported").GetInt32()));
        }

        using (var again = await client.PostAsync(url, Csv(GoodFile)))
        {
            var report = await again.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((0, 2), (report.GetProperty("imported").GetInt32(), report.GetProperty("alreadyImported").GetInt32()));
        }

        // JSON works the same way, and an unknown media type is refused.
        using (var json = await client.PostAsync(url, new StringContent(JsonFile, Encoding.UTF8, "application/json")))
        {
            var report = await json.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(json.StatusCode == HttpStatusCode.OK, report.ToString());
            Assert.Equal(1, report.GetProperty("imported").GetInt32());
        }

        using (var xml = await client.PostAsync(url, new StringContent("<responses/>", Encoding.UTF8, "application/xml")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        }

        var stored = await app.WithDbAsync(db => db.Responses.AsNoTracking().Where(r => r.SurveyId == id).OrderBy(r => r.SubmittedAt).ToListAsync());
        Assert.Equal(["a1", "a2", "j1"], stored.Select(r => r.ExternalId));
        Assert.Equal(new DateTime(2025, 1, 10, 9, 30, 0, DateTimeKind.Utc), stored[0].SubmittedAt);

        // The export marks them as imported, with their original ids.
        var csv = CsvText.Parse(await client.GetStringAsync(ApiPages.Url($"/api/v1/surveys/{id}/responses.csv")));
        var source = Array.IndexOf(csv[0], "source");
        Assert.Equal(["import", "import", "import"], csv.Skip(1).Select(r => r[source]));
        Assert.Equal(["a1", "a2", "j1"], csv.Skip(1).Select(r => r[source + 1]));
    }
}
