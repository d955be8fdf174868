using System.Net;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Accounts;

/// <summary>The user invitation page looks up a secret token, so it shares the token-lookup rate limit.</summary>
public sealed class InvitationRateLimitTests
{
    [Fact]
    public async Task InvitationLookups_BeyondTheLimit_Get429WithAClearPage_WhileOtherClientsAreServed()
    {
        await using var database = TestDatabase.Sqlite();
        await using var factory = new AppFactory(database, new Dictionary<string, string?> { ["Distribution:TokenLookupsPerMinute"] = "3" });
        await using var app = PeerAddress.Enable(factory);
        using var guesser = PeerAddress.Session(app, "198.51.100.20");

        var statuses = new List<HttpStatusCode>();
        Page last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await guesser.GetAsync($"/account/invitation?token={new string('A', 40)}{i}");
            statuses.Add(last.Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("This link is not valid", last.Text("h1"));
        Assert.Contains("wait a minute and try again", last.Text("main"), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", last.Html, StringComparison.Ordinal);

        // A post (the password form) counts too; another client address is not affected.
        var post = await guesser.PostRawAsync("/account/invitation", [new("token", new string('B', 43))]);
        Assert.Equal(HttpStatusCode.TooManyRequests, post.Status);
        using var invitee = PeerAddress.Session(app, "198.51.100.21");
        var page = await invitee.GetAsync($"/account/invitation?token={new string('C', 43)}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Invitation not valid", page.Text("h1"));
    }
}
