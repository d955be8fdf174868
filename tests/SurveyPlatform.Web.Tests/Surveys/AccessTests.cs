using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

/// <summary>
/// Who may reach a survey: an owner only their own (by URL and by a form post carrying their own
/// valid antiforgery token), a researcher only what was shared with them, nobody anonymous.
/// </summary>
public sealed class AccessTests
{
    private const string Password = "another long password";
    private const string OwnerB = "b@example.org";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AnotherOwner_GetsNotFound_ForEveryUrlOfASurveyTheyDoNotOwn(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var ownerA = await app.SignedInAsync();
        var (idA, _) = await SurveyPages.CreateStandardAsync(ownerA, "Alpha private survey");
        await app.CreateUserAsync(OwnerB, Password, Roles.SurveyOwner);
        using var ownerB = await app.SignedInAsync(OwnerB, Password);

        string[] urls = [$"/surveys/{idA}", $"/surveys/{idA}/edit", $"/surveys/{idA}/results", $"/surveys/{idA}/results?handler=Csv", $"/surveys/{idA}/results?handler=Csv&excel=true"];

        // The same URLs work for the owner, so the 404s below are about who asks, not about the URLs.
        foreach (var url in urls)
        {
            var own = await ownerA.GetAsync(url);
            Assert.True(own.Status == HttpStatusCode.OK, $"{url} gave {own.Status} to its owner.");
        }

        foreach (var url in urls)
        {
            var page = await ownerB.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{url} gave {page.Status} to another owner.");
            Assert.Equal("Page not found", page.Text("h1"));
            Assert.DoesNotContain("Alpha private survey", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("response_id", page.Html, StringComparison.Ordinal);
        }

        var list = await ownerB.GetAsync("/surveys");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.DoesNotContain("Alpha private survey", list.Html, StringComparison.Ordinal);
        Assert.Empty(list.Document.QuerySelectorAll($"a[href*='{idA}']"));
    }

    [Fact]
    public async Task AnotherOwner_PostingTheirOwnValidToken_CannotCloseAddToOrPublishASurveyTheyDoNotOwn()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var ownerA = await app.SignedInAsync();
        var (openA, _) = await SurveyPages.CreateStandardAsync(ownerA, "Alpha open survey");
        var draftA = await SurveyPages.CreateAsync(ownerA, "Alpha draft survey");
        await SurveyPages.AddValidQuestionAsync(ownerA, draftA, QuestionType.ShortText, "only", "The only question?");

        await app.CreateUserAsync(OwnerB, Password, Roles.SurveyOwner);
        using var ownerB = await app.SignedInAsync(OwnerB, Password);
        var (openB, _) = await SurveyPages.CreateStandardAsync(ownerB, "Beta survey");
        var token = AntiforgeryToken(await ownerB.GetAsync($"/surveys/{openB}"));

        var forged = new (string Url, Dictionary<string, string> Fields)[]
        {
            ($"/surveys/{openA}?handler=Close", new() { ["Confirm"] = "true" }),
            ($"/surveys/{draftA}/edit?handler=Publish", []),
            ($"/surveys/{draftA}/edit?handler=Add", new()
            {
                ["Question.Type"] = ((int)QuestionType.ShortText).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Question.Code"] = "evil",
                ["Question.Text"] = "Injected by another owner?",
            }),
            ($"/surveys/{openA}/edit?handler=Add", new()
            {
                ["Question.Type"] = ((int)QuestionType.ShortText).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Question.Code"] = "evil",
                ["Question.Text"] = "Injected by another owner?",
            }),
        };
        foreach (var (url, fields) in forged)
        {
            fields["__RequestVerificationToken"] = token;
            var result = await ownerB.PostRawAsync(url, fields);
            Assert.True(result.Status == HttpStatusCode.NotFound, $"POST {url} gave {result.Status} to another owner.");
            Assert.DoesNotContain("Alpha", result.Html, StringComparison.Ordinal);
        }

        var open = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == openA));
        Assert.Equal(SurveyStatus.Open, open.Status);
        Assert.Null(open.ClosedAt);
        Assert.Equal(1, open.PublishedVersion);
        Assert.Equal(["colour", "fruit", "mood", "city", "age"], open.Draft.Questions.Select(q => q.Code));
        Assert.Equal(0, await app.WithDbAsync(db => db.ScoringRuns.CountAsync(r => r.SurveyId == openA)));

        var draft = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == draftA));
        Assert.Equal(SurveyStatus.Draft, draft.Status);
        Assert.Equal(0, draft.PublishedVersion);
        Assert.Null(draft.PublicCode);
        Assert.Equal(["only"], draft.Draft.Questions.Select(q => q.Code));
        Assert.Equal(0, await app.WithDbAsync(db => db.SurveyVersions.CountAsync(v => v.SurveyId == draftA)));

        // The same token closes B's own survey: the refusals above were about ownership, not a bad token.
        var closedB = await ownerB.PostRawAsync($"/surveys/{openB}?handler=Close", [new("__RequestVerificationToken", token), new("Confirm", "true")]);
        Assert.Equal(HttpStatusCode.OK, closedB.Status);
        Assert.Equal("Closed", closedB.Text("[data-testid=status]"));
    }

    [Fact]
    public async Task Researcher_SeesOnlySharedSurveys_ReadsTheirResultsAndCsv_AndCannotOpenOwnerPages()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (shared, _) = await SurveyPages.CreateStandardAsync(owner, "Shared with the researcher");
        var (unshared, _) = await SurveyPages.CreateStandardAsync(owner, "Kept from the researcher");
        await app.CreateUserAsync("r@example.org", Password, Roles.Researcher);

        var sharing = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{shared}"), SurveyPages.ShareForm, new Dictionary<string, string[]>
        {
            ["ShareEmail"] = ["r@example.org"],
            ["ShareRole"] = ["Researcher"],
        });
        Assert.Equal("Results shared with r@example.org.", sharing.Text(".notice"));

        using var researcher = await app.SignedInAsync("r@example.org", Password);
        var list = await researcher.GetAsync("/surveys");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var rows = list.Document.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("td a")!).ToList();
        Assert.Equal(["Shared with the researcher"], rows.Select(a => a.TextContent.Trim()));
        Assert.Equal($"/surveys/{shared}/results", rows[0].GetAttribute("href"));
        Assert.DoesNotContain("Kept from the researcher", list.Html, StringComparison.Ordinal);

        var results = await researcher.GetAsync($"/surveys/{shared}/results");
        Assert.Equal(HttpStatusCode.OK, results.Status);
        Assert.Contains("Shared with the researcher", results.Text("h1"), StringComparison.Ordinal);
        var csv = await researcher.Client.GetAsync(new Uri($"/surveys/{shared}/results?handler=Csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("response_id,submitted_at_utc,version,colour,fruit_apple,fruit_pear,mood,city,age," + string.Join(",", ResultsCsv.ScoreColumns) + ",source,source_id\r\n", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync($"/surveys/{unshared}/results")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.Client.GetAsync(new Uri($"/surveys/{unshared}/results?handler=Csv", UriKind.Relative))).StatusCode);

        // Owner pages need the SurveyOwner role, even for the survey that was shared.
        foreach (var url in new[] { $"/surveys/{shared}", $"/surveys/{shared}/edit", "/surveys/new" })
        {
            var page = await researcher.GetAsync(url);
            Assert.Contains("/account/denied", page.Url, StringComparison.Ordinal);
            Assert.Equal("Access denied", page.Text("h1"));
            Assert.DoesNotContain("Close survey now", page.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Anonymous_IsSentToSignIn_AndANonAdministrator_IsDeniedTheUsersPage()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var anonymous = app.Session();
        foreach (var url in new[] { "/surveys", "/admin/users" })
        {
            var page = await anonymous.GetAsync(url);
            Assert.StartsWith("/account/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            Assert.Contains($"ReturnUrl={Uri.EscapeDataString(url)}", page.Url, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("Sign in", page.Text("h1"));
        }

        await app.CreateUserAsync(OwnerB, Password, Roles.SurveyOwner);
        await app.CreateUserAsync("r@example.org", Password, Roles.Researcher);
        foreach (var email in new[] { OwnerB, "r@example.org" })
        {
            using var user = await app.SignedInAsync(email, Password);
            var page = await user.GetAsync("/admin/users");
            Assert.Equal("/account/denied", new Uri(page.Url).AbsolutePath);
            Assert.Equal("Access denied", page.Text("h1"));
        }

        // The administrator does reach it, so the denial is about the role.
        using var admin = await app.SignedInAsync();
        var users = await admin.GetAsync("/admin/users");
        Assert.Equal("/admin/users", new Uri(users.Url).AbsolutePath);
        Assert.Equal("Users", users.Text("h1"));
    }

    private static string AntiforgeryToken(Page page) =>
        page.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"No antiforgery token on {page.Url}.");
}
