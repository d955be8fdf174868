using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Accounts;

/// <summary>Every page that sets a password refuses listed ones, with the reason at the password field.</summary>
public sealed partial class PasswordPolicyTests
{
    private const string Strong = "violet kettle under rain";
    private const string ListedMessage = "on a list of common or breached passwords";

    [GeneratedRegex(@"(/setup\?token=[A-Za-z0-9_-]+)")]
    private static partial Regex SetupLink();

    [GeneratedRegex(@"https?://[^\s""<>]+(/account/invitation\?token=[A-Za-z0-9_%\-]+)")]
    private static partial Regex InvitationLink();

    private static Dictionary<string, string[]> NewPassword(string password) => new()
    {
        ["Password"] = [password], ["ConfirmPassword"] = [password],
    };

    private static string PasswordFieldError(Page page) => page.Text(".field:has(#Password) .error-message");

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task SetupPage_RefusesBreachedPasswordsAtTheField_AndAcceptsAStrongOne(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = string.Empty, ["Bootstrap:AdminPassword"] = string.Empty,
        });
        using var visitor = app.Session();
        await visitor.GetAsync("/account/login"); // Starts the app, which prints the setup link.
        var link = SetupLink().Match(app.SetupOutput.ToString());
        Assert.True(link.Success, app.SetupOutput.ToString());

        var page = await visitor.GetAsync(link.Value);
        foreach (var (password, message) in new[]
                 {
                     ("password1234", ListedMessage),
                     ("Qwertyuiopas", ListedMessage),
                     ("elephant20252025", "common or breached password with digits added"),
                     ("sunflowersunflower", "repeats a common password"),
                 })
        {
            var values = NewPassword(password);
            values["Email"] = ["first@example.org"];
            page = await visitor.SubmitAsync(page, "main form", values);
            Assert.Equal("Create the first administrator", page.Text("h1"));
            Assert.Contains(message, PasswordFieldError(page), StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDbAsync(db => Task.FromResult(db.Users.Count())));
        var strong = NewPassword(Strong);
        strong["Email"] = ["first@example.org"];
        var done = await visitor.SubmitAsync(page, "main form", strong);
        Assert.EndsWith("/surveys", done.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task InvitationPage_RefusesABreachedPasswordAtTheField_AndAcceptsAStrongOne(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new AppFactory(database);
        using var admin = await app.SignedInAsync();
        var email = $"invitee-{Guid.NewGuid():N}@example.org";
        await admin.SubmitAsync(await admin.GetAsync("/admin/users"), "form[action*='handler=Invite']", new Dictionary<string, string[]>
        {
            ["Invite.Email"] = [email], ["Invite.Role"] = [Roles.Researcher],
        });
        var message = await Maildir.WaitForMessageToAsync(email, TimeSpan.FromSeconds(15));
        var link = InvitationLink().Match(message);
        Assert.True(link.Success, message);

        using var invitee = app.Session();
        var refused = await invitee.SubmitAsync(await invitee.GetAsync(link.Groups[1].Value), "main form", NewPassword("1qaz2wsx3edc"));
        Assert.Equal("Accept your invitation", refused.Text("h1"));
        Assert.Contains(ListedMessage, PasswordFieldError(refused), StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));
        }

        var welcome = await invitee.SubmitAsync(refused, "main form", NewPassword(Strong));
        Assert.EndsWith("/surveys", welcome.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task PasswordChange_RefusesABreachedPasswordAtTheField_AndAcceptsAStrongOne(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new AppFactory(database);
        await app.CreateUserAsync("owner@example.org", "the right password", Roles.SurveyOwner);
        using var owner = await app.SignedInAsync("owner@example.org", "the right password");

        var profile = await owner.GetAsync("/account/profile");
        Assert.NotNull(profile.Document.QuerySelector("a[href='/account/password']"));
        var page = await owner.GetAsync("/account/password");
        var values = NewPassword("iloveyou1234");
        values["CurrentPassword"] = ["the right password"];
        var refused = await owner.SubmitAsync(page, "main form", values);
        Assert.Equal("Change your password", refused.Text("h1"));
        Assert.Contains(ListedMessage, PasswordFieldError(refused), StringComparison.Ordinal);

        var wrongCurrent = NewPassword(Strong);
        wrongCurrent["CurrentPassword"] = ["not my password"];
        refused = await owner.SubmitAsync(refused, "main form", wrongCurrent);
        Assert.Contains("current password is not right", refused.Text(".field:has(#CurrentPassword) .error-message"), StringComparison.Ordinal);

        var strong = NewPassword(Strong);
        strong["CurrentPassword"] = ["the right password"];
        var changed = await owner.SubmitAsync(refused, "main form", strong);
        Assert.EndsWith("/account/profile", changed.Url, StringComparison.Ordinal);
        Assert.Equal("Your password is changed.", changed.Text(".notice"));

        // Still signed in here (the session was refreshed), and the new password signs in elsewhere.
        Assert.EndsWith("/surveys", (await owner.GetAsync("/surveys")).Url, StringComparison.Ordinal);
        using var elsewhere = await app.SignedInAsync("owner@example.org", Strong);
    }

    [Fact]
    public async Task BootstrapAdministrator_WithABreachedPassword_StopsTheAppWithTheReason()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?> { ["Bootstrap:AdminPassword"] = "password1234" });
        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(ListedMessage, failure.ToString(), StringComparison.Ordinal);
    }
}
