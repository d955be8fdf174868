using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// Two-factor authentication in Chromium: the QR code shows under the app's real Content-Security-Policy;
/// the owner turns it on from the profile with a code computed here (Otp.NET) from the key the page shows,
/// signs out, signs in with the password and a fresh code; an owner made to set it up at sign-in does so;
/// and axe-core finds no WCAG 2.2 A/AA violation on any of the new pages.
/// </summary>
public sealed class TwoFactorJourneyTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private const string SecondOwnerEmail = "second-owner@example.org";
    private const string SecondOwnerPassword = "another long enough password";

    [Fact]
    public async Task Owner_TurnsOnTwoFactorInTheProfile_AndSignsInWithThePasswordAndAComputedCode_WithNoAxeViolations()
    {
        // Under the policy real users get (no CSP bypass): the QR code image loads and nothing is blocked.
        await using (var strict = await host.NewOwnerContextAsync())
        {
            var page = await strict.NewPageAsync();
            var blocked = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    blocked.Add(message.Text);
                }
            };
            await OwnerSteps.SignInAsync(page);
            await page.GotoAsync("/account/profile");
            await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication", Level = 1 })).ToBeVisibleAsync();
            var qr = page.GetByTestId("qr-code");
            await Assertions.Expect(qr).ToBeVisibleAsync();
            Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth >= 100"), "The QR code image did not load.");
            Assert.True(blocked.Count == 0, string.Join("\n", blocked));
        }

        var failures = new List<string>();
        await using var context = await host.NewPhoneContextAsync(1280, 900, bypassCsp: true);
        var owner = await context.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        await owner.GotoAsync("/account/profile");
        await Assertions.Expect(owner.GetByTestId("profile-two-factor")).ToContainTextAsync("Two-factor authentication is off");
        await CheckAsync(owner, "the profile with two-factor authentication off", failures);

        await owner.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("authenticator-key")).ToBeVisibleAsync();
        await CheckAsync(owner, "the set-up page", failures);
        var totp = new Totp(Base32Encoding.ToBytes((await owner.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()));

        await owner.GetByLabel("Code from the app").FillAsync(totp.ComputeTotp(DateTime.UtcNow.AddMinutes(10)));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        await Assertions.Expect(owner.Locator("#setup-code-error")).ToContainTextAsync("That code is not right");
        await CheckAsync(owner, "the set-up page with a wrong code", failures);

        await owner.GetByLabel("Code from the app").FillAsync(totp.ComputeTotp(DateTime.UtcNow));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("two-factor-status")).ToContainTextAsync("Two-factor authentication is on");
        await Assertions.Expect(owner.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await CheckAsync(owner, "the recovery codes after turning it on", failures);

        await owner.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await owner.GetByLabel("E-mail address").FillAsync(BrowserHost.OwnerEmail);
        await owner.GetByLabel("Password").FillAsync(BrowserHost.OwnerPassword);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Enter your sign-in code" })).ToBeVisibleAsync();
        await CheckAsync(owner, "the sign-in code step", failures);

        await owner.GetByLabel("Code", new() { Exact = true }).FillAsync("000000");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(owner.Locator("#code-error")).ToHaveTextAsync(LoginTwoFactorModel.WrongCodeMessage);
        await CheckAsync(owner, "the sign-in code step with a wrong code", failures);

        await owner.GetByLabel("Code", new() { Exact = true }).FillAsync(totp.ComputeTotp(DateTime.UtcNow));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Surveys", Level = 1 })).ToBeVisibleAsync();

        await owner.GotoAsync("/account/two-factor");
        await Assertions.Expect(owner.GetByTestId("recovery-codes-left")).ToHaveTextAsync("You have 10 unused recovery codes.");
        await CheckAsync(owner, "two-factor management with it on", failures);

        // The Administrator requires it of owners; an owner without it sets it up at sign-in.
        await owner.GotoAsync("/admin/security");
        await CheckAsync(owner, "the security settings", failures);
        await owner.GetByLabel("Require two-factor authentication for Administrators and survey owners").CheckAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(owner.Locator(".notice")).ToContainTextAsync("must set it up at their next sign-in");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = SecondOwnerEmail, Email = SecondOwnerEmail, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, SecondOwnerPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.SurveyOwner)).Succeeded);
        }

        await using var secondContext = await host.NewPhoneContextAsync(390, 844, bypassCsp: true);
        var second = await secondContext.NewPageAsync();
        await second.GotoAsync("/account/login");
        await second.GetByLabel("E-mail address").FillAsync(SecondOwnerEmail);
        await second.GetByLabel("Password").FillAsync(SecondOwnerPassword);
        await second.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Set up two-factor authentication" })).ToBeVisibleAsync();
        await CheckAsync(second, "the required set-up on a phone", failures);
        var secondTotp = new Totp(Base32Encoding.ToBytes((await second.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()));
        await second.GetByLabel("Code from the app").FillAsync(secondTotp.ComputeTotp(DateTime.UtcNow));
        await second.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication is on", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(second, "the recovery codes after the required set-up", failures);
        await second.GetByTestId("continue").ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Surveys", Level = 1 })).ToBeVisibleAsync();

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private async Task CheckAsync(IPage page, string state, List<string> failures)
    {
        var violations = await Accessibility.RunAsync(page);
        output.WriteLine($"{state}: {violations.Count} axe violation(s)");
        if (violations.Count > 0)
        {
            failures.Add(Accessibility.Describe(violations, state));
        }
    }
}
