using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Domain.Importing.Responses;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Responses;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Responses;

/// <summary>
/// The response import page and service on the standard survey (colour required red/blue, fruit
/// apple/pear, mood rating required, city text, age number 18–120 required): a check reports every
/// error by row and column and stores nothing; an import stores all rows or none, keeps ids and
/// times, marks the responses, and adds nothing when the same file comes again.
/// </summary>
public sealed class ResponseImportTests
{
    private const string Password = "correct horse battery";

    private const string BadFile =
        "record_id,submitted_at_utc,colour,fruit_apple,fruit_pear,mood,city,age\r\n" +
        "a1,2025-01-10T09:30:00Z,red,1,0,4,Leeds,30\r\n" +
        "a2,2025-01-11T10:00:00Z,green,0,1,4,York,40\r\n" +
        "a3,not a time,blue,0,0,9,,17\r\n";

    private const string GoodFile =
        "record_id,submitted_at_utc,colour,fruit_apple,fruit_pear,mood,city,age\r\n" +
        "a1,2025-01-10T09:30:00Z,red,1,0,4,Leeds,30\r\n" +
        "a2,2025-01-11T10:00:00Z,blue,0,1,4,York,40\r\n" +
        "a3,2025-01-12T11:15:30Z,blue,,,2,,19\r\n";

    private static async Task<Page> PostAsync(HtmlSession session, Guid id, string handler, string content, string? idColumn = null, string fileName = "responses.csv", bool withToken = true)
    {
        var page = await session.GetAsync($"/surveys/{id}/responses/import");
        using var form = new MultipartFormDataContent();
        if (withToken)
        {
            var token = page.Document.QuerySelector("form[data-testid=upload] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        if (idColumn is not null)
        {
            form.Add(new StringContent(idColumn), "IdColumn");
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(fileName.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv");
        form.Add(file, "file", fileName);
        var response = await session.Client.PostAsync(new Uri($"/surveys/{id}/responses/import?handler={handler}", UriKind.Relative), form);
        return await Page.FromAsync(response);
    }

    private static List<(int Row, string Column, string Message)> Errors(Page page) =>
        [.. page.Document.QuerySelectorAll("[data-testid=error]").Select(tr => (
            int.Parse(tr.GetAttribute("data-row")!, CultureInfo.InvariantCulture),
            tr.GetAttribute("data-column")!,
            tr.QuerySelectorAll("td")[2].TextContent.Trim()))];

    private static Task<List<SurveyResponse>> ResponsesAsync(AppFactory app, Guid id) =>
        app.WithDbAsync(db => db.Responses.AsNoTracking().Include(r => r.Answers).Where(r => r.SurveyId == id).OrderBy(r => r.SubmittedAt).ToListAsync());

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Check_ReportsEveryErrorByRowAndColumn_AndStoresNothing(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var page = await PostAsync(owner, id, "Check", BadFile);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("3", page.Text("[data-testid=rows-read]"));
        Assert.Contains("The file has 4 errors. Nothing was imported", page.Text("[data-testid=report-outcome]"), StringComparison.Ordinal);
        Assert.Equal(
            [
                (3, "colour", "\"green\" is not an option code of colour; the codes are red, blue."),
                (4, "submitted_at_utc", "\"not a time\" is not an ISO 8601 time such as 2026-03-31T14:05:00Z."),
                (4, "mood", "\"9\": Choose a rating from 1 to 5."),
                (4, "age", "\"17\": Enter a number from 18 to 120."),
            ],
            Errors(page));
        Assert.Null(page.Document.QuerySelector("form[action*='handler=Import'] input[name=payload]"));
        Assert.Empty(await ResponsesAsync(app, id));

        // Importing the same file stores nothing either, and says why.
        var import = await PostAsync(owner, id, "Import", BadFile);
        Assert.Equal(4, Errors(import).Count);
        Assert.Empty(await ResponsesAsync(app, id));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Import_KeepsIdsAndTimes_MarksTheResponses_AndAddsNothingTheSecondTime(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var webId = await RespondentPages.PostRawAsync(respondent, code, ("colour", "red"), ("mood", "3"), ("age", "50"));

        // The check offers the import of the checked file; importing it stores the three rows.
        var check = await PostAsync(owner, id, "Check", GoodFile);
        Assert.Empty(Errors(check));
        Assert.Equal(("3", "0", "record_id"), (check.Text("[data-testid=new-count]"), check.Text("[data-testid=already-count]"), check.Text("[data-testid=id-column]")));
        Assert.Single(await ResponsesAsync(app, id));
        var done = await owner.SubmitAsync(check, "form[action*='handler=Import']");
        Assert.Equal($"/surveys/{id}/responses/import", new Uri(done.Url).AbsolutePath);
        Assert.Equal("3 responses imported.", done.Text("main .notice"));

        var stored = await ResponsesAsync(app, id);
        var imported = stored.Where(r => r.Source == SurveyResponse.ImportSource).ToList();
        Assert.Equal(["a1", "a2", "a3"], imported.Select(r => r.ExternalId));
        Assert.Equal(
            [new DateTime(2025, 1, 10, 9, 30, 0), new DateTime(2025, 1, 11, 10, 0, 0), new DateTime(2025, 1, 12, 11, 15, 30)],
            imported.Select(r => DateTime.SpecifyKind(r.SubmittedAt, DateTimeKind.Unspecified)));
        Assert.Equal(
            new Dictionary<string, string> { ["colour"] = "blue", ["fruit"] = "pear", ["mood"] = "4", ["city"] = "York", ["age"] = "40" },
            imported[1].Answers.ToDictionary(a => a.QuestionCode, a => a.Value));
        Assert.Equal(
            new Dictionary<string, string> { ["colour"] = "blue", ["mood"] = "2", ["age"] = "19" },
            imported[2].Answers.ToDictionary(a => a.QuestionCode, a => a.Value));
        Assert.All(imported, r => Assert.Equal(1, r.Version));
        var web = stored.Single(r => r.Id == webId);
        Assert.Equal((SurveyResponse.WebSource, (string?)null), (web.Source, web.ExternalId));

        // The same file again: nothing new, and the report says so.
        var again = await PostAsync(owner, id, "Import", GoodFile);
        Assert.Equal("0 responses imported. 3 rows were already imported and were skipped.", again.Text("main .notice"));
        var recheck = await PostAsync(owner, id, "Check", GoodFile);
        Assert.Equal(("0", "3"), (recheck.Text("[data-testid=new-count]"), recheck.Text("[data-testid=already-count]")));
        Assert.Equal(4, (await ResponsesAsync(app, id)).Count);

        // One more row with a new id in a file that also holds the old ones adds just that row.
        var more = await PostAsync(owner, id, "Import", GoodFile + "a4,,red,1,1,5,Hull,77\r\n");
        Assert.Equal("1 response imported. 3 rows were already imported and were skipped.", more.Text("main .notice"));
        Assert.Equal(5, (await ResponsesAsync(app, id)).Count);

        // Both layouts end with the source columns.
        var wide = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative)));
        Assert.Equal(ResultsCsv.SourceColumns, wide[0][^2..]);
        var sources = wide.Skip(1).ToDictionary(r => r[0], r => (r[^2], r[^1]));
        Assert.Equal(("web", ""), sources[webId.ToString()]);
        Assert.Equal(("import", "a2"), sources[imported[1].Id.ToString()]);
        Assert.Equal("2025-01-11T10:00:00Z", wide.Single(r => r[0] == imported[1].Id.ToString())[1]);
        Assert.Equal(4, sources.Values.Count(s => s.Item1 == "import"));
        var longRows = CsvText.Parse(await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv&format=long", UriKind.Relative)));
        Assert.Equal(ResultsCsv.LongColumns, longRows[0]);
        Assert.Equal(["source", "source_id"], longRows[0][^2..]);
        Assert.All(longRows.Skip(1).Where(r => r[0] == imported[0].Id.ToString()), r => Assert.Equal(["import", "a1"], r[^2..]));
        Assert.All(longRows.Skip(1).Where(r => r[0] == webId.ToString()), r => Assert.Equal(["web", ""], r[^2..]));
    }

    [Fact]
    public async Task Import_WithOneBadRow_StoresNone_ThroughTheService_AsTheApiCallsIt_InJson()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        const string json = """
            [ { "response_id": "q-1", "colour": "red", "fruit": ["apple", "pear"], "mood": 5, "age": 33 },
              { "response_id": "q-2", "colour": "blue", "mood": 1, "age": 200 } ]
            """;

        await using var scope = app.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<ResponseImport>();
        var survey = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Surveys.AsNoTracking().SingleAsync(s => s.Id == id);
        var bad = await import.ImportAsync(survey, new MemoryStream(Encoding.UTF8.GetBytes(json)), ResponseFileFormat.Json, null, CancellationToken.None);
        Assert.Equal((2, 0, 0), (bad.RowsRead, bad.Imported, bad.New));
        var error = Assert.Single(bad.Errors);
        Assert.Equal((2, "age"), (error.Row, error.Column));
        Assert.Empty(await ResponsesAsync(app, id));

        var good = await import.ImportAsync(survey, new MemoryStream(Encoding.UTF8.GetBytes(json.Replace("200", "20", StringComparison.Ordinal))), ResponseFileFormat.Json, "response_id", CancellationToken.None);
        Assert.True(good.IsValid);
        Assert.Equal((2, 2, 0), (good.RowsRead, good.Imported, good.AlreadyImported));
        Assert.False(good.RescoreQueued);
        var stored = await ResponsesAsync(app, id);
        Assert.Equal(["q-1", "q-2"], stored.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
        Assert.Equal("apple;pear", stored.Single(r => r.ExternalId == "q-1").Answers.Single(a => a.QuestionCode == "fruit").Value);
    }

    [Fact]
    public async Task ImportIntoAClosedSurvey_QueuesARescore_ThatCountsTheImportedResponses()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        await RespondentPages.PostRawAsync(respondent, code, ("colour", "red"), ("mood", "3"), ("age", "50"));
        await SurveyPages.CloseAsync(owner, id);
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(60), "the first scoring run");

        var done = await PostAsync(owner, id, "Import", GoodFile);
        Assert.Equal("3 responses imported. The survey is closed, so re-scoring is queued.", done.Text("main .notice"));
        var run = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Trigger == ResponseImport.ScoringTrigger && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(60), "the re-score after the import");
        Assert.Equal(4, run.N);
    }

    [Theory]
    [InlineData("researcher")]
    [InlineData("owner-with-researcher-share")]
    [InlineData("other-owner")]
    public async Task OnlyOwnersAndEditors_ReachTheImport(string who)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        const string email = "someone@example.org";
        string[] roles = who switch
        {
            "researcher" => [Roles.Researcher],
            "other-owner" => [Roles.SurveyOwner],
            _ => [Roles.SurveyOwner, Roles.Researcher], // A researcher share needs the researcher role; editing needs the owner role.
        };
        await app.CreateUserAsync(email, Password, roles);
        if (who != "other-owner")
        {
            var shared = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), SurveyPages.ShareForm, new Dictionary<string, string[]>
            {
                ["ShareEmail"] = [email],
                ["ShareRole"] = ["Researcher"],
            });
            Assert.Equal($"Results shared with {email}.", shared.Text(".notice"));
        }

        using var user = await app.SignedInAsync(email, Password);
        var page = await user.GetAsync($"/surveys/{id}/responses/import");
        if (who == "researcher")
        {
            Assert.Equal("/account/denied", new Uri(page.Url).AbsolutePath);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
        }

        // A post with a valid token of the user's own session finds nothing either.
        var token = (await user.GetAsync("/surveys")).Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? string.Empty;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(GoodFile)), "file", "responses.csv");
        var post = await user.Client.PostAsync(new Uri($"/surveys/{id}/responses/import?handler=Import", UriKind.Relative), form);
        if (who == "researcher")
        {
            Assert.Equal("/account/denied", post.RequestMessage!.RequestUri!.AbsolutePath);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.Empty(await ResponsesAsync(app, id));

        // An editor may import.
        if (who == "owner-with-researcher-share")
        {
            var editor = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), SurveyPages.ShareForm, new Dictionary<string, string[]>
            {
                ["ShareEmail"] = [email],
                ["ShareRole"] = ["Editor"],
            });
            Assert.Equal($"{email} can now edit this survey.", editor.Text(".notice"));
            var imported = await PostAsync(user, id, "Import", GoodFile);
            Assert.Equal("3 responses imported.", imported.Text("main .notice"));
        }
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryToken_IsRefused_AndStoresNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var page = await PostAsync(owner, id, "Import", GoodFile, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Empty(await ResponsesAsync(app, id));
    }

    [Fact]
    public async Task AFileOverTheSizeLimit_GetsAClearError_NextToTheFileField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?> { ["ResponseImport:MaxBytes"] = "200" });
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var page = await PostAsync(owner, id, "Check", GoodFile + GoodFile);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Error: The file is larger than 200 bytes. Split it into smaller files; importing them one after the other is safe.", page.Text("#file-error"));
        Assert.Empty(await ResponsesAsync(app, id));
    }

    [Fact]
    public async Task AChosenIdColumn_IsUsed_AndADraftSurveyIsRefusedWithAReason()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var file = GoodFile.Replace("record_id", "study_id", StringComparison.Ordinal);

        var check = await PostAsync(owner, id, "Check", file, idColumn: "study_id");
        Assert.Equal("study_id", check.Text("[data-testid=id-column]"));
        var missing = await PostAsync(owner, id, "Check", file, idColumn: "participant");
        Assert.Equal([(1, "participant", "The file has no column \"participant\" for the respondent id.")], Errors(missing));

        var draft = await SurveyPages.CreateAsync(owner, "Never published");
        var refused = await PostAsync(owner, draft, "Check", file);
        Assert.Equal([(0, string.Empty, "Publish the survey first: imported responses are checked against its published questions.")], Errors(refused));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ARedcapProject_DictionaryThenRecords_ImportsTheMatchingRecords_AndRefusesTheMismatchedExport(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var newPage = await owner.GetAsync("/surveys/new");
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent(newPage.Document.QuerySelector("form[action*='handler=Import'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken");
            form.Add(new ByteArrayContent(Sample("redcap", "simple.dictionary.csv")), "file", "simple.dictionary.csv");
            var created = await Page.FromAsync(await owner.Client.PostAsync(new Uri("/surveys/new?handler=Import", UriKind.Relative), form));
            var id = await SurveyPages.ConfirmImportAsync(owner, created);
            await SurveyPages.PublishAsync(owner, id);

            var export = await PostAsync(owner, id, "Check", Encoding.UTF8.GetString(Sample("redcap-records", "simple.data.csv")));
            Assert.Equal(9, Errors(export).Count);
            Assert.Equal((2, "sex", "\"FALSE\" is not an option code of sex; the codes are 0, 1."), Errors(export)[0]);

            var records = await PostAsync(owner, id, "Import", Encoding.UTF8.GetString(Sample("redcap-records", "simple.records.csv")));
            Assert.Equal("5 responses imported.", records.Text("main .notice"));
            var stored = await ResponsesAsync(app, id);
            Assert.Equal(["1", "2", "3", "4", "5"], stored.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
            var trudy = stored.Single(r => r.ExternalId == "4").Answers.ToDictionary(a => a.QuestionCode, a => a.Value);
            Assert.Equal(("2;5", "1952-11-02", "Trudy"), (trudy["race"], trudy["dob"], trudy["name_first"]));
            Assert.StartsWith("This record doesn't have a DAG assigned\n\nSo call up Trudy", trudy["comments"], StringComparison.Ordinal);
        }
    }

    private static byte[] Sample(string folder, string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", folder, name));
}
