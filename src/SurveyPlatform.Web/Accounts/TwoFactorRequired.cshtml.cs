using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// The set-up an Administrator or survey owner must finish, when the Administrators' setting requires
/// two-factor authentication, between a right password and being signed in. Until it is done the
/// person holds only the pending set-up cookie (<see cref="PendingTwoFactorSetup"/>), which opens
/// nothing else; finishing it turns two-factor authentication on, shows the recovery codes once and
/// signs the person in.
/// </summary>
[AllowAnonymous]
public sealed class TwoFactorRequiredModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuthenticatorApps authenticator, AuditTrail audit) : PendingSignInPageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public AuthenticatorSetup? Setup { get; private set; }
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = PendingUser;
        // Each view renews the short-lived pending cookie, so reading the page and adding the key fit in it.
        await PendingTwoFactorSetup.StartAsync(HttpContext, user.Id);
        Setup = await authenticator.SetupAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = PendingUser;
        if (!await authenticator.VerifyCodeAsync(user, Code))
        {
            ModelState.AddModelError(nameof(Code), SetupMessages.WrongCode(Code));
            Setup = await authenticator.SetupAsync(user);
            return Page();
        }

        NewRecoveryCodes = await authenticator.EnableAsync(user);
        await audit.RecordSignInAsync(AuditKinds.TwoFactorEnabled, user.Email ?? string.Empty, user.Id, "Two-factor authentication turned on (required set-up at sign-in).", HttpContext.RequestAborted);
        await PendingTwoFactorSetup.EndAsync(HttpContext);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim("amr", "mfa")]);
        await audit.RecordSignInAsync(AuditKinds.SignIn, user.Email ?? string.Empty, user.Id, "Signed in after the required two-factor set-up.", HttpContext.RequestAborted);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>The user whose password was accepted, while they still lack two-factor authentication and are not locked out.</summary>
    protected override async Task<AppUser?> FindPendingUserAsync()
    {
        var userId = await PendingTwoFactorSetup.UserIdAsync(HttpContext);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        return user is null || await users.GetTwoFactorEnabledAsync(user) || await users.IsLockedOutAsync(user) ? null : user;
    }
}
