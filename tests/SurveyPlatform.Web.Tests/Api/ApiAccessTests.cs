using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Api;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Api;

/// <summary>
/// Every /api/v1 endpoint against every kind of caller: no token, a malformed or unknown token, an
/// expired or revoked one, the wrong scope, another owner's token, a researcher's, a signed-in
/// browser's cookie, and the owner's. The same rules as the UI: another owner's survey is 404.
/// </summary>
public sealed class ApiAccessTests
{
    private const string Password = "another long password";

    private enum Scope
    {
        Any,
        Read,
        Manage,
    }

    private sealed record Endpoint(string Name, HttpMethod Method, Func<Guid, Guid, string> Path, Scope Scope, HttpStatusCode OwnerGets, HttpStatusCode ResearcherGets, Func<string>? Body = null);

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EveryEndpoint_AllowsOnlyTheRightCallers(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();

        // A scored (closed) survey shared with a researcher, and a draft that is not shared.
        var (scored, code) = await SurveyPages.CreateStandardAsync(owner, "A's scored survey");
        foreach (var colour in new[] { "red", "blue" })
        {
            using var respondent = app.Session();
            await SurveyPages.AnswerStandardAsync(respondent, code, colour, ["pear"], 4, "Leeds", "40");
        }

        await SurveyPages.CloseAsync(owner, scored);
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.FirstOrDefaultAsync(r => r.SurveyId == scored && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(60), "the scoring run");
        var draft = await SurveyPages.CreateAsync(owner, "A's draft");
        await SurveyPages.AddValidQuestionAsync(owner, draft, QuestionType.ShortText, "city", "Where do you live?");

        await app.CreateUserAsync("r@example.org", Password, Roles.Researcher);
        var shared = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{scored}"), SurveyPages.ShareForm,
            new Dictionary<string, string[]> { ["ShareEmail"] = ["r@example.org"], ["ShareRole"] = ["Researcher"] });
        Assert.Equal("Results shared with r@example.org.", shared.Text(".notice"));
        await app.CreateUserAsync("b@example.org", Password, Roles.SurveyOwner);

        var full = await ApiPages.CreateTokenAsync(owner, "full", ApiPages.AllScopes);
        var readOnly = await ApiPages.CreateTokenAsync(owner, "read", [ApiScopes.ResultsRead]);
        var manageOnly = await ApiPages.CreateTokenAsync(owner, "manage", [ApiScopes.SurveysManage]);
        var expired = await ApiPages.CreateTokenAsync(owner, "expired", ApiPages.AllScopes, days: 1);
        await app.WithDbAsync(db => db.AccessTokens.Where(t => t.Name == "expired")
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        var revoked = await ApiPages.CreateTokenAsync(owner, "revoked", ApiPages.AllScopes);
        var revokedId = await app.WithDbAsync(db => db.AccessTokens.Where(t => t.Name == "revoked").Select(t => t.Id).SingleAsync());
        var profile = await owner.GetAsync("/account/profile");
        var revokedPage = await owner.SubmitAsync(profile, $"form:has(input[name=tokenId][value='{revokedId}'])");
        Assert.Contains("was revoked", revokedPage.Text(".notice"), StringComparison.Ordinal);
        using var ownerB = await app.SignedInAsync("b@example.org", Password);
        var other = await ApiPages.CreateTokenAsync(ownerB, "b", ApiPages.AllScopes);
        using var researcherSession = await app.SignedInAsync("r@example.org", Password);
        var researcher = await ApiPages.CreateTokenAsync(researcherSession, "r", [ApiScopes.ResultsRead]);

        using var ownerClient = ApiPages.Client(app, full);
        var document = await ownerClient.GetStringAsync(ApiPages.Url($"/api/v1/surveys/{draft}/definition"));
        var draftBefore = await app.WithDbAsync(db => db.Surveys.AsNoTracking().Where(s => s.Id == draft).Select(s => s.DraftDefinitionJson).SingleAsync());

        Endpoint[] endpoints =
        [
            new("list surveys", HttpMethod.Get, (_, _) => "/api/v1/surveys", Scope.Any, HttpStatusCode.OK, HttpStatusCode.OK),
            new("get definition", HttpMethod.Get, (_, d) => $"/api/v1/surveys/{d}/definition", Scope.Manage, HttpStatusCode.OK, HttpStatusCode.Forbidden),
            new("put definition", HttpMethod.Put, (_, d) => $"/api/v1/surveys/{d}/definition", Scope.Manage, HttpStatusCode.OK, HttpStatusCode.Forbidden, () => document),
            new("close", HttpMethod.Post, (s, _) => $"/api/v1/surveys/{s}/close", Scope.Manage, HttpStatusCode.Accepted, HttpStatusCode.Forbidden),
            new("scoring runs", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/scoring-runs", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("responses csv", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/responses.csv?layout=long&values=labels", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("results json", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/results.json", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("figures csv", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/figures.csv", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("workbook", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/responses.xlsx", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("scores csv", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/scores.csv?level=deidentified", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("jtbd csv", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/jtbd.csv", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("responses json", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/responses.json", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("codebook csv", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/codebook.csv", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("codebook html", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/codebook.html", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("spss zip", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/packages/spss.zip", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("r zip", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/packages/r.zip", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("stata zip", HttpMethod.Get, (s, _) => $"/api/v1/surveys/{s}/packages/stata.zip", Scope.Read, HttpStatusCode.OK, HttpStatusCode.OK),
            new("import dry run", HttpMethod.Post, (s, _) => $"/api/v1/surveys/{s}/responses/import?dryRun=true", Scope.Manage, HttpStatusCode.OK, HttpStatusCode.Forbidden, () => "[{\"colour\": \"red\"}]"),
        ];

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var callers = new (string Caller, HttpClient Client, HttpStatusCode Expected)[]
            {
                ("no token", ApiPages.Client(app), HttpStatusCode.Unauthorized),
                ("malformed token", ApiPages.Client(app, "not-a-token"), HttpStatusCode.Unauthorized),
                ("unknown token", ApiPages.Client(app, PersonalAccessToken.SecretPrefix + new string('x', 43)), HttpStatusCode.Unauthorized),
                ("expired token", ApiPages.Client(app, expired), HttpStatusCode.Unauthorized),
                ("revoked token", ApiPages.Client(app, revoked), HttpStatusCode.Unauthorized),
                ("the owner's sign-in cookie", owner.Client, HttpStatusCode.Unauthorized),
                ("wrong scope", ApiPages.Client(app, endpoint.Scope == Scope.Read ? manageOnly : readOnly),
                    endpoint.Scope == Scope.Any ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
                ("another owner's token", ApiPages.Client(app, other), endpoint.Scope == Scope.Any ? HttpStatusCode.OK : HttpStatusCode.NotFound),
                ("a researcher's token", ApiPages.Client(app, researcher), endpoint.ResearcherGets),
                ("the owner's token", ApiPages.Client(app, full), endpoint.OwnerGets),
            };
            foreach (var (caller, client, expected) in callers)
            {
                using var request = new HttpRequestMessage(endpoint.Method, ApiPages.Url(endpoint.Path(scored, draft)));
                if (endpoint.Body is { } body)
                {
                    request.Content = new StringContent(body(), Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != expected)
                {
                    failures.Add($"{endpoint.Name} by {caller}: {(int)response.StatusCode}, expected {(int)expected}. {text[..Math.Min(200, text.Length)]}");
                }
                else if ((int)expected >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{endpoint.Name} by {caller}: {(int)expected} without problem details ({response.Content.Headers.ContentType}).");
                }
                else if (expected == HttpStatusCode.Unauthorized && !response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal))
                {
                    failures.Add($"{endpoint.Name} by {caller}: 401 without a Bearer challenge.");
                }
                else if (endpoint.Scope == Scope.Any && expected == HttpStatusCode.OK)
                {
                    // The list holds exactly what the caller may read.
                    var mayRead = caller switch { "another owner's token" => Array.Empty<string>(), "a researcher's token" => ["A's scored survey"], _ => ["A's scored survey", "A's draft"] };
                    foreach (var title in new[] { "A's scored survey", "A's draft" })
                    {
                        if (text.Contains(title, StringComparison.Ordinal) != mayRead.Contains(title))
                        {
                            failures.Add($"list surveys by {caller}: \"{title}\" {(mayRead.Contains(title) ? "missing" : "listed")}.");
                        }
                    }
                }

                if (client != owner.Client)
                {
                    client.Dispose();
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The refused calls changed nothing: the draft is as it was, and the closed survey has its one run.
        Assert.Equal(draftBefore, await app.WithDbAsync(db => db.Surveys.AsNoTracking().Where(s => s.Id == draft).Select(s => s.DraftDefinitionJson).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.ScoringRuns.CountAsync(r => r.SurveyId == scored)));

        // Held to de-identified downloads, the researcher's token is refused the full level and every
        // full-data file, with the reason, and gets record numbers by default.
        await owner.SubmitAsync(await owner.GetAsync($"/surveys/{scored}/downloads-log"), "form[data-testid=export-levels]", new Dictionary<string, string[]> { ["Levels.Researcher"] = ["DeIdentified"] });
        using (var limited = ApiPages.Client(app, researcher))
        {
            foreach (var path in new[] { "responses.csv?level=full", "responses.xlsx?level=full", "responses.json", "packages/spss.zip" })
            {
                using var refusedDownload = await limited.GetAsync(ApiPages.Url($"/api/v1/surveys/{scored}/{path}"));
                Assert.True(refusedDownload.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)refusedDownload.StatusCode}");
                Assert.Equal("application/problem+json", refusedDownload.Content.Headers.ContentType?.MediaType);
                Assert.Contains("de-identified downloads only", await refusedDownload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            var deIdentified = await limited.GetStringAsync(ApiPages.Url($"/api/v1/surveys/{scored}/responses.csv"));
            Assert.StartsWith("record,days_from_first_submission,version,", deIdentified, StringComparison.Ordinal);
        }

        // Every download the API sent is in the survey's download log.
        var logged = await app.WithDbAsync(db => db.DownloadAudits.Where(a => a.SurveyId == scored).Select(a => a.Format).Distinct().ToListAsync());
        Assert.Superset(new HashSet<string> { "responses-long-csv", "results-json", "summary-csv", "xlsx", "scores-csv", "jtbd-csv", "responses-json", "codebook-csv", "codebook-html", "spss-zip", "r-zip", "stata-zip", "responses-csv" }, logged.ToHashSet());

        // A researcher's token reaches only what was shared with them.
        using var researcherClient = ApiPages.Client(app, researcher);
        using var unshared = await researcherClient.GetAsync(ApiPages.Url($"/api/v1/surveys/{draft}/scoring-runs"));
        Assert.Equal(HttpStatusCode.NotFound, unshared.StatusCode);
    }
}
