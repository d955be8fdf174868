using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Api;

/// <summary>What the endpoints do for an allowed caller: definitions in and out, closing, runs and downloads.</summary>
public sealed class SurveyEndpointTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Definition_RoundTrips_AndBadInputIsRefusedWithProblemDetails(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(owner, "Draft via API");
        await SurveyPages.AddValidQuestionAsync(owner, id, QuestionType.SingleChoice, "colour", "Favourite colour?", options: "red | Red | 1\nblue | Blue | 3");
        using var client = ApiPages.Client(app, await ApiPages.CreateTokenAsync(owner, "manage", ApiPages.AllScopes));
        var url = ApiPages.Url($"/api/v1/surveys/{id}/definition");

        // GET gives the same document as the editor's JSON download.
        var fromApi = await client.GetStringAsync(url);
        var fromEditor = await owner.Client.GetStringAsync(ApiPages.Url($"/surveys/{id}/edit?handler=Json"));
        Assert.Equal(fromEditor, fromApi);

        // PUT a changed document: a new title and a second question.
        var document = JsonNode.Parse(fromApi)!.AsObject();
        document["title"] = "Renamed by a script";
        var questions = document["definition"]!["pages"]![0]!["questions"]!.AsArray();
        questions.Add(new JsonObject { ["code"] = "age", ["text"] = "How old are you?", ["type"] = "Number", ["min"] = 18, ["max"] = 120 });
        using (var saved = await client.PutAsync(url, Json(document.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2, body.GetProperty("questions").GetInt32());
        }

        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal("Renamed by a script", survey.Title);
        Assert.Equal(["colour", "age"], survey.Draft.Questions.Select(q => q.Code));
        Assert.Equal(120m, survey.Draft.Find("age")!.Max);

        // Bad input: each a 400 with problem details saying why, and nothing saved.
        var duplicate = JsonNode.Parse(document.ToJsonString())!;
        duplicate["definition"]!["pages"]![0]!["questions"]!.AsArray().Add(new JsonObject { ["code"] = "colour", ["text"] = "Again?", ["type"] = "ShortText" });
        var badCondition = JsonNode.Parse(document.ToJsonString())!;
        badCondition["definition"]!["pages"]![0]!["questions"]![0]!["condition"] = "nowhere = 'x'";
        var cases = new (string Name, HttpContent Content, string Expected)[]
        {
            ("not JSON", Json("{ not json"), "the JSON is not valid"),
            ("wrong format", Json("{\"format\":\"other/1\",\"title\":\"x\",\"definition\":{}}"), "\"format\" must be"),
            ("not JSON content", new StringContent(fromApi, Encoding.UTF8, "text/plain"), "application/json"),
            ("duplicate code", Json(duplicate.ToJsonString()), "The code \"colour\" is already used"),
            ("unknown code in a condition", Json(badCondition.ToJsonString()), "question colour: Condition"),
            ("a SurveyJS survey", Json("{\"pages\":[{\"elements\":[{\"type\":\"text\",\"name\":\"a\"}]}]}"), "This is a SurveyJS survey (JSON); the API takes a surveyplatform.survey/1 document"),
        };
        foreach (var (name, content, expected) in cases)
        {
            using var refused = await client.PutAsync(url, content);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            var said = string.Join("\n", [problem.GetProperty("detail").GetString(), .. problem.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().Select(e => e.GetString()) : []]);
            Assert.True(said.Contains(expected, StringComparison.Ordinal), $"{name}: {said}");
        }

        Assert.Equal(survey.DraftDefinitionJson, await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.DraftDefinitionJson).SingleAsync()));
    }

    [Fact]
    public async Task Put_OnAnOpenSurvey_StartsTheNextVersion_ButMayNotDropAnsweredQuestions_AndClosedIsAConflict()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using (var respondent = app.Session())
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, "red", ["apple"], 3, "York", "33");
        }

        using var client = ApiPages.Client(app, await ApiPages.CreateTokenAsync(owner, "manage", ApiPages.AllScopes));
        var url = ApiPages.Url($"/api/v1/surveys/{id}/definition");
        var document = JsonNode.Parse(await client.GetStringAsync(url))!;

        // Dropping an answered question is refused, and the survey is not left revising.
        var dropped = JsonNode.Parse(document.ToJsonString())!;
        dropped["definition"]!["pages"]![0]!["questions"]!.AsArray().RemoveAt(0);
        using (var refused = await client.PutAsync(url, Json(dropped.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Question colour has answers", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False(await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.IsRevising).SingleAsync()));

        // A compatible change becomes the draft of version 2; version 1 keeps collecting.
        document["definition"]!["pages"]![0]!["questions"]![0]!["text"] = "Your favourite colour?";
        using (var saved = await client.PutAsync(url, Json(document.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().Include(s => s.Versions).SingleAsync(s => s.Id == id));
        Assert.Equal((SurveyStatus.Open, true, 1), (survey.Status, survey.IsRevising, survey.PublishedVersion));
        Assert.Equal("Your favourite colour?", survey.Draft.Find("colour")!.Text);
        Assert.Equal("Favourite colour?", survey.Versions.Single().Definition.Find("colour")!.Text);

        await SurveyPages.CloseAsync(owner, id);
        using var closed = await client.PutAsync(url, Json(document.ToJsonString()));
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Equal("application/problem+json", closed.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Close_QueuesScoring_AndTheDownloadsEqualTheResultsPages(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        foreach (var (colour, fruit, mood) in new[] { ("red", new[] { "apple" }, 2), ("blue", new[] { "apple", "pear" }, 5), ("blue", Array.Empty<string>(), 4) })
        {
            using var respondent = app.Session();
            await SurveyPages.AnswerStandardAsync(respondent, code, colour, fruit, mood, "=HYPERLINK(\"x\")", "50");
        }

        using var client = ApiPages.Client(app, await ApiPages.CreateTokenAsync(owner, "all", ApiPages.AllScopes));
        var draftId = await SurveyPages.CreateAsync(owner, "Never published");
        using (var draftClose = await client.PostAsync(ApiPages.Url($"/api/v1/surveys/{draftId}/close"), null))
        {
            Assert.Equal(HttpStatusCode.Conflict, draftClose.StatusCode);
        }

        using (var noRunYet = await client.GetAsync(ApiPages.Url($"/api/v1/surveys/{id}/results.json")))
        {
            Assert.Equal(HttpStatusCode.NotFound, noRunYet.StatusCode);
            Assert.Contains("no successful scoring run yet", await noRunYet.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var closed = await client.PostAsync(ApiPages.Url($"/api/v1/surveys/{id}/close"), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
            Assert.Equal($"/api/v1/surveys/{id}/scoring-runs", closed.Headers.Location?.ToString());
            var body = await closed.Content.ReadFromJsonAsync<JsonElement>();
            var queued = await app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().SingleAsync(r => r.SurveyId == id));
            Assert.Equal(queued.Id, body.GetProperty("scoringRun").GetGuid());
            Assert.Equal("Closed", body.GetProperty("status").GetString());
        }

        Assert.Equal(SurveyStatus.Closed, await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.Status).SingleAsync()));
        var run = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(60), "the scoring run");

        var runs = await client.GetFromJsonAsync<JsonElement>(ApiPages.Url($"/api/v1/surveys/{id}/scoring-runs"));
        var listed = runs.EnumerateArray().Single();
        Assert.Equal(run.Id, listed.GetProperty("id").GetGuid());
        Assert.Equal("Succeeded", listed.GetProperty("status").GetString());
        Assert.True(listed.GetProperty("current").GetBoolean());
        Assert.Equal(3, listed.GetProperty("n").GetInt32());

        // Each download is byte for byte what the Results page serves.
        var pairs = new (string Api, string Page)[]
        {
            ($"/api/v1/surveys/{id}/responses.csv", $"/surveys/{id}/results?handler=Csv"),
            ($"/api/v1/surveys/{id}/responses.csv?layout=long", $"/surveys/{id}/results?handler=Csv&format=long"),
            ($"/api/v1/surveys/{id}/responses.csv?values=labels&bom=true", $"/surveys/{id}/results?handler=Csv&values=labels&excel=true"),
            ($"/api/v1/surveys/{id}/results.json", $"/surveys/{id}/results?handler=Json"),
            ($"/api/v1/surveys/{id}/results.json?run={run.Id}", $"/surveys/{id}/results?handler=Json&run={run.Id}"),
            ($"/api/v1/surveys/{id}/figures.csv", $"/surveys/{id}/results?handler=Summary"),
            ($"/api/v1/surveys/{id}/responses.csv?level=deidentified", $"/surveys/{id}/results?handler=Csv&level=deidentified"),
            ($"/api/v1/surveys/{id}/scores.csv", $"/surveys/{id}/results?handler=Scores"),
            ($"/api/v1/surveys/{id}/jtbd.csv?bom=true", $"/surveys/{id}/results?handler=Jtbd&excel=true"),
            ($"/api/v1/surveys/{id}/responses.json", $"/surveys/{id}/results/downloads?handler=ResponsesJson"),
            ($"/api/v1/surveys/{id}/codebook.csv", $"/surveys/{id}/results/downloads?handler=Codebook&format=csv"),
            ($"/api/v1/surveys/{id}/codebook.html", $"/surveys/{id}/results/downloads?handler=Codebook"),
        };
        foreach (var (api, page) in pairs)
        {
            using var fromApi = await client.GetAsync(ApiPages.Url(api));
            Assert.True(fromApi.StatusCode == HttpStatusCode.OK, $"{api}: {(int)fromApi.StatusCode} {await fromApi.Content.ReadAsStringAsync()}");
            var expected = await owner.Client.GetByteArrayAsync(ApiPages.Url(page));
            Assert.True(expected.Length > 100, $"{page} is nearly empty.");
            Assert.Equal(expected, await fromApi.Content.ReadAsByteArrayAsync());
        }

        foreach (var bad in new[] { "?layout=diagonal", "?values=colours", "?level=everything" })
        {
            using var refused = await client.GetAsync(ApiPages.Url($"/api/v1/surveys/{id}/responses.csv{bad}"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var unknownRun = await client.GetAsync(ApiPages.Url($"/api/v1/surveys/{id}/figures.csv?run={Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
    }

    [Fact]
    public async Task RateLimit_IsPerToken_AndAnswers429WithProblemDetails()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "3" });
        using var owner = await app.SignedInAsync();
        using var first = ApiPages.Client(app, await ApiPages.CreateTokenAsync(owner, "first", ApiPages.AllScopes));
        using var second = ApiPages.Client(app, await ApiPages.CreateTokenAsync(owner, "second", ApiPages.AllScopes));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await first.GetAsync(ApiPages.Url("/api/v1/surveys"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        using var other = await second.GetAsync(ApiPages.Url("/api/v1/surveys"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
