using OtpNet;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Accounts;

/// <summary>
/// The two-factor pages driven through their forms. Codes are computed here with Otp.NET from the key
/// the page shows, independently of Identity's own TOTP code.
/// </summary>
internal static class TwoFactorPages
{
    public const string EnableForm = "form[action*='handler=Enable']";
    public const string RecoveryCodesForm = "form[action*='handler=RecoveryCodes']";
    public const string DisableForm = "form[action*='handler=Disable']";

    /// <summary>The key the set-up shows, as Base32 (spaces removed, upper case).</summary>
    public static string Key(Page page)
    {
        var shown = page.Text("[data-testid=authenticator-key]");
        Assert.False(string.IsNullOrWhiteSpace(shown), $"No authenticator key on {page.Url}:\n{page.Document.Body?.TextContent}");
        return shown.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
    }

    public static string CodeNow(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);

    /// <summary>A well-formed code that is not valid now: the one the app will show in ten minutes.</summary>
    public static string WrongCode(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddMinutes(10));

    public static IReadOnlyList<string> RecoveryCodes(Page page) =>
        [.. page.Document.QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim())];

    /// <summary>Turns two-factor authentication on from the profile; returns the key and the recovery codes shown.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableAsync(HtmlSession session)
    {
        var profile = await session.GetAsync("/account/profile");
        Assert.Contains("Two-factor authentication is off", profile.Text("[data-testid=profile-two-factor]"), StringComparison.Ordinal);
        var setupLink = profile.Document.QuerySelector("a[href='/account/two-factor']")!.GetAttribute("href")!;
        var setup = await session.GetAsync(setupLink);
        var key = Key(setup);
        var enabled = await session.SubmitAsync(setup, EnableForm, Fields(("Code", CodeNow(key))));
        Assert.True(enabled.Response.Headers.CacheControl?.NoStore, "The page with the recovery codes must not be stored.");
        Assert.Contains("Two-factor authentication is on", enabled.Text("[data-testid=two-factor-status]"), StringComparison.Ordinal);
        var codes = RecoveryCodes(enabled);
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    /// <summary>The password step; returns the page it leads to.</summary>
    public static async Task<Page> PasswordAsync(HtmlSession session, string email, string password) =>
        await session.SubmitAsync(await session.GetAsync("/account/login"), "main form", Fields(("Input.Email", email), ("Input.Password", password)));

    public static Task<Page> CodeAsync(HtmlSession session, Page codePage, string code) =>
        session.SubmitAsync(codePage, "main form", Fields(("Code", code)));

    public static Dictionary<string, string[]> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => new[] { f.Value });
}
