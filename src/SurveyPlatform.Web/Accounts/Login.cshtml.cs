using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

[AllowAnonymous]
public sealed class LoginModel(AccountSignIn accountSignIn, SignInThrottle throttle, UserManager<AppUser> users, AuditTrail audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }

    /// <summary>Set when the attempt was refused by the rate limit: how long to wait, in whole seconds.</summary>
    public int? RetryAfterSeconds { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = string.Empty;
    }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        if (throttle.Refuse(HttpContext.Connection.RemoteIpAddress?.ToString(), users.NormalizeEmail(email)) is { } wait)
        {
            await audit.RecordSignInAsync(AuditKinds.SignInRefused, email, null, $"Sign-in as {email} refused by the rate limit.", cancellationToken);
            RetryAfterSeconds = TooManyAttempts(Response, wait);
            return Page();
        }

        var next = Url.IsLocalUrl(returnUrl) ? returnUrl : "/surveys";
        var (step, userId) = await accountSignIn.PasswordStepAsync(email, Input.Password, cancellationToken);
        if (step != PasswordStepResult.Failed)
        {
            var (kind, what) = step == PasswordStepResult.SignedIn
                ? (AuditKinds.SignIn, "Signed in with a password.")
                : (AuditKinds.SignInNeedsSecondFactor, "The password was right; the second factor follows.");
            await audit.RecordSignInAsync(kind, email, userId, what, cancellationToken);
        }

        switch (step)
        {
            case PasswordStepResult.SignedIn:
                return LocalRedirect(next);
            case PasswordStepResult.CodeNeeded:
                return RedirectToPage("/Accounts/LoginTwoFactor", new { returnUrl = next });
            case PasswordStepResult.SetupNeeded:
                return RedirectToPage("/Accounts/TwoFactorRequired", new { returnUrl = next });
            default:
                await audit.RecordSignInAsync(AuditKinds.SignInFailed, email, null, $"Sign-in as {email} failed (unknown address, wrong password or locked).", cancellationToken);
                ModelState.AddModelError(string.Empty, AccountSignIn.FailedMessage);
                return Page();
        }
    }

    /// <summary>Marks the response as refused by the rate limit (429, Retry-After); returns the wait in whole seconds for the page.</summary>
    internal static int TooManyAttempts(HttpResponse response, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
