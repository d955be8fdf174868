using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Api;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Api;

/// <summary>Personal access tokens on the profile page: shown once, stored as a hash, validated, revocable, API-only.</summary>
public sealed class AccessTokenTests
{
    private const string Password = "another long password";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task CreatedToken_IsShownOnce_AndOnlyItsHashIsStored(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();

        var created = await ApiPages.CreateTokenPageAsync(owner, "R analysis", [ApiScopes.ResultsRead], days: 45);
        Assert.True(created.Response.Headers.CacheControl?.NoStore, "The page with the secret must not be stored.");
        var secret = created.Document.QuerySelector("[data-testid=new-token]")!.GetAttribute("value")!;
        Assert.StartsWith(PersonalAccessToken.SecretPrefix, secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= 48, "The secret carries 256 random bits.");

        var stored = await app.WithDbAsync(db => db.AccessTokens.AsNoTracking().SingleAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored.TokenHash);
        Assert.Equal(ApiScopes.ResultsRead, stored.Scopes);
        Assert.Equal(45, (stored.ExpiresAt - stored.CreatedAt).TotalDays, precision: 3);
        Assert.Null(stored.RevokedAt);
        // The secret is in no column of the table (only its first characters, as a hint).
        foreach (var value in new object?[] { stored.Name, stored.TokenHash, stored.Hint, stored.Scopes, stored.UserId })
        {
            Assert.DoesNotContain(secret, value?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.True(secret.StartsWith(stored.Hint, StringComparison.Ordinal) && stored.Hint.Length < secret.Length / 4);

        var again = await owner.GetAsync("/account/profile");
        Assert.DoesNotContain(secret, again.Html, StringComparison.Ordinal);
        Assert.Null(again.Document.QuerySelector("[data-testid=new-token]"));
        Assert.Contains("R analysis", again.Text("[data-testid=tokens]"), StringComparison.Ordinal);

        using var client = ApiPages.Client(app, secret);
        using var response = await client.GetAsync(ApiPages.Url("/api/v1/surveys"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await app.WithDbAsync(db => db.AccessTokens.AsNoTracking().Select(t => t.LastUsedAt).SingleAsync()));
    }

    [Fact]
    public async Task BadTokenRequests_AreRefused_NextToTheirField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();

        var page = await ApiPages.CreateTokenPageAsync(owner, " ", [], days: 366);
        Assert.Null(page.Document.QuerySelector("[data-testid=new-token]"));
        Assert.Equal("Enter a name that says what the token is for.", page.Text("[data-valmsg-for='Input.Name']"));
        Assert.Equal("Choose at least one scope.", page.Text("[data-valmsg-for='Input.Scopes']"));
        Assert.Equal($"Enter an expiry from 1 to {PersonalAccessToken.MaxLifetimeDays} days.", page.Text("[data-valmsg-for='Input.ExpiresInDays']"));

        var noExpiry = await ApiPages.CreateTokenPageAsync(owner, "x", [ApiScopes.ResultsRead], days: 0);
        Assert.Contains("Enter an expiry", noExpiry.Text("[data-valmsg-for='Input.ExpiresInDays']"), StringComparison.Ordinal);

        // A researcher is not offered surveys:manage, and a hand-made post asking for it is refused.
        await app.CreateUserAsync("r@example.org", Password, Roles.Researcher);
        using var researcher = await app.SignedInAsync("r@example.org", Password);
        var profile = await researcher.GetAsync("/account/profile");
        Assert.Null(profile.Document.QuerySelector($"input[value='{ApiScopes.SurveysManage}']"));
        var token = profile.Document.QuerySelector($"{ApiPages.CreateForm} input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await researcher.PostRawAsync("/account/profile?handler=Create",
        [
            new("__RequestVerificationToken", token), new("Input.Name", "sneaky"), new("Input.Scopes", ApiScopes.SurveysManage), new("Input.ExpiresInDays", "30"),
        ]);
        Assert.Equal($"Only survey owners can grant {ApiScopes.SurveysManage}.", forged.Text("[data-valmsg-for='Input.Scopes']"));
        var unknown = await researcher.PostRawAsync("/account/profile?handler=Create",
        [
            new("__RequestVerificationToken", token), new("Input.Name", "odd"), new("Input.Scopes", "admin:all"), new("Input.ExpiresInDays", "30"),
        ]);
        Assert.Equal("\"admin:all\" is not a scope.", unknown.Text("[data-valmsg-for='Input.Scopes']"));
        Assert.Equal(0, await app.WithDbAsync(db => db.AccessTokens.CountAsync()));
    }

    [Fact]
    public async Task RevokedToken_IsRefused_AndOnlyItsOwnerCanRevokeIt()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var secret = await ApiPages.CreateTokenAsync(owner, "script", [ApiScopes.ResultsRead]);
        var id = await app.WithDbAsync(db => db.AccessTokens.Select(t => t.Id).SingleAsync());
        using var client = ApiPages.Client(app, secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ApiPages.Url("/api/v1/surveys"))).StatusCode);

        // Another user posting the revoke with their own antiforgery token finds nothing.
        await app.CreateUserAsync("b@example.org", Password, Roles.SurveyOwner);
        using var other = await app.SignedInAsync("b@example.org", Password);
        var theirs = await other.GetAsync("/account/profile");
        var antiforgery = theirs.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await other.PostRawAsync("/account/profile?handler=Revoke", [new("__RequestVerificationToken", antiforgery), new("tokenId", id.ToString())]);
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ApiPages.Url("/api/v1/surveys"))).StatusCode);

        var profile = await owner.GetAsync("/account/profile");
        var done = await owner.SubmitAsync(profile, $"form:has(input[name=tokenId][value='{id}'])");
        Assert.Equal("The token \"script\" was revoked; calls with it are refused from now on.", done.Text(".notice"));
        Assert.Contains("Revoked", done.Text("[data-testid=tokens]"), StringComparison.Ordinal);
        using var after = await client.GetAsync(ApiPages.Url("/api/v1/surveys"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Token_DoesNotAuthenticatePages_AndLockedOutUsersTokensStop()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var secret = await ApiPages.CreateTokenAsync(owner, "script", ApiPages.AllScopes);

        using var client = ApiPages.Client(app, secret);
        foreach (var page in new[] { "/surveys", "/account/profile", "/surveys/new" })
        {
            using var response = await client.GetAsync(ApiPages.Url(page));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/account/login", StringComparison.Ordinal),
                $"{page} with a bearer token gave {(int)response.StatusCode} {response.Headers.Location}.");
        }

        await app.WithDbAsync(db => db.Users.Where(u => u.Email == AppFactory.AdminEmail)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddHours(1))));
        using var locked = await client.GetAsync(ApiPages.Url("/api/v1/surveys"));
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
    }
}
