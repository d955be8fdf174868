using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// The signed-in user's two-factor authentication: set up an authenticator app (key and QR code,
/// then a code to prove it works), new recovery codes, and turning it off (with the password, and
/// not while the Administrators' setting requires it). Recovery codes are shown once, in the response
/// to the post that made them, and only their hashes are kept.
/// </summary>
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuthenticatorApps authenticator, AuditTrail audit) : PageModel
{
    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public AuthenticatorSetup? Setup { get; private set; }

    /// <summary>Set only in the response that made them.</summary>
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    /// <summary>A post without a known handler goes back to the page, not to an error.</summary>
    public IActionResult OnPost() => RedirectToPage("/Accounts/TwoFactor");

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        if (Enabled)
        {
            return RedirectToPage("/Accounts/TwoFactor");
        }

        if (!await authenticator.VerifyCodeAsync(user, Code))
        {
            ModelState.AddModelError(nameof(Code), SetupMessages.WrongCode(Code));
            return Page();
        }

        NewRecoveryCodes = await authenticator.EnableAsync(user);
        await audit.RecordAsync(AuditKinds.TwoFactorEnabled, null, "Two-factor authentication turned on (authenticator app).", HttpContext.RequestAborted);
        await signIn.RefreshSignInAsync(user);
        await LoadAsync();
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        if (!Enabled)
        {
            return RedirectToPage("/Accounts/TwoFactor");
        }

        NewRecoveryCodes = await authenticator.NewRecoveryCodesAsync(user);
        await audit.RecordAsync(AuditKinds.RecoveryCodesMade, null, "New recovery codes made; the old ones no longer work.", HttpContext.RequestAborted);
        await LoadAsync();
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        if (!Enabled)
        {
            return RedirectToPage("/Accounts/TwoFactor");
        }

        if (Required)
        {
            ModelState.AddModelError(nameof(Password), "Two-factor authentication is required for your role, so it cannot be turned off.");
            return Page();
        }

        if (string.IsNullOrEmpty(Password) || !await users.CheckPasswordAsync(user, Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter your current password to turn off two-factor authentication.");
            return Page();
        }

        await authenticator.DisableAsync(user);
        await audit.RecordAsync(AuditKinds.TwoFactorDisabled, null, "Two-factor authentication turned off.", HttpContext.RequestAborted);
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = "Two-factor authentication is off. Your authenticator app's entry and your recovery codes no longer work.";
        return RedirectToPage("/Accounts/TwoFactor");
    }

    /// <summary>Reads the user's state; when two-factor authentication is off, also the key to set it up (made if missing).</summary>
    private async Task<AppUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }

        Enabled = await users.GetTwoFactorEnabledAsync(user);
        Required = await authenticator.IsRequiredForAsync(user, HttpContext.RequestAborted);
        RecoveryCodesLeft = Enabled ? await authenticator.RecoveryCodesLeftAsync(user) : 0;
        Setup = null;
        if (!Enabled)
        {
            var hadKey = !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));
            Setup = await authenticator.SetupAsync(user);
            if (!hadKey)
            {
                // Making the key changed the security stamp; keep this session valid.
                await signIn.RefreshSignInAsync(user);
            }
        }

        return user;
    }
}

/// <summary>Messages of the set-up form, shared by the profile's set-up and the required set-up at sign-in.</summary>
public static class SetupMessages
{
    public static string WrongCode(string? code) => string.IsNullOrWhiteSpace(code)
        ? "Enter the 6-digit code your authenticator app shows."
        : "That code is not right. Check that you added the key above and enter the code the app shows now.";
}
