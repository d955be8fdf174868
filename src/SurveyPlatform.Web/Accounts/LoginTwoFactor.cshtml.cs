using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// The second step of signing in, after a right password on an account with two-factor
/// authentication: a six-digit code from the authenticator app, or one of the recovery codes (each
/// works once). Wrong app codes count towards Identity's lockout; every attempt counts towards the
/// sign-in rate limits.
/// </summary>
[AllowAnonymous]
public sealed class LoginTwoFactorModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, SignInThrottle throttle, AuditTrail audit) : PendingSignInPageModel
{
    public const string WrongCodeMessage = "That code is not right. Enter the current code from your authenticator app, or an unused recovery code.";
    public const string LockedMessage = "Too many wrong codes: sign-in to this account is locked for a while. Try again later.";

    [BindProperty]
    public string? Code { get; set; }

    public int? RetryAfterSeconds { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = PendingUser;
        var code = AuthenticatorApps.NormalizeCode(Code);
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(Code), "Enter the code from your authenticator app, or a recovery code.");
            return Page();
        }

        if (throttle.Refuse(HttpContext.Connection.RemoteIpAddress?.ToString(), user.NormalizedEmail ?? user.Id) is { } wait)
        {
            await audit.RecordSignInAsync(AuditKinds.SignInRefused, user.Email ?? string.Empty, user.Id, "Two-factor code refused by the rate limit.", cancellationToken);
            RetryAfterSeconds = LoginModel.TooManyAttempts(Response, wait);
            return Page();
        }

        var isAppCode = code.Length == 6 && code.All(char.IsAsciiDigit);
        var result = isAppCode
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            await audit.RecordSignInAsync(AuditKinds.SignIn, user.Email ?? string.Empty, user.Id, isAppCode ? "Signed in with a password and an authenticator code." : "Signed in with a password and a recovery code.", cancellationToken);
            if (!isAppCode)
            {
                var left = await users.CountRecoveryCodesAsync(user);
                TempData["Message"] = $"You signed in with a recovery code; it cannot be used again. {left} recovery code{(left == 1 ? string.Empty : "s")} left: make new ones on your profile if you are running low.";
            }

            return LocalRedirect(ReturnUrl!);
        }

        await audit.RecordSignInAsync(AuditKinds.SignInFailed, user.Email ?? string.Empty, user.Id, result.IsLockedOut ? "Wrong two-factor code; the account is locked for a while." : "Wrong two-factor code.", cancellationToken);
        ModelState.AddModelError(nameof(Code), result.IsLockedOut ? LockedMessage : WrongCodeMessage);
        return Page();
    }

    /// <summary>The account whose password was just accepted, if it uses two-factor authentication.</summary>
    protected override async Task<AppUser?> FindPendingUserAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        return user is not null && await users.GetTwoFactorEnabledAsync(user) ? user : null;
    }
}
