using System.Text;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using SurveyPlatform.Web.Admin;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>What a person sees to set up an authenticator app: the key to type, and the same as a QR code.</summary>
/// <param name="Key">The Base32 key in groups of four, lower case, as apps accept it typed.</param>
/// <param name="Uri">The otpauth:// URI the QR code holds.</param>
/// <param name="QrCodeDataUri">A PNG of the QR code as a data: URI (the Content-Security-Policy allows data: images, and nothing inline).</param>
public sealed record AuthenticatorSetup(string Key, string Uri, string QrCodeDataUri);

/// <summary>
/// Two-factor authentication with an authenticator app (TOTP, RFC 6238, through Identity's
/// authenticator token provider): set-up, enabling, recovery codes and turning it off.
/// </summary>
public sealed class AuthenticatorApps(UserManager<AppUser> users, SecuritySettings settings)
{
    public const string Issuer = "SurveyPlatform";
    public const int RecoveryCodeCount = 10;

    /// <summary>The account's key for set-up, made now if it has none. Making one changes the security stamp.</summary>
    public async Task<AuthenticatorSetup> SetupAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            key = await users.GetAuthenticatorKeyAsync(user)
                  ?? throw new InvalidOperationException("Identity made no authenticator key.");
        }

        var account = user.Email ?? user.UserName ?? user.Id;
        var uri = $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(account)}"
                  + $"?secret={key}&issuer={System.Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return new AuthenticatorSetup(Format(key), uri, "data:image/png;base64," + Convert.ToBase64String(png));
    }

    /// <summary>Checks a six-digit code from the app against the account's key.</summary>
    public async Task<bool> VerifyCodeAsync(AppUser user, string? code)
    {
        ArgumentNullException.ThrowIfNull(user);
        var digits = NormalizeCode(code);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit)
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
    }

    /// <summary>Turns two-factor authentication on and returns the first recovery codes (only their hashes are kept).</summary>
    public async Task<IReadOnlyList<string>> EnableAsync(AppUser user)
    {
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        return await NewRecoveryCodesAsync(user);
    }

    /// <summary>Replaces every recovery code with ten new ones, shown once.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(AppUser user)
    {
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount)
                    ?? throw new InvalidOperationException("Identity made no recovery codes.");
        return [.. codes];
    }

    /// <summary>Turns it off, and forgets the key and the recovery codes: turning it on again means a new set-up.</summary>
    public async Task DisableAsync(AppUser user)
    {
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        Check(await users.RemoveAuthenticationTokenAsync(user, HashedRecoveryCodeUserStore.TokenProvider, HashedRecoveryCodeUserStore.TokenName));
        Check(await users.ResetAuthenticatorKeyAsync(user));
    }

    public Task<int> RecoveryCodesLeftAsync(AppUser user) => users.CountRecoveryCodesAsync(user);

    /// <summary>Whether the Administrators' setting requires this user (an Administrator or survey owner) to use two-factor authentication.</summary>
    public async Task<bool> IsRequiredForAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await settings.RequireTwoFactorAsync(cancellationToken))
        {
            return false;
        }

        var roles = await users.GetRolesAsync(user);
        return roles.Contains(Roles.Administrator) || roles.Contains(Roles.SurveyOwner);
    }

    /// <summary>A code as typed, without spaces or hyphens.</summary>
    public static string NormalizeCode(string? code) =>
        string.Concat((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-'));

    private static string Format(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return text.ToString().ToLowerInvariant();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Identity refused a two-factor change: " + string.Join(" ", result.Errors.Select(e => e.Code)));
        }
    }
}

/// <summary>What the set-up partial (_AuthenticatorSetup) shows: the key, where its form posts, the code's error and where to go afterwards.</summary>
public sealed record AuthenticatorSetupForm(AuthenticatorSetup Setup, string Action, string? Error, string? ReturnUrl);
