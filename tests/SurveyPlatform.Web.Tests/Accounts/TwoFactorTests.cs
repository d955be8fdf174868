using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Admin;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;
using static SurveyPlatform.Web.Tests.Accounts.TwoFactorPages;

namespace SurveyPlatform.Web.Tests.Accounts;

/// <summary>
/// Two-factor authentication with an authenticator app: set up from the profile with a code, asked for
/// after the password, recovery codes that work once and are stored only as hashes, turning it off, and
/// the Administrators' setting that makes Administrators and survey owners set it up before anything else.
/// </summary>
public sealed class TwoFactorTests
{
    private const string Password = "a password for two factors";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AuthenticatorApp_TurnedOnWithItsCode_IsAskedForAfterThePassword_AndTurnsOffWithThePassword(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        var userId = await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        string key;
        using (var owner = await app.SignedInAsync("owner@example.org", Password))
        {
            // A wrong code does not turn it on, and says why beside the field.
            var setup = await owner.GetAsync("/account/two-factor");
            Assert.Equal("Set up an authenticator app", setup.Text("main h2"));
            var qr = setup.Document.QuerySelector("img[data-testid=qr-code]")!.GetAttribute("src")!;
            Assert.StartsWith("data:image/png;base64,", qr, StringComparison.Ordinal);
            Assert.True(Convert.FromBase64String(qr["data:image/png;base64,".Length..]).AsSpan(0, 4).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), "The QR code is a PNG.");
            key = Key(setup);
            var refused = await owner.SubmitAsync(setup, EnableForm, Fields(("Code", WrongCode(key))));
            Assert.Contains("That code is not right", refused.Text("#setup-code-error"), StringComparison.Ordinal);
            Assert.Equal("true", refused.Document.QuerySelector("#setup-code")!.GetAttribute("aria-invalid"));
            Assert.False(await TwoFactorEnabledAsync(app, userId));
            Assert.Equal(key, Key(refused)); // The same key until it is turned on.

            var (enabledKey, codes) = await EnableAsync(owner);
            Assert.Equal(key, enabledKey);
            Assert.Equal(10, codes.Distinct(StringComparer.Ordinal).Count());
            Assert.True(await TwoFactorEnabledAsync(app, userId));

            // The session that turned it on stays signed in (the security stamp changed, and the cookie with it).
            Assert.Equal("Surveys", (await owner.GetAsync("/surveys")).Text("h1"));
        }

        using (var visitor = app.Session())
        {
            var codePage = await PasswordAsync(visitor, "owner@example.org", Password);
            Assert.EndsWith("/account/login/two-factor?returnUrl=%2Fsurveys", codePage.Url, StringComparison.Ordinal);
            Assert.Equal("Enter your sign-in code", codePage.Text("h1"));
            // The right password alone opens nothing.
            Assert.Contains("/account/login", (await visitor.GetAsync("/surveys")).Url, StringComparison.Ordinal);

            var wrong = await CodeAsync(visitor, codePage, WrongCode(await KeyOfAsync(app, userId)));
            Assert.Equal(LoginTwoFactorModel.WrongCodeMessage, wrong.Text("#code-error"));
            Assert.EndsWith("/account/login/two-factor?returnUrl=%2Fsurveys", wrong.Url, StringComparison.Ordinal);
            Assert.Equal(1, await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.AccessFailedCount).SingleAsync()));
            Assert.Contains("/account/login", (await visitor.GetAsync("/surveys")).Url, StringComparison.Ordinal);

            codePage = await PasswordAsync(visitor, "owner@example.org", Password);
            var signedIn = await CodeAsync(visitor, codePage, CodeNow(await KeyOfAsync(app, userId)));
            Assert.EndsWith("/surveys", signedIn.Url, StringComparison.Ordinal);
            Assert.Equal("Surveys", signedIn.Text("h1"));

            // Turning it off needs the password.
            var manage = await visitor.GetAsync("/account/two-factor");
            var noPassword = await visitor.SubmitAsync(manage, DisableForm, Fields(("Password", "not my password")));
            Assert.Equal("Enter your current password to turn off two-factor authentication.", noPassword.Text("#disable-password-error"));
            Assert.True(await TwoFactorEnabledAsync(app, userId));

            var off = await visitor.SubmitAsync(noPassword, DisableForm, Fields(("Password", Password)));
            Assert.StartsWith("Two-factor authentication is off.", off.Text(".notice"), StringComparison.Ordinal);
            Assert.False(await TwoFactorEnabledAsync(app, userId));
            Assert.NotEqual(key, await KeyOfAsync(app, userId)); // The old key is forgotten,
            Assert.Equal(0, await app.WithDbAsync(db => db.UserTokens.CountAsync(t => t.UserId == userId && t.Name == HashedRecoveryCodeUserStore.TokenName))); // and the codes.
        }

        using var again = app.Session();
        var direct = await PasswordAsync(again, "owner@example.org", Password);
        Assert.EndsWith("/surveys", direct.Url, StringComparison.Ordinal);

        // Each step is in the audit trail, by the account, in order.
        var trail = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.ActorId == userId).OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync());
        Assert.Equal(
            [
                AuditKinds.SignIn, AuditKinds.TwoFactorEnabled,
                AuditKinds.SignInNeedsSecondFactor, AuditKinds.SignInFailed,
                AuditKinds.SignInNeedsSecondFactor, AuditKinds.SignIn, AuditKinds.TwoFactorDisabled,
                AuditKinds.SignIn,
            ],
            trail);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task RecoveryCode_SignsInOnce_AndOnlyHashesOfTheCodesAreStored(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        var userId = await app.CreateUserAsync("researcher@example.org", Password, Roles.Researcher);
        IReadOnlyList<string> codes;
        using (var researcher = await app.SignedInAsync("researcher@example.org", Password))
        {
            (_, codes) = await EnableAsync(researcher);
            var later = await researcher.GetAsync("/account/two-factor");
            Assert.Empty(RecoveryCodes(later)); // Shown once only.
            Assert.Equal("You have 10 unused recovery codes.", later.Text("[data-testid=recovery-codes-left]"));
        }

        // The database holds no code, in any spelling: only one salted hash per code.
        var tokens = await app.WithDbAsync(db => db.UserTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync());
        foreach (var code in codes)
        {
            foreach (var spelling in new[] { code, code.Replace("-", string.Empty, StringComparison.Ordinal), code.ToLowerInvariant() })
            {
                Assert.DoesNotContain(tokens, t => (t.Value ?? string.Empty).Contains(spelling, StringComparison.OrdinalIgnoreCase));
            }
        }

        Assert.DoesNotContain(tokens, t => t.Name == "RecoveryCodes"); // Identity's plain-text place stays empty.
        var hashes = tokens.Single(t => t.Name == HashedRecoveryCodeUserStore.TokenName).Value!.Split(';');
        Assert.Equal(10, hashes.Length);
        Assert.Equal(10, hashes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(hashes, h => Assert.StartsWith("pbkdf2-sha256$", h, StringComparison.Ordinal));
        Assert.All(codes, c => Assert.Single(hashes, h => RecoveryCodeHash.Matches(h, c)));

        // A recovery code instead of the app's code: typed in lower case, it works once.
        using (var visitor = app.Session())
        {
            var codePage = await PasswordAsync(visitor, "researcher@example.org", Password);
            var signedIn = await CodeAsync(visitor, codePage, codes[3].ToLowerInvariant());
            Assert.EndsWith("/surveys", signedIn.Url, StringComparison.Ordinal);
            Assert.Contains("9 recovery codes left", signedIn.Text(".notice"), StringComparison.Ordinal);
        }

        Assert.Equal(9, (await RecoveryHashesAsync(app, userId)).Length);
        using (var replay = app.Session())
        {
            var codePage = await PasswordAsync(replay, "researcher@example.org", Password);
            var refused = await CodeAsync(replay, codePage, codes[3]);
            Assert.Equal(LoginTwoFactorModel.WrongCodeMessage, refused.Text("#code-error"));
            Assert.Contains("/account/login", (await replay.GetAsync("/surveys")).Url, StringComparison.Ordinal);

            // New codes replace the old ones: an unused old code stops working, a new one works.
            var next = await CodeAsync(replay, refused, codes[4]);
            Assert.EndsWith("/surveys", next.Url, StringComparison.Ordinal);
            var regenerated = await replay.SubmitAsync(await replay.GetAsync("/account/two-factor"), RecoveryCodesForm);
            Assert.True(regenerated.Response.Headers.CacheControl?.NoStore);
            var fresh = RecoveryCodes(regenerated);
            Assert.Equal(10, fresh.Count);
            Assert.Empty(fresh.Intersect(codes));
        }

        Assert.Equal(10, (await RecoveryHashesAsync(app, userId)).Length);
        using var last = app.Session();
        var stale = await CodeAsync(last, await PasswordAsync(last, "researcher@example.org", Password), codes[5]);
        Assert.Equal(LoginTwoFactorModel.WrongCodeMessage, stale.Text("#code-error"));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task RequiredTwoFactor_SendsAnOwnerWithoutIt_ToSetItUp_AndOpensNothingElseUntilItIsDone(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        var ownerId = await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        await app.CreateUserAsync("researcher@example.org", Password, Roles.Researcher);

        // The Administrator's session stays open throughout: once it is required, the Administrator's next sign-in would need the set-up too.
        using var admin = await app.SignedInAsync();
        {
            var settings = await admin.GetAsync("/admin/security");
            Assert.False(settings.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#require-two-factor")!.IsChecked);
            var saved = await admin.SubmitAsync(settings, "main form", Fields(("RequireTwoFactor", "true")));
            Assert.StartsWith("Saved. Administrators and survey owners", saved.Text(".notice"), StringComparison.Ordinal);
            Assert.True(saved.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#require-two-factor")!.IsChecked);
        }

        Assert.Equal(bool.TrueString, await app.WithDbAsync(db => db.AppSettings.Where(s => s.Name == SecuritySettings.RequireTwoFactorName).Select(s => s.Value).SingleAsync()));

        using (var owner = app.Session())
        {
            var setup = await PasswordAsync(owner, "owner@example.org", Password);
            Assert.EndsWith("/account/two-factor/required?returnUrl=%2Fsurveys", setup.Url, StringComparison.Ordinal);
            Assert.Equal("Set up two-factor authentication", setup.Text("h1"));

            // Nothing else opens until it is done: not the surveys, the profile, nor the code step.
            foreach (var path in new[] { "/surveys", "/account/profile", "/account/two-factor", "/admin/users" })
            {
                Assert.Contains("/account/login", (await owner.GetAsync(path)).Url, StringComparison.Ordinal);
            }

            Assert.EndsWith("/account/login", (await owner.GetAsync("/account/login/two-factor")).Url, StringComparison.Ordinal);
            var key = Key(setup);
            var stillThere = await owner.GetAsync("/account/two-factor/required");
            Assert.Equal(key, Key(stillThere));

            var wrong = await owner.SubmitAsync(stillThere, "main form", Fields(("Code", WrongCode(key))));
            Assert.Contains("That code is not right", wrong.Text("#setup-code-error"), StringComparison.Ordinal);
            Assert.False(await TwoFactorEnabledAsync(app, ownerId));
            Assert.Contains("/account/login", (await owner.GetAsync("/surveys")).Url, StringComparison.Ordinal);

            var done = await owner.SubmitAsync(wrong, "main form", Fields(("Code", CodeNow(key))));
            Assert.Equal("Two-factor authentication is on", done.Text("h1"));
            Assert.Equal(10, RecoveryCodes(done).Count);
            Assert.True(done.Response.Headers.CacheControl?.NoStore);
            Assert.True(await TwoFactorEnabledAsync(app, ownerId));
            var surveys = await owner.GetAsync(done.Document.QuerySelector("[data-testid=continue]")!.GetAttribute("href")!);
            Assert.Equal("Surveys", surveys.Text("h1"));

            // While it is required, it cannot be turned off, not even by a hand-made post.
            var manage = await owner.GetAsync("/account/two-factor");
            Assert.Null(manage.Document.QuerySelector(DisableForm));
            Assert.Contains("cannot be turned off", manage.Text("main"), StringComparison.Ordinal);
            var token = manage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var forged = await owner.PostRawAsync("/account/two-factor?handler=Disable", [new("__RequestVerificationToken", token), new("Password", Password)]);
            Assert.Equal(HttpStatusCode.OK, forged.Status);
            Assert.True(await TwoFactorEnabledAsync(app, ownerId));
        }

        // The next sign-in asks for the code, as for anyone with two-factor authentication.
        using (var owner = app.Session())
        {
            var codePage = await PasswordAsync(owner, "owner@example.org", Password);
            Assert.EndsWith("/account/login/two-factor?returnUrl=%2Fsurveys", codePage.Url, StringComparison.Ordinal);
        }

        // A researcher is not required to, and signs in with the password alone.
        using (var researcher = app.Session())
        {
            Assert.EndsWith("/surveys", (await PasswordAsync(researcher, "researcher@example.org", Password)).Url, StringComparison.Ordinal);
        }

        // A wrong password never reaches the set-up.
        using (var guesser = app.Session())
        {
            await app.CreateUserAsync("owner2@example.org", Password, Roles.SurveyOwner);
            var failed = await PasswordAsync(guesser, "owner2@example.org", "not the password");
            Assert.EndsWith("/account/login", failed.Url, StringComparison.Ordinal);
            Assert.Contains("/account/login", (await guesser.GetAsync("/account/two-factor/required")).Url, StringComparison.Ordinal);
        }

        // Turned off again, an owner without two-factor authentication signs in with the password.
        {
            var saved = await admin.SubmitAsync(await admin.GetAsync("/admin/security"), "main form", Fields(("RequireTwoFactor", string.Empty)));
            Assert.StartsWith("Saved. Two-factor authentication is optional", saved.Text(".notice"), StringComparison.Ordinal);
        }

        using var owner2 = app.Session();
        Assert.EndsWith("/surveys", (await PasswordAsync(owner2, "owner2@example.org", Password)).Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecuritySetting_IsForAdministratorsOnly_AndRefusesAPostWithoutTheAntiforgeryToken()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        using var owner = await app.SignedInAsync("owner@example.org", Password);
        Assert.Contains("/account/denied", (await owner.GetAsync("/admin/security")).Url, StringComparison.Ordinal);
        var token = (await owner.GetAsync("/account/profile")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var ownerPost = await owner.PostRawAsync("/admin/security", [new("__RequestVerificationToken", token), new("RequireTwoFactor", "true")]);
        Assert.Contains("/account/denied", ownerPost.Url, StringComparison.Ordinal);

        using var admin = await app.SignedInAsync();
        var forged = await admin.PostRawAsync("/admin/security", [new("RequireTwoFactor", "true")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.AppSettings.CountAsync()));
    }

    [Fact]
    public async Task CodeStep_WithoutAPasswordFirst_GoesBackToSignIn()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var visitor = app.Session();
        Assert.EndsWith("/account/login", (await visitor.GetAsync("/account/login/two-factor")).Url, StringComparison.Ordinal);
        Assert.EndsWith("/account/login", (await visitor.GetAsync("/account/two-factor/required")).Url, StringComparison.Ordinal);
    }

    private static Task<bool> TwoFactorEnabledAsync(AppFactory app, string userId) =>
        app.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).SingleAsync());

    /// <summary>The account's authenticator key as Identity stores it (to compute codes for a session that never saw the set-up page).</summary>
    private static Task<string> KeyOfAsync(AppFactory app, string userId) =>
        app.WithDbAsync(db => db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.LoginProvider == "[AspNetUserStore]" && t.Name == "AuthenticatorKey")
            .Select(t => t.Value!).SingleAsync());

    private static async Task<string[]> RecoveryHashesAsync(AppFactory app, string userId) =>
        (await app.WithDbAsync(db => db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.Name == HashedRecoveryCodeUserStore.TokenName)
            .Select(t => t.Value!).SingleAsync())).Split(';', StringSplitOptions.RemoveEmptyEntries);
}
