using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// Between a correct password and a finished two-factor set-up, a user whom the Administrators' setting
/// requires to use two-factor authentication is not signed in: they hold only Identity's short-lived
/// two-factor cookie (the one the code step uses), marked as a pending set-up, which opens nothing but
/// /account/two-factor/required.
/// </summary>
public static class PendingTwoFactorSetup
{
    private const string MarkerClaim = "sp:two-factor-setup";

    public static Task StartAsync(HttpContext context, string userId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, userId), new Claim(MarkerClaim, "required")],
            IdentityConstants.TwoFactorUserIdScheme);
        return context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>The pending user's id, or null when there is no pending set-up (or it has expired).</summary>
    public static async Task<string?> UserIdAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return result.Principal?.FindFirstValue(MarkerClaim) == "required" ? result.Principal.FindFirstValue(ClaimTypes.Name) : null;
    }

    public static Task EndAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
    }
}
