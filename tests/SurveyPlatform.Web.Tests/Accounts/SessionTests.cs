using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Accounts;

/// <summary>
/// Session lifetime against the app's clock (an <see cref="AdjustableClock"/> in place of TimeProvider):
/// idle and absolute timeouts, and sessions ended by an administrator within the validation interval.
/// </summary>
public sealed class SessionTests
{
    private const string Email = "owner@example.org";
    private const string Password = "violet kettle under rain";

    private static AppFactory App(TestDatabase database, AdjustableClock clock) => new(database, new Dictionary<string, string?>
    {
        ["Accounts:Sessions:IdleTimeout"] = "00:30:00",
        ["Accounts:Sessions:AbsoluteTimeout"] = "02:00:00",
    })
    { Clock = clock };

    private static async Task<bool> IsSignedInAsync(HtmlSession session)
    {
        var page = await session.GetAsync("/surveys");
        return page.Url.EndsWith("/surveys", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AnIdleSession_EndsAfterTheIdleTimeout(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var clock = new AdjustableClock();
        await using var app = App(database, clock);
        await app.CreateUserAsync(Email, Password, Roles.SurveyOwner);
        using var session = await app.SignedInAsync(Email, Password);

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await IsSignedInAsync(session)); // This request renews the sliding expiry.
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await IsSignedInAsync(session));
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.False(await IsSignedInAsync(session));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AnActiveSession_EndsAtTheAbsoluteTimeoutAllTheSame(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var clock = new AdjustableClock();
        await using var app = App(database, clock);
        await app.CreateUserAsync(Email, Password, Roles.SurveyOwner);
        using var session = await app.SignedInAsync(Email, Password);

        // A request every 20 minutes keeps the sliding expiry alive for 1 h 40 min...
        for (var minutes = 20; minutes < 120; minutes += 20)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await IsSignedInAsync(session), $"signed out after {minutes} minutes");
        }

        // ...but not past two hours from signing in.
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.False(await IsSignedInAsync(session));

        // Signing in again starts a new session with its own two hours.
        await session.SignInAsync(Email, Password);
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True(await IsSignedInAsync(session));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task DisablingAnAccount_EndsItsSessionWithinTheValidationInterval_AndRefusesSignIn(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var clock = new AdjustableClock();
        await using var app = App(database, clock);
        var userId = await app.CreateUserAsync(Email, Password, Roles.SurveyOwner);
        using var user = await app.SignedInAsync(Email, Password);
        using var admin = await app.SignedInAsync();

        var disabled = await admin.SubmitAsync(await admin.GetAsync("/admin/users"), $"form[action*='handler=Access']:has(input[name=userId][value='{userId}'])");
        Assert.StartsWith($"{Email} is disabled", disabled.Text(".notice"), StringComparison.Ordinal);
        Assert.Contains("Disabled", disabled.Document.QuerySelector($"tr:has(input[name=userId][value='{userId}'])")!.TextContent, StringComparison.Ordinal);

        // Checked once a minute, not on every request.
        Assert.True(await IsSignedInAsync(user));
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False(await IsSignedInAsync(user));

        var login = await user.SubmitAsync(await user.GetAsync("/account/login"), "main form", new Dictionary<string, string[]>
        {
            ["Input.Email"] = [Email], ["Input.Password"] = [Password],
        });
        Assert.EndsWith("/account/login", login.Url, StringComparison.Ordinal);

        // An administrator cannot disable their own account.
        var adminRow = disabled.Document.QuerySelectorAll("tr").First(r => r.TextContent.Contains(AppFactory.AdminEmail, StringComparison.Ordinal));
        var adminId = adminRow.QuerySelector("input[name=userId]")!.GetAttribute("value");
        var refused = await admin.SubmitAsync(await admin.GetAsync("/admin/users"), $"form[action*='handler=Access']:has(input[name=userId][value='{adminId}'])");
        Assert.Equal("You cannot disable your own account.", refused.Text(".notice"));

        // Enabling again lets the user sign in.
        var enabled = await admin.SubmitAsync(await admin.GetAsync("/admin/users"), $"form[action*='handler=Access']:has(input[name=userId][value='{userId}'])");
        Assert.Equal($"{Email} is enabled again.", enabled.Text(".notice"));
        await user.SignInAsync(Email, Password);

        // Both changes are in the audit trail, by the Administrator who made them.
        var trail = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Kind == SurveyPlatform.Web.Audit.AuditKinds.AccountDisabled || e.Kind == SurveyPlatform.Web.Audit.AuditKinds.AccountEnabled)
            .OrderBy(e => e.Sequence).Select(e => new { e.Kind, e.ActorEmail, e.What }).ToListAsync());
        Assert.Equal([SurveyPlatform.Web.Audit.AuditKinds.AccountDisabled, SurveyPlatform.Web.Audit.AuditKinds.AccountEnabled], trail.Select(e => e.Kind));
        Assert.All(trail, e => Assert.Equal(AppFactory.AdminEmail, e.ActorEmail));
        Assert.All(trail, e => Assert.Contains(Email, e.What, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task RemovingARole_EndsTheUsersSessionWithinTheValidationInterval(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var clock = new AdjustableClock();
        await using var app = App(database, clock);
        var userId = await app.CreateUserAsync(Email, Password, Roles.SurveyOwner, Roles.Researcher);
        using var user = await app.SignedInAsync(Email, Password);
        using var admin = await app.SignedInAsync();
        Assert.EndsWith("/surveys/new", (await user.GetAsync("/surveys/new")).Url, StringComparison.Ordinal);

        var saved = await admin.SubmitAsync(await admin.GetAsync("/admin/users"),
            $"form[action*='handler=Roles']:has(input[name=userId][value='{userId}'])",
            new Dictionary<string, string[]> { ["roles"] = [Roles.Researcher] });
        Assert.Equal($"Roles saved for {Email}.", saved.Text(".notice"));

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False(await IsSignedInAsync(user));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task SigningIn_IssuesANewSessionCookieEachTime(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new AppFactory(database);
        await app.CreateUserAsync(Email, Password, Roles.SurveyOwner);
        using var session = new HtmlSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

        async Task<string> SignInAsync()
        {
            var login = await session.GetAsync("/account/login");
            var result = await session.SubmitAsync(login, "main form", new Dictionary<string, string[]>
            {
                ["Input.Email"] = [Email], ["Input.Password"] = [Password],
            });
            Assert.Equal(HttpStatusCode.Redirect, result.Status);
            return result.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sp.auth=", StringComparison.Ordinal)).Split(';')[0];
        }

        var first = await SignInAsync();
        var second = await SignInAsync(); // Same browser, already signed in: the cookie is replaced.
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task SigningOut_EndsTheSessionOnTheServer_SoACopiedCookieStopsWorkingWithinTheValidationInterval(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var clock = new AdjustableClock();
        await using var app = App(database, clock);
        await app.CreateUserAsync(Email, Password, Roles.SurveyOwner);
        using var browser = new HtmlSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var signedIn = await browser.SubmitAsync(await browser.GetAsync("/account/login"), "main form", new Dictionary<string, string[]>
        {
            ["Input.Email"] = [Email], ["Input.Password"] = [Password],
        });
        var cookie = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sp.auth=", StringComparison.Ordinal)).Split(';')[0];

        // Someone has a copy of the cookie (another machine, a proxy log, a stolen laptop).
        using var copy = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        async Task<HttpStatusCode> CopyGetsAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/surveys", UriKind.Relative));
            request.Headers.Add("Cookie", cookie);
            using var response = await copy.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await CopyGetsAsync());

        var surveys = await browser.GetAsync("/surveys");
        var signedOut = await browser.SubmitAsync(surveys, "form[action='/account/logout']");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Redirect, await CopyGetsAsync()); // to the sign-in page
    }
}
