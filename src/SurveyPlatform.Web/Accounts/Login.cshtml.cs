using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

[AllowAnonymous]
public sealed class LoginModel(AccountSignIn accountSignIn, SignInThrottle throttle, UserManager<AppUser> users) : PageModel
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
            // AUDIT: sign-in refused by the rate limit
            RetryAfterSeconds = TooManyAttempts(Response, wait);
            return Page();
        }

        var next = Url.IsLocalUrl(returnUrl) ? returnUrl : "/surveys";
        switch (await accountSignIn.PasswordStepAsync(email, Input.Password, cancellationToken))
        {
            case PasswordStepResult.SignedIn:
                // AUDIT: sign-in succeeded
                return LocalRedirect(next);
            case PasswordStepResult.CodeNeeded:
                return LocalRedirect("/account/login/two-factor?returnUrl=" + Uri.EscapeDataString(next));
            case PasswordStepResult.SetupNeeded:
                return LocalRedirect("/account/two-factor/required?returnUrl=" + Uri.EscapeDataString(next));
            default:
                // AUDIT: sign-in failed
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
