using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>Personal links: only a hash is stored, the token leaves the URL at once, one token means one response, and the own link resumes.</summary>
public sealed class PersonalLinkTests
{
    private static async Task<(Guid Id, string Code, string Link)> InviteAsync(AppFactory app, HtmlSession owner, string email = "ana@example.org")
    {
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var page = await owner.GetAsync($"/surveys/{id}/participants");
        var added = await owner.SubmitAsync(page, "form[action*='handler=Add']", new Dictionary<string, string[]>
        {
            ["Email"] = [email],
            ["FirstName"] = ["Ana"],
            ["LastName"] = ["Lima"],
            ["Attributes"] = ["organisation: St Mary's\nsegment: provider"],
        });
        var link = added.Text("[data-testid=issued-link] code");
        Assert.StartsWith("http://localhost/i/", link, StringComparison.Ordinal);
        return (id, code, link);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ThePersonalLink_StoresOnlyAHash_LeavesTheUrlAtOnce_ResumesInAnyBrowser_AndWorksForOneResponse(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code, link) = await InviteAsync(app, owner);
        var token = link[(link.LastIndexOf('/') + 1)..];

        var stored = await app.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.SurveyId == id));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.TokenHash);
        Assert.True(token.Length >= 43, "at least 256 bits, base64url");
        Assert.Equal(new Dictionary<string, string> { ["organisation"] = "St Mary's", ["segment"] = "provider" }, stored.Attributes);
        Assert.Equal(ParticipantStatus.Pending, stored.Status);

        // First visit: the token is exchanged for the session cookie and the browser lands on the plain survey URL.
        using var phone = app.Session();
        var first = await phone.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal($"/s/{code}", new Uri(first.Url).AbsolutePath);
        Assert.DoesNotContain(token, first.Url, StringComparison.Ordinal);
        Assert.NotNull(first.Document.GetElementById("a-colour"));
        Assert.Equal(ParticipantStatus.Started, (await app.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.SurveyId == id))).Status);

        // Half-way in one browser, the own link in another browser resumes with the answers kept.
        var page = await phone.GetAsync($"/s/{code}");
        var fields = RespondentPages.Hidden(page);
        fields["a.colour"] = "blue";
        fields["nav"] = "save";
        await phone.PostRawAsync($"/s/{code}", fields);
        using var laptop = app.Session();
        var resumed = await laptop.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal($"/s/{code}", new Uri(resumed.Url).AbsolutePath);
        Assert.True(resumed.Document.QuerySelector("input[name='a.colour'][value=blue]")?.HasAttribute("checked"));
        Assert.Equal(1, await app.WithDbAsync(db => db.ResponseSessions.CountAsync(s => s.SurveyId == id)));

        var done = await RespondentPages.CompleteAsync(laptop, code, new Dictionary<string, string[]> { ["colour"] = ["blue"], ["mood"] = ["3"], ["age"] = ["40"] });
        Assert.EndsWith("/thanks", done.Url, StringComparison.Ordinal);
        var participant = await app.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.SurveyId == id));
        Assert.Equal(ParticipantStatus.Completed, participant.Status);

        // One token, one response: the link now says it was used, in any browser, and nothing new starts.
        using var again = app.Session();
        var used = await again.GetAsync(new Uri(link).PathAndQuery);
        Assert.Contains("already been used", used.Text("[data-testid=already-used]"), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.ResponseSessions.CountAsync(s => s.SurveyId == id)));
    }

    [Fact]
    public async Task AnUnknownToken_GetsTheGenericNotValidPage_AndRepeatedGuessesAreRateLimited()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?> { ["Distribution:TokenLookupsPerMinute"] = "5" });
        using var owner = await app.SignedInAsync();
        var (_, _, link) = await InviteAsync(app, owner);
        using var guesser = app.Session();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            var guess = await guesser.GetAsync($"/i/{new string('A', 42)}{i:D2}");
            statuses.Add(guess.Status);
            Assert.Contains("not valid", guess.Text("h1"), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);

        // The limit is separate from sign-in: the owner can still sign in from the same place.
        using var another = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await another.GetAsync("/surveys")).Status);
        Assert.Contains("/i/", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddingSomeoneTwiceOrWithABadAddress_IsRefusedBesideTheField_AndStoresNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _, _) = await InviteAsync(app, owner);
        var page = await owner.GetAsync($"/surveys/{id}/participants");

        var duplicate = await owner.SubmitAsync(page, "form[action*='handler=Add']", new Dictionary<string, string[]> { ["Email"] = ["ANA@example.org"] });
        Assert.Contains("already a participant", duplicate.Text("form[action*='handler=Add']"), StringComparison.Ordinal);
        var bad = await owner.SubmitAsync(page, "form[action*='handler=Add']", new Dictionary<string, string[]> { ["Email"] = ["not-an-address"], ["Attributes"] = ["no colon here"] });
        Assert.Contains("Enter an e-mail address like name@example.org.", bad.Text("form[action*='handler=Add']"), StringComparison.Ordinal);
        Assert.Contains("Line 1: write each attribute as", bad.Text("form[action*='handler=Add']"), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Participants.CountAsync(p => p.SurveyId == id)));
    }

    [Fact]
    public async Task AnotherOwner_CannotSeeOrChangeTheParticipants()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _, _) = await InviteAsync(app, owner);
        await app.CreateUserAsync("other@example.org", "another long password", AppFactory.OwnerRoles);
        using var other = await app.SignedInAsync("other@example.org", "another long password");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/surveys/{id}/participants")).Status);
        var token = (await other.GetAsync("/surveys")).Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? string.Empty;
        var participantId = await app.WithDbAsync(db => db.Participants.Where(p => p.SurveyId == id).Select(p => p.Id).SingleAsync());
        var forged = await other.PostRawAsync($"/surveys/{id}/participants?handler=Link", new Dictionary<string, string> { ["participantId"] = participantId.ToString(), ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.Null(forged.Document.QuerySelector("[data-testid=issued-link]"));
    }
}
