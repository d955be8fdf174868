using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static SurveyPlatform.Web.Tests.Accounts.TwoFactorPages;

namespace SurveyPlatform.Web.Tests.Accounts;

/// <summary>
/// The password step gives nothing away: the same message and about the same time for an unknown
/// e-mail address, a wrong password and a locked account; and it is rate-limited per client address
/// and per e-mail address, answering 429 with a page that says how long to wait.
/// </summary>
public sealed class SignInProtectionTests(ITestOutputHelper output)
{
    private const string Password = "the right password here";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task FailedSignIn_SaysTheSame_ForAnUnknownEmailAWrongPasswordAndALockedAccount(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        using var session = app.Session();

        var unknown = await PasswordAsync(session, "nobody@example.org", Password);
        var wrong = await PasswordAsync(session, "owner@example.org", "a wrong password");
        for (var i = 0; i < 4; i++)
        {
            await PasswordAsync(session, "owner@example.org", $"wrong password {i}");
        }

        // Five failures lock the account: now even the right password fails, with the same words.
        var locked = await PasswordAsync(session, "owner@example.org", Password);
        Assert.Contains("/account/login", (await session.GetAsync("/surveys")).Url, StringComparison.Ordinal);

        foreach (var page in new[] { unknown, wrong, locked })
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.EndsWith("/account/login", page.Url, StringComparison.Ordinal);
            Assert.Equal(AccountSignIn.FailedMessage, page.Text(".validation-summary-errors"));
        }

        // Not just the message: the whole page reads the same, apart from the address typed.
        Assert.Equal(Visible(unknown).Replace("nobody@", "owner@", StringComparison.Ordinal), Visible(wrong));
        Assert.Equal(Visible(wrong), Visible(locked));
    }

    [Fact]
    public async Task SignIn_OverThePerAccountLimit_Answers429_AlikeForAKnownAndAnUnknownAddress()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["SignIn:AttemptsPerAccount"] = "3",
            ["SignIn:AttemptsPerAddress"] = "100",
        });
        await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        using var session = app.Session();

        var refusals = new List<Page>();
        foreach (var email in new[] { "owner@example.org", "nobody@example.org" })
        {
            for (var i = 0; i < 3; i++)
            {
                var failed = await PasswordAsync(session, email, $"wrong password {i}");
                Assert.Equal(HttpStatusCode.OK, failed.Status);
                Assert.Equal(AccountSignIn.FailedMessage, failed.Text(".validation-summary-errors"));
            }

            // The fourth attempt within the window is refused before any password is checked, even the right one.
            var refused = await PasswordAsync(session, email, Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.Equal("Too many sign-in attempts", refused.Text("[data-testid=too-many-attempts] h2"));
            Assert.Matches(@"Wait \d+ seconds and try again\.", refused.Text("[data-testid=too-many-attempts] p"));
            var retryAfter = int.Parse(refused.Response.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
            Assert.Equal("Too many sign-in attempts · SurveyPlatform", refused.Document.Title);
            Assert.Contains("/account/login", (await session.GetAsync("/surveys")).Url, StringComparison.Ordinal);
            refusals.Add(refused);
        }

        // A refusal looks the same whether or not the account exists.
        Assert.Equal(
            refusals[0].Text("[data-testid=too-many-attempts]").Replace(refusals[0].Response.Headers.RetryAfter!.ToString(), "N", StringComparison.Ordinal),
            refusals[1].Text("[data-testid=too-many-attempts]").Replace(refusals[1].Response.Headers.RetryAfter!.ToString(), "N", StringComparison.Ordinal));

        // The limit is per account: another address from the same client still signs in.
        await app.CreateUserAsync("researcher@example.org", Password, Roles.Researcher);
        Assert.EndsWith("/surveys", (await PasswordAsync(session, "researcher@example.org", Password)).Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_OverThePerAddressLimit_Answers429_WhateverTheAccount()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["SignIn:AttemptsPerAccount"] = "100",
            ["SignIn:AttemptsPerAddress"] = "4",
        });
        await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        using var session = app.Session();
        for (var i = 0; i < 4; i++)
        {
            var failed = await PasswordAsync(session, $"person{i}@example.org", "a guess");
            Assert.Equal(HttpStatusCode.OK, failed.Status);
        }

        var refused = await PasswordAsync(session, "owner@example.org", Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("Too many sign-in attempts", refused.Text("[data-testid=too-many-attempts] h2"));
        Assert.Contains("/account/login", (await session.GetAsync("/surveys")).Url, StringComparison.Ordinal);

        // The refusal is in the audit trail, anonymous, after the four failures (none of which names an account).
        var trail = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).Select(e => new { e.Kind, e.ActorId }).ToListAsync());
        Assert.Equal([.. Enumerable.Repeat(SurveyPlatform.Web.Audit.AuditKinds.SignInFailed, 4), SurveyPlatform.Web.Audit.AuditKinds.SignInRefused], trail.Select(e => e.Kind).TakeLast(5));
        Assert.All(trail.TakeLast(5), e => Assert.Equal(SurveyPlatform.Web.Audit.AuditActor.Anonymous, e.ActorId));
    }

    [Fact]
    public async Task CodeStep_CountsTowardsTheRateLimit_And429sAfterIt()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["SignIn:AttemptsPerAccount"] = "3",
            ["SignIn:AttemptsPerAddress"] = "100",
        });
        await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        string key;
        using (var owner = await app.SignedInAsync("owner@example.org", Password))
        {
            (key, _) = await EnableAsync(owner);
        }

        using var session = app.Session();
        var codePage = await PasswordAsync(session, "owner@example.org", Password); // 2nd attempt on this account.
        var wrong = await CodeAsync(session, codePage, "000000"); // 3rd.
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        var refused = await CodeAsync(session, wrong, CodeNow(key)); // 4th: refused, even with the right code.
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("Too many sign-in attempts", refused.Text("[data-testid=too-many-attempts] h2"));
        Assert.Contains("/account/login", (await session.GetAsync("/surveys")).Url, StringComparison.Ordinal);
    }

    /// <summary>
    /// Timing: the median of many attempts for each case, taken in interleaved rounds so drift on a
    /// busy machine hits every case alike, compared within a factor of two. Without the dummy hash an
    /// unknown address answers about ten times faster than a wrong password (no password hashing).
    /// </summary>
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task WrongPassword_TakesAboutAsLongAsAnUnknownEmail_AndALockedAccount(DatabaseProviderKind provider)
    {
        const int Rounds = 15;
        const int Accounts = 8; // Round-robin: each account sees at most two wrong passwords, never five (the lockout).
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["SignIn:AttemptsPerAccount"] = "1000",
            ["SignIn:AttemptsPerAddress"] = "1000",
        });
        for (var i = 0; i < Accounts; i++)
        {
            await app.CreateUserAsync($"timing{i}@example.org", Password, Roles.Researcher);
        }

        await app.CreateUserAsync("locked@example.org", Password, Roles.Researcher);
        using var session = app.Session();
        for (var i = 0; i < 5; i++)
        {
            await PasswordAsync(session, "locked@example.org", $"wrong {i}");
        }

        var login = await session.GetAsync("/account/login");
        var token = login.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        async Task<double> TimeAsync(string email, string password)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
            });
            var clock = Stopwatch.StartNew();
            using var response = await session.Client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
            var body = await response.Content.ReadAsStringAsync();
            clock.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(WebUtility.HtmlEncode(AccountSignIn.FailedMessage), body, StringComparison.Ordinal);
            return clock.Elapsed.TotalMilliseconds;
        }

        // Warm up every path (JIT, the dummy hash, connection pools) before measuring.
        await TimeAsync("warm@example.org", "x");
        await TimeAsync("locked@example.org", "x");
        var unknown = new List<double>();
        var wrong = new List<double>();
        var locked = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            unknown.Add(await TimeAsync($"unknown{round}@example.org", "a wrong password"));
            wrong.Add(await TimeAsync($"timing{round % Accounts}@example.org", "a wrong password"));
            locked.Add(await TimeAsync("locked@example.org", Password));
        }

        var (u, w, l) = (Median(unknown), Median(wrong), Median(locked));
        output.WriteLine($"{provider}: median ms over {Rounds}: unknown e-mail {u:0.0}, wrong password {w:0.0}, locked account {l:0.0}");
        Assert.InRange(u / w, 0.5, 2.0);
        Assert.InRange(l / w, 0.5, 2.0);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The page's visible text, without the antiforgery token's value.</summary>
    private static string Visible(Page page) =>
        string.Join(' ', (page.Document.QuerySelector("main")?.TextContent ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        + " | " + page.Document.QuerySelector("#Input_Email")?.GetAttribute("value");
}
