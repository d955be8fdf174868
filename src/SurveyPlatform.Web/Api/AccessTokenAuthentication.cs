using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Api;

/// <summary>
/// The bearer scheme for /api only. It is never the default scheme, so it authenticates no page;
/// the API's policies name it alone, so a sign-in cookie authenticates no API call (and there is no
/// CSRF to defend against). The token's user is loaded afresh on each call: a removed role, a
/// lockout or a deleted account takes effect at once.
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";
    public const string TokenIdClaim = "token_id";

    /// <summary>Last-used times are written at most this often per token, not on every call.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Path.StartsWithSegments(ApiEndpoints.Prefix) || BearerSecret(Request) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        // The failure messages never contain the secret (they may be logged).
        const string refused = "The access token is unknown, expired or revoked.";
        if (!PersonalAccessToken.LooksValid(secret))
        {
            return AuthenticateResult.Fail(refused);
        }

        var hash = PersonalAccessToken.Hash(secret);
        var token = await db.AccessTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow().UtcDateTime;
        if (token is null || !token.IsUsable(now))
        {
            return AuthenticateResult.Fail(refused);
        }

        var user = await users.FindByIdAsync(token.UserId);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail(refused);
        }

        if (token.LastUsedAt is null || token.LastUsedAt < now - LastUsedResolution)
        {
            await db.AccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaims(token.ScopeList.Select(s => new Claim(ApiScopes.ClaimType, s)));
        identity.AddClaim(new Claim(TokenIdClaim, token.Id.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send a personal access token from your profile page as \"Authorization: Bearer spat_…\". An expired or revoked token is refused.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed",
            "The token lacks the scope this call needs, or its user lacks the role.");

    /// <summary>The secret from "Authorization: Bearer …", or null.</summary>
    public static string? BearerSecret(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && header.Length > bearer.Length
            ? header[bearer.Length..].Trim()
            : null;
    }
}
