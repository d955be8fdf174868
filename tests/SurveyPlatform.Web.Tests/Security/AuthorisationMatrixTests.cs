using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Api;
using SurveyPlatform.Web.Tests.Api;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Security;

/// <summary>
/// Every kind of caller against every survey-scoped page handler and API route (and the other rows
/// the matrix can reach without a secret), GET and POST with a valid antiforgery token for the caller,
/// on owner A's survey by URL and with A's ids swapped into owner B's forms. What each caller must
/// get is derived from <see cref="AccessRules"/>; every mismatch is collected and reported at once.
/// </summary>
public sealed class AuthorisationMatrixTests
{
    private const string Password = "a long matrix password";

    public enum Caller
    {
        Anonymous,
        Respondent,
        OwnerA,
        OwnerB,
        EditorOnA,
        ResearcherSharedOnA,
        ResearcherNotShared,
        Administrator,
    }

    /// <summary>What a response amounts to, for access: refused in one of three ways, served, or broken.</summary>
    public enum Outcome
    {
        SignInRequired,
        Forbidden,
        NotFound,
        Served,
        BadRequest,
        ServerError,
    }

    private static bool IsRefusal(Outcome o) => o is Outcome.SignInRequired or Outcome.Forbidden or Outcome.NotFound;

    /// <summary>Rows that need a secret the matrix does not hold, or that would end the caller's session; each is covered where named.</summary>
    private static readonly Dictionary<string, string> NotInMatrix = new(StringComparer.Ordinal)
    {
        ["POST /account/login"] = "the sign-in flow itself (AccountTests)",
        ["POST /setup"] = "first-run setup (AccountTests)",
        ["POST /account/invitation"] = "account invitations (UserRolesTests)",
        ["POST /account/logout"] = "would end the caller's session (AccountTests)",
        ["GET /i/{token}"] = "personal links (PersonalLinkTests)",
        ["GET /o/{token}"] = "opt-out links (OptOutEverywhereTests)",
        ["POST /o/{token}"] = "opt-out links (OptOutEverywhereTests)",
        ["GET /s/{code}/r/{secret}"] = "resume links (ResumeTests)",
        ["GET /r/{token}"] = "report links (RespondentReportTests)",
    };

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EveryCaller_GetsWhatTheRuleTableSays_OnEveryReachableHandler(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        var world = await ArrangeAsync(app);

        var mismatches = new List<string>();
        var rows = AccessRules.Endpoints.Concat(AccessRules.Middleware)
            .Where(r => !NotInMatrix.ContainsKey(r.Key))
            .OrderBy(r => Array.IndexOf(Last, r.Key))
            .ToList();
        var probes = 0;
        foreach (var (key, rule) in rows)
        {
            var (method, url, fields, body) = world.Request(key);
            var outcomes = new Dictionary<Caller, (Outcome Outcome, string Detail)>();

            // Callers the rule refuses go first, so a served post (a close, an unshare) cannot change what a refused one meets.
            foreach (var caller in Enum.GetValues<Caller>().OrderBy(c => Expected(rule, c, key) == true ? 1 : 0))
            {
                outcomes[caller] = await world.SendAsync(caller, key.StartsWith($"{method} /api/", StringComparison.Ordinal), method, url, fields, body);
                probes++;
            }

            foreach (var (caller, (outcome, detail)) in outcomes)
            {
                var expected = Expected(rule, caller, key);
                var wrong = outcome == Outcome.ServerError
                    || (expected == true && IsRefusal(outcome))
                    || (expected == true && outcome == Outcome.BadRequest && !url.StartsWith("/api/", StringComparison.Ordinal))
                    || (expected == false && !IsRefusal(outcome))
                    // A respondent's link or code decides, not who is signed in: a signed-in caller gets what an anonymous one gets.
                    || (expected is null && caller != Caller.Respondent && IsRefusal(outcome) != IsRefusal(outcomes[Caller.Anonymous].Outcome));
                if (wrong)
                {
                    var want = expected switch { true => "served", false => "refused", null => $"as anonymous ({outcomes[Caller.Anonymous].Outcome})" };
                    mismatches.Add($"{key} [{rule.Access}{(rule.Scope is null ? string.Empty : " " + rule.Scope)}] {method} {url} by {caller}: {outcome}, expected {want}. {detail}");
                }
            }
        }

        // Owner B on B's own survey with A's objects swapped in: nothing of A's is reached through B's survey.
        foreach (var (what, method, url, fields) in world.Swaps())
        {
            var (outcome, detail) = await world.SendAsync(Caller.OwnerB, url.StartsWith("/api/", StringComparison.Ordinal), method, url, fields, null);
            probes++;
            if (outcome != Outcome.NotFound)
            {
                mismatches.Add($"id swap, {what}: {method} {url} by OwnerB: {outcome}, expected NotFound. {detail}");
            }
        }

        // And the same requests with B's own objects are served, so the refusals above are about the swap.
        foreach (var (what, method, url, fields) in world.Controls())
        {
            var (outcome, detail) = await world.SendAsync(Caller.OwnerB, url.StartsWith("/api/", StringComparison.Ordinal), method, url, fields, null);
            probes++;
            if (outcome != Outcome.Served)
            {
                mismatches.Add($"control, {what}: {method} {url} by OwnerB: {outcome}, expected Served. {detail}");
            }
        }

        Assert.True(probes > 800, $"Only {probes} requests were made.");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {probes} requests got the wrong access:\n" + string.Join("\n", mismatches));

        // The refused posts left A's survey as the served ones made it: still shared with its editor, and A's participant unmoved by B.
        var shares = await app.WithDbAsync(db => db.SurveyShares.CountAsync(s => s.SurveyId == world.SurveyA));
        Assert.Equal(1, shares); // the editor; the researcher was unshared by the owner's own Unshare row
        Assert.True(await app.WithDbAsync(db => db.AccessTokens.AnyAsync(t => t.Id == world.TokenAId && t.RevokedAt == null)), "Owner B revoked owner A's token.");
    }

    /// <summary>True: served; false: refused; null: as an anonymous caller (a respondent's code or token decides).</summary>
    public static bool? Expected(AccessRule rule, Caller caller, string key)
    {
        var signedIn = caller is not (Caller.Anonymous or Caller.Respondent);
        var api = key.Contains(" /api/", StringComparison.Ordinal);
        var ownerRole = caller is Caller.OwnerA or Caller.OwnerB or Caller.EditorOnA;
        if (api && rule.Scope == AccessRules.Manage && !ownerRole)
        {
            return false; // only survey owners' tokens may carry surveys:manage
        }

        return rule.Access switch
        {
            Access.Anonymous => true,
            Access.RespondentToken => caller == Caller.Anonymous ? true : null,
            Access.Authenticated => signedIn,
            Access.SurveyOwnerRole => ownerRole,
            Access.OwnerOfSurvey => caller == Caller.OwnerA,
            Access.OwnerOrEditor => caller is Caller.OwnerA or Caller.EditorOnA,
            Access.SharedResearcher => caller is Caller.OwnerA or Caller.EditorOnA or Caller.ResearcherSharedOnA,
            // The arrangement allows editors the full level and researchers the de-identified one.
            Access.SharedAtFullLevel => caller is Caller.OwnerA or Caller.EditorOnA,
            Access.Administrator => caller == Caller.Administrator,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Access, null),
        };
    }

    /// <summary>Rows whose served post changes what later rows meet, in the order they must run: after everything else.</summary>
    private static readonly string[] Last =
    [
        "POST /account/profile?handler=Revoke",
        "POST /surveys/{id:guid}/participants?handler=Remove",
        "POST /surveys/{id:guid}?handler=Unshare",
        "POST /surveys?handler=Archive",
        "POST /surveys?handler=Delete",
    ];

    private static async Task<World> ArrangeAsync(AppFactory app)
    {
        await app.CreateUserAsync("a@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("b@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("editor@example.org", Password, Roles.SurveyOwner);
        var researcherId = await app.CreateUserAsync("shared@example.org", Password, Roles.Researcher);
        var notSharedId = await app.CreateUserAsync("unshared@example.org", Password, Roles.Researcher);
        await app.CreateUserAsync("administrator@example.org", Password, Roles.Administrator);

        // A's survey: published, answered, shared with an editor and a researcher, with a participant; then closed and scored.
        using var ownerA = await app.SignedInAsync("a@example.org", Password);
        var (surveyA, code) = await SurveyPages.CreateStandardAsync(ownerA, "A's survey");
        foreach (var colour in new[] { "red", "blue" })
        {
            using var respondent = app.Session();
            await SurveyPages.AnswerStandardAsync(respondent, code, colour, ["pear"], 4, "Leeds", "40");
        }

        foreach (var (email, role) in new[] { ("editor@example.org", "Editor"), ("shared@example.org", "Researcher") })
        {
            var shared = await ownerA.SubmitAsync(await ownerA.GetAsync($"/surveys/{surveyA}"), SurveyPages.ShareForm,
                new Dictionary<string, string[]> { ["ShareEmail"] = [email], ["ShareRole"] = [role] });
            Assert.Equal(HttpStatusCode.OK, shared.Status);
        }

        var levels = await ownerA.SubmitAsync(await ownerA.GetAsync($"/surveys/{surveyA}/downloads-log"), "form[action*='handler=Levels']",
            new Dictionary<string, string[]> { ["Levels.Researcher"] = ["DeIdentified"], ["Levels.Editor"] = ["Full"] });
        Assert.Contains("Researchers may now download de-identified data", levels.Text(".notice"), StringComparison.Ordinal);
        var participantA = await AddParticipantAsync(app, ownerA, surveyA, "p.a@example.org");
        await SurveyPages.ChooseDefaultModelAsync(ownerA, surveyA);
        await SurveyPages.CloseAsync(ownerA, surveyA);
        var runA = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.FirstOrDefaultAsync(r => r.SurveyId == surveyA && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(90), "A's scoring run");
        var tokenA = await ApiPages.CreateTokenAsync(ownerA, "a", ApiPages.AllScopes);
        var tokenAId = await app.WithDbAsync(db => db.AccessTokens.Where(t => t.Name == "a").Select(t => t.Id).SingleAsync());

        // B's own survey, for the id swaps and their controls.
        using var ownerB = await app.SignedInAsync("b@example.org", Password);
        var (surveyB, _) = await SurveyPages.CreateStandardAsync(ownerB, "B's survey");
        var participantB = await AddParticipantAsync(app, ownerB, surveyB, "p.b@example.org");

        var world = new World(app, surveyA, code, participantA, runA.Id, tokenAId, surveyB, participantB, researcherId, notSharedId);
        await world.SignInAsync(Caller.OwnerA, "a@example.org", tokenA);
        await world.SignInAsync(Caller.OwnerB, "b@example.org", await ApiPages.CreateTokenAsync(ownerB, "b", ApiPages.AllScopes));
        foreach (var (caller, email, scopes) in new[]
        {
            (Caller.EditorOnA, "editor@example.org", ApiPages.AllScopes),
            (Caller.ResearcherSharedOnA, "shared@example.org", new[] { AccessRules.Read }),
            (Caller.ResearcherNotShared, "unshared@example.org", new[] { AccessRules.Read }),
            (Caller.Administrator, "administrator@example.org", new[] { AccessRules.Read }),
        })
        {
            using var session = await app.SignedInAsync(email, Password);
            await world.SignInAsync(caller, email, await ApiPages.CreateTokenAsync(session, caller.ToString(), scopes));
        }

        await world.AnonymousAsync(Caller.Anonymous, null);
        // The respondent holds a personal link to A's survey and the cookie that opening it gives.
        var link = (await ownerA.SubmitAsync(await ownerA.GetAsync($"/surveys/{surveyA}/participants"),
            $"form[action*='handler=Link']:has(input[name=participantId][value='{participantA}'])")).Text("[data-testid=issued-link] code");
        Assert.Contains("/i/", link, StringComparison.Ordinal);
        await world.AnonymousAsync(Caller.Respondent, new Uri(link).PathAndQuery);
        return world;
    }

    private static async Task<Guid> AddParticipantAsync(AppFactory app, HtmlSession owner, Guid survey, string email)
    {
        var added = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{survey}/participants"), "form[action*='handler=Add']",
            new Dictionary<string, string[]> { ["Email"] = [email] });
        Assert.Contains("/i/", added.Text("[data-testid=issued-link] code"), StringComparison.Ordinal);
        return await app.WithDbAsync(db => db.Participants.Where(p => p.SurveyId == survey && p.Email == email).Select(p => p.Id).SingleAsync());
    }

    private sealed class World(
        AppFactory app, Guid surveyA, string code, Guid participantA, Guid runA, Guid tokenAId,
        Guid surveyB, Guid participantB, string researcherId, string notSharedId)
    {
        public const string OwnSpareToken = "{own-spare-token}";
        private readonly Dictionary<Caller, (HttpClient Browser, HttpClient Api, string Antiforgery, Guid SpareToken)> _callers = [];

        public Guid SurveyA => surveyA;
        public Guid TokenAId => tokenAId;

        /// <summary>A browser that does not follow redirects (so a redirect to sign-in is seen as such), and an API client with the caller's token.</summary>
        public async Task SignInAsync(Caller caller, string email, string token)
        {
            var browser = Browser();
            var login = await Page.FromAsync(await browser.GetAsync(new Uri("/account/login", UriKind.Relative)));
            var form = login.Document.QuerySelector<IHtmlFormElement>("main form")!;
            var signedIn = await browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = Password,
                ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            }));
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect && !signedIn.Headers.Location!.ToString().Contains("/account/login", StringComparison.Ordinal), $"{email} could not sign in.");
            var profile = await Page.FromAsync(await browser.GetAsync(new Uri("/account/profile", UriKind.Relative)));
            var spare = await app.WithDbAsync(async db =>
            {
                var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
                var (created, _) = PersonalAccessToken.Create(userId, "spare", [AccessRules.Read], 30, DateTime.UtcNow);
                db.AccessTokens.Add(created);
                await db.SaveChangesAsync();
                return created.Id;
            });
            _callers[caller] = (browser, ApiPages.Client(app, token), Antiforgery(profile), spare);
        }

        public async Task AnonymousAsync(Caller caller, string? personalLink)
        {
            var browser = Browser();
            if (personalLink is not null)
            {
                var opened = await browser.GetAsync(new Uri(personalLink, UriKind.Relative));
                Assert.True((int)opened.StatusCode < 400, $"The personal link gave {opened.StatusCode}.");
            }

            var login = await Page.FromAsync(await browser.GetAsync(new Uri("/account/login", UriKind.Relative)));
            _callers[caller] = (browser, ApiPages.Client(app), Antiforgery(login), Guid.Empty);
        }

        /// <summary>The request a row makes: its route filled with A's survey and objects, and the fields its handler reads.</summary>
        public (string Method, string Url, Dictionary<string, string> Fields, string? Body) Request(string key)
        {
            var space = key.IndexOf(' ', StringComparison.Ordinal);
            var method = key[..space] == "*" ? "GET" : key[..space];
            var target = key[(space + 1)..];
            var path = target.Split('?')[0];
            var query = target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : null;
            path = path
                .Replace("{id:guid}", surveyA.ToString(), StringComparison.Ordinal)
                .Replace("/results/answers/{code}", "/results/answers/city", StringComparison.Ordinal)
                .Replace("{code}", code, StringComparison.Ordinal)
                .Replace("{code:int}", "404", StringComparison.Ordinal)
                .Replace("{documentName}", "v1", StringComparison.Ordinal)
                .Replace("{package}", "spss", StringComparison.Ordinal)
                .Replace("{format:regex(^(csv|html)$)}", "csv", StringComparison.Ordinal)
                .Replace("/css/*", "/css/site.css", StringComparison.Ordinal)
                .Replace("/js/*", "/js/respond.js", StringComparison.Ordinal)
                .Replace("/_framework/*", "/_framework/blazor.web.js", StringComparison.Ordinal);
            var handler = query?.Replace("handler=", string.Empty, StringComparison.Ordinal);
            var extra = handler switch
            {
                "ChartSvg" or "ChartPng" => "&chart=funnel",
                "Table" => "&table=scores",
                "Package" => "&package=spss",
                "Csv" when path.EndsWith("/crosstab", StringComparison.Ordinal) => "&rows=mood&columns=colour",
                _ => string.Empty,
            };
            var url = path + (query is null ? string.Empty : "?" + query + extra);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (path == "/surveys")
            {
                fields["id"] = surveyA.ToString();
            }

            if (path.EndsWith("/participants", StringComparison.Ordinal))
            {
                fields["participantId"] = participantA.ToString();
            }

            if (path.EndsWith("/edit", StringComparison.Ordinal))
            {
                fields["code"] = "city";
                fields["page"] = "1";
            }

            switch (handler)
            {
                case "Unshare":
                    fields["userId"] = researcherId;
                    break;
                case "Levels":
                    fields["Levels.Researcher"] = "DeIdentified";
                    fields["Levels.Editor"] = "Full";
                    break;
                case "Access":
                    fields["userId"] = notSharedId;
                    fields["disable"] = "false"; // enabling an enabled account changes nothing
                    break;
                case "Roles":
                    fields["userId"] = notSharedId;
                    fields["roles"] = Roles.Researcher;
                    break;
                case "Revoke":
                    fields["tokenId"] = OwnSpareToken; // each caller revokes a spare token of their own
                    break;
                default:
                    break;
            }

            string? body = key switch
            {
                "PUT /api/v1/surveys/{id:guid}/definition" => "{}",
                "POST /api/v1/surveys/{id:guid}/responses/import" => "[]",
                _ => null,
            };
            return (method, url, fields, body);
        }

        /// <summary>B's own survey in the URL, one of A's objects in the query or form.</summary>
        public IEnumerable<(string What, string Method, string Url, Dictionary<string, string> Fields)> Swaps()
        {
            foreach (var handler in new[] { "Edit", "Link", "OptOut", "Remove" })
            {
                yield return ($"A's participant in B's {handler} form", "POST", $"/surveys/{surveyB}/participants?handler={handler}", new() { ["participantId"] = participantA.ToString() });
            }

            yield return ("A's participant in B's edit link", "GET", $"/surveys/{surveyB}/participants?edit={participantA}", []);
            yield return ("A's scoring run on B's results", "GET", $"/surveys/{surveyB}/results?run={runA}", []);
            yield return ("A's scoring run in B's results JSON", "GET", $"/surveys/{surveyB}/results?handler=Json&run={runA}", []);
            yield return ("A's scoring run in B's figures", "GET", $"/surveys/{surveyB}/results?handler=Summary&run={runA}", []);
            yield return ("A's scoring run in B's chart", "GET", $"/surveys/{surveyB}/results?handler=ChartSvg&chart=readiness-histogram&run={runA}", []);
            yield return ("A's scoring run through B's API", "GET", $"/api/v1/surveys/{surveyB}/results.json?run={runA}", []);
            yield return ("A's access token in B's revoke form", "POST", "/account/profile?handler=Revoke", new() { ["tokenId"] = tokenAId.ToString() });
        }

        public IEnumerable<(string What, string Method, string Url, Dictionary<string, string> Fields)> Controls()
        {
            yield return ("B's participant in B's Link form", "POST", $"/surveys/{surveyB}/participants?handler=Link", new() { ["participantId"] = participantB.ToString() });
            yield return ("B's participant in B's edit link", "GET", $"/surveys/{surveyB}/participants?edit={participantB}", []);
            yield return ("B's results", "GET", $"/surveys/{surveyB}/results", []);
            yield return ("B's survey through B's API", "GET", $"/api/v1/surveys/{surveyB}/scoring-runs", []);
        }

        public async Task<(Outcome, string)> SendAsync(Caller caller, bool api, string method, string url, Dictionary<string, string> fields, string? body)
        {
            var (browser, apiClient, antiforgery, spare) = _callers[caller];
            fields = fields.ToDictionary(f => f.Key, f => f.Value == OwnSpareToken ? spare.ToString() : f.Value, StringComparer.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            else if (method != "GET")
            {
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = antiforgery });
            }
            else if (fields.Count > 0)
            {
                request.RequestUri = new Uri(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")), UriKind.Relative);
            }

            if (api && caller is Caller.Anonymous or Caller.Respondent)
            {
                // Without a token; the respondent's cookies ride along, and must not count either.
                using var anonymous = await browser.SendAsync(request);
                return Classify(anonymous);
            }

            using var response = await (api ? apiClient : browser).SendAsync(request);
            return Classify(response);
        }

        private static (Outcome, string) Classify(HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.ToString() ?? string.Empty;
            var outcome = status switch
            {
                401 => Outcome.SignInRequired,
                403 => Outcome.Forbidden,
                404 => Outcome.NotFound,
                >= 500 => Outcome.ServerError,
                400 => Outcome.BadRequest,
                // The cookie scheme's challenge names where to come back to; the home page's own redirect to sign-in does not.
                302 when location.Contains("/account/login?ReturnUrl=", StringComparison.OrdinalIgnoreCase) => Outcome.SignInRequired,
                302 when location.Contains("/account/denied", StringComparison.OrdinalIgnoreCase) => Outcome.Forbidden,
                _ => Outcome.Served,
            };
            return (outcome, $"({status}{(location.Length > 0 ? " → " + location : string.Empty)})");
        }

        private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        private static string Antiforgery(Page page) =>
            page.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {page.Url}.");
    }
}
