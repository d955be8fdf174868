using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// Cookie events that give every sign-in a new session and an absolute end. At sign-in the principal
/// gets a random session id and the time of signing in (claims, so they are inside the encrypted
/// cookie); the time is also kept in the ticket's properties, so a refresh that rebuilds the principal
/// (a security-stamp check, <c>RefreshSignInAsync</c>) keeps the original time instead of restarting
/// the clock. Each validation rejects a session older than the absolute timeout, whatever the sliding
/// expiry says, and then hands over to Identity's security-stamp check.
/// </summary>
public static class SessionLifetime
{
    public const string SignedInAtClaim = "sp:signed_in_at";
    public const string SessionIdClaim = "sp:session";
    private const string SignedInAtItem = ".sp.signed_in_at";
    private const string SessionIdItem = ".sp.session";

    public static Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return Task.CompletedTask;
        }

        var signedInAt = SignedInAt(context.Principal)
            ?? (context.Properties.Items.TryGetValue(SignedInAtItem, out var kept) && long.TryParse(kept, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds());
        var sessionId = context.Principal.FindFirst(SessionIdClaim)?.Value
            ?? (context.Properties.Items.TryGetValue(SessionIdItem, out var keptId) && !string.IsNullOrEmpty(keptId)
                ? keptId
                : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        Replace(identity, SignedInAtClaim, signedInAt.ToString(CultureInfo.InvariantCulture));
        Replace(identity, SessionIdClaim, sessionId);
        context.Properties.Items[SignedInAtItem] = signedInAt.ToString(CultureInfo.InvariantCulture);
        context.Properties.Items[SessionIdItem] = sessionId;
        return Task.CompletedTask;
    }

    public static async Task OnValidatePrincipalAsync(CookieValidatePrincipalContext context, Func<CookieValidatePrincipalContext, Task> next)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SessionSettings>>().Value;
        var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var signedInAt = SignedInAt(context.Principal);
        if (signedInAt is null || now - DateTimeOffset.FromUnixTimeSeconds(signedInAt.Value) >= settings.AbsoluteTimeout)
        {
            // A cookie from before this check existed, or past its absolute end: sign in again.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await next(context);
    }

    /// <summary>Carries the session's claims over when Identity rebuilds the principal after a stamp check.</summary>
    public static Task OnRefreshingPrincipalAsync(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
        {
            foreach (var type in new[] { SignedInAtClaim, SessionIdClaim })
            {
                if (current.FindFirst(type) is { } claim)
                {
                    Replace(identity, type, claim.Value);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static long? SignedInAt(ClaimsPrincipal? principal) =>
        principal?.FindFirst(SignedInAtClaim)?.Value is { } value && long.TryParse(value, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;

    private static void Replace(ClaimsIdentity identity, string type, string value)
    {
        foreach (var existing in identity.FindAll(type).ToList())
        {
            identity.RemoveClaim(existing);
        }

        identity.AddClaim(new Claim(type, value));
    }
}
