using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

/// <summary>Per-survey access: no IDOR by URL or by form post; researchers see only what was shared.</summary>
public sealed class OwnerIsolationTests
{
    private const string Password = "another long password";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AnotherOwner_CannotSeeCloseOrDownload_BySurveyUrlOrFormPost(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var ownerA = await app.SignedInAsync();
        var (idA, _) = await SurveyPages.CreateStandardAsync(ownerA, "A's survey");
        await app.CreateUserAsync("b@example.org", Password, Roles.SurveyOwner);
        using var ownerB = await app.SignedInAsync("b@example.org", Password);

        foreach (var url in new[] { $"/surveys/{idA}", $"/surveys/{idA}/edit", $"/surveys/{idA}/results", $"/surveys/{idA}/results?handler=Csv" })
        {
            var page = await ownerB.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{url} gave {page.Status} to another owner.");
            Assert.DoesNotContain("A's survey", page.Html, StringComparison.Ordinal);
        }

        var list = await ownerB.GetAsync("/surveys");
        Assert.DoesNotContain("A's survey", list.Html, StringComparison.Ordinal);

        // Form posts carrying B's own valid antiforgery token.
        var (idB, _) = await SurveyPages.CreateStandardAsync(ownerB, "B's survey");
        var bPage = await ownerB.GetAsync($"/surveys/{idB}");
        var token = bPage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = new (string Url, Dictionary<string, string> Fields)[]
        {
            ($"/surveys/{idA}?handler=Close", new() { ["Confirm"] = "true" }),
            ($"/surveys/{idA}?handler=Schedule", new() { ["CloseAt"] = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) }),
            ($"/surveys/{idA}?handler=Share", new() { ["ShareEmail"] = "b@example.org" }),
            ($"/surveys/{idA}/edit?handler=Publish", []),
            ($"/surveys/{idA}/edit?handler=Add", new() { ["Question.Type"] = "3", ["Question.Code"] = "evil", ["Question.Text"] = "Injected?" }),
            ($"/surveys/{idA}/edit?handler=Remove", new() { ["code"] = "colour" }),
        };
        foreach (var (url, fields) in forged)
        {
            fields["__RequestVerificationToken"] = token;
            var result = await ownerB.PostRawAsync(url, fields);
            Assert.True(result.Status == HttpStatusCode.NotFound, $"POST {url} gave {result.Status} to another owner.");
        }

        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().Include(s => s.Shares).SingleAsync(s => s.Id == idA));
        Assert.Equal(SurveyStatus.Open, survey.Status);
        Assert.Null(survey.CloseAt);
        Assert.Empty(survey.Shares);
        Assert.Equal(5, survey.Draft.Questions.Count);
        Assert.Equal(0, await app.WithDbAsync(db => db.ScoringRuns.CountAsync(r => r.SurveyId == idA)));
    }

    [Fact]
    public async Task Researcher_SeesOnlySharedSurveys_AndCannotManageThem()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (shared, _) = await SurveyPages.CreateStandardAsync(owner, "Shared survey");
        var (secret, _) = await SurveyPages.CreateStandardAsync(owner, "Secret survey");
        await app.CreateUserAsync("r@example.org", Password, Roles.Researcher);

        var details = await owner.GetAsync($"/surveys/{shared}");
        var done = await owner.SubmitAsync(details, SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["r@example.org"] });
        Assert.Equal("Results shared with r@example.org.", done.Text(".notice"));

        using var researcher = await app.SignedInAsync("r@example.org", Password);
        var list = await researcher.GetAsync("/surveys");
        Assert.Contains("Shared survey", list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret survey", list.Html, StringComparison.Ordinal);
        Assert.Empty(list.Document.QuerySelectorAll("a[href='/surveys/new']"));

        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync($"/surveys/{shared}/results")).Status);
        var csv = await researcher.Client.GetAsync(new Uri($"/surveys/{shared}/results?handler=Csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync($"/surveys/{secret}/results")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.Client.GetAsync(new Uri($"/surveys/{secret}/results?handler=Csv", UriKind.Relative))).StatusCode);

        // Owner pages need the SurveyOwner role: a researcher is denied even for a shared survey.
        var manage = await researcher.GetAsync($"/surveys/{shared}");
        Assert.Contains("/account/denied", manage.Url, StringComparison.Ordinal);
        Assert.Contains("/account/denied", (await researcher.GetAsync("/surveys/new")).Url, StringComparison.Ordinal);

        // Unsharing takes the access away again.
        var ownerDetails = await owner.GetAsync($"/surveys/{shared}");
        await owner.SubmitAsync(ownerDetails, "form[action*='handler=Unshare']");
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync($"/surveys/{shared}/results")).Status);
    }

    [Fact]
    public async Task Anonymous_AndNonAdministrators_AreKeptOut()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var anonymous = app.Session();
        foreach (var url in new[] { "/surveys", "/surveys/new", "/admin/users", $"/surveys/{Guid.NewGuid()}/results" })
        {
            var page = await anonymous.GetAsync(url);
            Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        }

        await app.CreateUserAsync("plain@example.org", Password, Roles.SurveyOwner);
        using var owner = await app.SignedInAsync("plain@example.org", Password);
        Assert.Contains("/account/denied", (await owner.GetAsync("/admin/users")).Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharingWithSomeoneWhoIsNotAResearcher_IsRefusedBesideTheField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        await app.CreateUserAsync("o2@example.org", Password, Roles.SurveyOwner);
        var page = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), SurveyPages.ShareForm, new Dictionary<string, string[]> { ["ShareEmail"] = ["o2@example.org"] });
        Assert.Contains("No researcher has this e-mail address.", page.Document.QuerySelector(SurveyPages.ShareForm)!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.SurveyShares.CountAsync()));
    }
}
