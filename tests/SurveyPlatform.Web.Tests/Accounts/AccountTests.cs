using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Accounts;

public sealed partial class AccountTests
{
    private static readonly Dictionary<string, string?> NoBootstrap = new()
    {
        ["Bootstrap:AdminEmail"] = string.Empty,
        ["Bootstrap:AdminPassword"] = string.Empty,
    };

    [GeneratedRegex(@"(/setup\?token=[A-Za-z0-9_-]+)")]
    private static partial Regex SetupLink();

    [GeneratedRegex(@"https?://[^\s""<>]+(/account/invitation\?token=[A-Za-z0-9_%\-]+)")]
    private static partial Regex InvitationLink();

    [Fact]
    public async Task FirstStart_WithoutBootstrap_PrintsASetupLinkThatCreatesTheAdministratorOnce()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, NoBootstrap);
        using var visitor = app.Session();
        var login = await visitor.GetAsync("/account/login"); // Starts the app.
        Assert.Equal(HttpStatusCode.OK, login.Status);

        var printed = app.SetupOutput.ToString();
        var link = SetupLink().Match(printed);
        Assert.True(link.Success, $"No setup link was printed:\n{printed}");

        var wrong = await visitor.GetAsync("/setup?token=not-the-token");
        Assert.Contains("Setup link not valid", wrong.Text("h1"), StringComparison.Ordinal);

        var setup = await visitor.GetAsync(link.Value);
        Assert.Equal("Create the first administrator", setup.Text("h1"));
        var tooShort = await visitor.SubmitAsync(setup, "main form", new Dictionary<string, string[]>
        {
            ["Email"] = ["first@example.org"], ["Password"] = ["short pass"], ["ConfirmPassword"] = ["short pass"],
        });
        Assert.Contains("at least 12 characters", tooShort.Html, StringComparison.Ordinal);

        var done = await visitor.SubmitAsync(tooShort, "main form", new Dictionary<string, string[]>
        {
            ["Email"] = ["first@example.org"], ["Password"] = ["all lowercase words"], ["ConfirmPassword"] = ["all lowercase words"],
        });
        Assert.EndsWith("/surveys", done.Url, StringComparison.Ordinal);
        Assert.Equal("Surveys", done.Text("h1"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = await users.FindByEmailAsync("first@example.org");
            Assert.NotNull(admin);
            Assert.Equal(Roles.All.Order(), (await users.GetRolesAsync(admin)).Order());
        }

        using var second = app.Session();
        var reused = await second.GetAsync(link.Value);
        Assert.Contains("Setup link not valid", reused.Text("h1"), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Bootstrap_FromTheEnvironment_CreatesTheAdministratorAndPrintsNoSetupLink()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var admin = await app.SignedInAsync();
        var users = await admin.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, users.Status);
        Assert.Contains(AppFactory.AdminEmail, users.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/setup?token=", app.SetupOutput.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_IsLockedOutEvenWithTheRightPassword()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        await app.CreateUserAsync("owner@example.org", "the right password", Roles.SurveyOwner);
        using var session = app.Session();
        for (var i = 0; i < 5; i++)
        {
            var failed = await session.SubmitAsync(await session.GetAsync("/account/login"), "main form", new Dictionary<string, string[]>
            {
                ["Input.Email"] = ["owner@example.org"], ["Input.Password"] = [$"wrong password {i}"],
            });
            Assert.EndsWith("/account/login", failed.Url, StringComparison.Ordinal);
        }

        var locked = await session.SubmitAsync(await session.GetAsync("/account/login"), "main form", new Dictionary<string, string[]>
        {
            ["Input.Email"] = ["owner@example.org"], ["Input.Password"] = ["the right password"],
        });
        Assert.Contains("locked", locked.Text("main"), StringComparison.OrdinalIgnoreCase);
        var surveys = await session.GetAsync("/surveys");
        Assert.Contains("/account/login", surveys.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitation_ArrivesAtTheSmtpServer_AndItsLinkCreatesTheAccountOnce()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var admin = await app.SignedInAsync();
        var email = $"researcher-{Guid.NewGuid():N}@example.org";

        var users = await admin.GetAsync("/admin/users");
        var sent = await admin.SubmitAsync(users, "form[action*='handler=Invite']", new Dictionary<string, string[]>
        {
            ["Invite.Email"] = [email], ["Invite.Role"] = [Roles.Researcher],
        });
        Assert.True(sent.Text(".notice") == $"Invitation sent to {email}.", sent.Text("main"));

        var message = await Maildir.WaitForMessageToAsync(email, TimeSpan.FromSeconds(15));
        Assert.Contains("Subject: Your invitation to SurveyPlatform", message, StringComparison.Ordinal);
        var link = InvitationLink().Match(message);
        Assert.True(link.Success, $"No invitation link in:\n{message}");
        var path = link.Groups[1].Value;
        var token = Uri.UnescapeDataString(path[(path.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.DoesNotContain(token, await app.WithDbAsync(db => db.UserInvitations.Select(i => i.TokenHash).SingleAsync()), StringComparison.Ordinal);

        using var invitee = app.Session();
        var accept = await invitee.GetAsync(path);
        Assert.Equal("Accept your invitation", accept.Text("h1"));
        Assert.Equal("no-referrer", accept.Response.Headers.GetValues("Referrer-Policy").Single());
        var mismatch = await invitee.SubmitAsync(accept, "main form", new Dictionary<string, string[]>
        {
            ["Password"] = ["twelve chars ok"], ["ConfirmPassword"] = ["something else"],
        });
        Assert.Contains("do not match", mismatch.Html, StringComparison.Ordinal);
        var welcome = await invitee.SubmitAsync(mismatch, "main form", new Dictionary<string, string[]>
        {
            ["Password"] = ["twelve chars ok"], ["ConfirmPassword"] = ["twelve chars ok"],
        });
        Assert.EndsWith("/surveys", welcome.Url, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var userManager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await userManager.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.Equal([Roles.Researcher], await userManager.GetRolesAsync(user));
        }

        using var replay = app.Session();
        var used = await replay.GetAsync(path);
        Assert.Equal("Invitation not valid", used.Text("h1"));
    }

    [Fact]
    public async Task Mail_WithNoSmtpHost_IsWrittenAsAnEmlFileIntoThePickupFolder()
    {
        var pickup = Path.Combine(Path.GetTempPath(), "sp-tests", "pickup-" + Guid.NewGuid().ToString("N"));
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?> { ["Smtp:Host"] = string.Empty, ["Smtp:PickupFolder"] = pickup });
        using var admin = await app.SignedInAsync();
        var sent = await admin.SubmitAsync(await admin.GetAsync("/admin/users"), "form[action*='handler=Invite']", new Dictionary<string, string[]>
        {
            ["Invite.Email"] = ["picked@example.org"], ["Invite.Role"] = [Roles.SurveyOwner],
        });
        Assert.Equal("Invitation sent to picked@example.org.", sent.Text(".notice"));
        var file = Assert.Single(Directory.GetFiles(pickup, "*.eml"));
        Assert.Contains("picked@example.org", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Directory.Delete(pickup, recursive: true);
    }

    [Fact]
    public async Task Invite_WithABadAddress_ShowsTheMessageBesideTheFieldAndSendsNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var admin = await app.SignedInAsync();
        var page = await admin.SubmitAsync(await admin.GetAsync("/admin/users"), "form[action*='handler=Invite']", new Dictionary<string, string[]>
        {
            ["Invite.Email"] = ["not-an-address"], ["Invite.Role"] = [Roles.SurveyOwner],
        });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Enter an e-mail address like name@example.org.", page.Document.QuerySelector("form[action*='handler=Invite']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.UserInvitations.CountAsync()));
    }

    [Fact]
    public async Task SignOut_FromTheHeader_EndsTheSession()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var admin = await app.SignedInAsync();
        var surveys = await admin.GetAsync("/surveys");
        var signedOut = await admin.SubmitAsync(surveys, "header form[action='/account/logout']");
        Assert.EndsWith("/account/login", signedOut.Url, StringComparison.Ordinal);
        Assert.Contains("/account/login", (await admin.GetAsync("/surveys")).Url, StringComparison.Ordinal);
    }
}
