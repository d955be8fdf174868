using System.Net;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Jobs;

/// <summary>The Hangfire Dashboard at /admin/hangfire: Administrators only, on the app's own sign-in.</summary>
public sealed class HangfireDashboardTests
{
    private const string Password = "a long password here";

    [Fact]
    public async Task Administrator_SeesTheDashboard_OwnersAndResearchersGet404_AnonymousIsSentToSignIn()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);

        using var admin = await app.SignedInAsync();
        var dashboard = await admin.GetAsync(DashboardAccess.Path);
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Contains("SurveyPlatform jobs", dashboard.Html, StringComparison.Ordinal);
        var recurring = await admin.GetAsync(DashboardAccess.Path + "/recurring");
        Assert.Equal(HttpStatusCode.OK, recurring.Status);
        Assert.Contains(ScheduledWork.RecurringId, recurring.Html, StringComparison.Ordinal); // the reconciliation is registered

        await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("researcher@example.org", Password, Roles.Researcher);
        foreach (var email in new[] { "owner@example.org", "researcher@example.org" })
        {
            using var user = await app.SignedInAsync(email, Password);
            foreach (var path in new[] { DashboardAccess.Path, DashboardAccess.Path + "/jobs/enqueued", DashboardAccess.Path + "/stats" })
            {
                var page = await user.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, page.Status);
                Assert.DoesNotContain("SurveyPlatform jobs", page.Html, StringComparison.Ordinal);
            }

            var post = await user.Client.PostAsync(DashboardAccess.Path + "/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", ScheduledWork.RecurringId)]));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        using var anonymous = app.Session();
        var login = await anonymous.GetAsync(DashboardAccess.Path);
        Assert.Equal("/account/login", new Uri(login.Url).AbsolutePath);
        Assert.Contains($"ReturnUrl={Uri.EscapeDataString(DashboardAccess.Path)}", login.Url, StringComparison.OrdinalIgnoreCase);
        using var raw = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var stats = await raw.PostAsync(DashboardAccess.Path + "/stats", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, stats.StatusCode);
        Assert.StartsWith("/account/login", stats.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardActions_WithoutAnAntiforgeryToken_AreRefused_EvenForAnAdministrator()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var admin = await app.SignedInAsync();

        var refused = await admin.Client.PostAsync(DashboardAccess.Path + "/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", ScheduledWork.RecurringId)]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The dashboard's own page carries the token its scripts send back; with it the action works.
        var page = await admin.GetAsync(DashboardAccess.Path + "/recurring");
        var token = page.Document.QuerySelector("meta[name=csrf-token]")?.GetAttribute("content")
                    ?? page.Document.QuerySelector("[data-csrf-token]")?.GetAttribute("data-csrf-token");
        var header = page.Document.QuerySelector("meta[name=csrf-header]")?.GetAttribute("content");
        Assert.False(string.IsNullOrEmpty(token), "The dashboard page carries no antiforgery token.");
        using var request = new HttpRequestMessage(HttpMethod.Post, DashboardAccess.Path + "/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", ScheduledWork.RecurringId)]),
        };
        request.Headers.Add(string.IsNullOrEmpty(header) ? "X-CSRF-TOKEN" : header, token);
        var accepted = await admin.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }
}
