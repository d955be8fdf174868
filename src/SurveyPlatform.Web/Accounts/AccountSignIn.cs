using Microsoft.AspNetCore.Identity;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

public enum PasswordStepResult
{
    /// <summary>Unknown e-mail, wrong password, locked out or not allowed: the person is told the same in every case.</summary>
    Failed,
    SignedIn,

    /// <summary>The password was right and the account uses two-factor authentication: the code step follows.</summary>
    CodeNeeded,

    /// <summary>The password was right, the Administrators' setting requires two-factor authentication and the account has none yet.</summary>
    SetupNeeded,
}

/// <summary>What the password step decided, and whose account it was (null when it failed, so a failure names nobody).</summary>
public readonly record struct PasswordStep(PasswordStepResult Result, string? UserId);

/// <summary>
/// The password step of signing in, answering the same way, in about the same time, whether the
/// e-mail address is unknown, the password wrong or the account locked out: where there is no
/// password to check, a dummy hash made with the same hasher is checked instead.
/// </summary>
public sealed class AccountSignIn(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    IPasswordHasher<AppUser> hasher,
    DummyPasswordHash dummy,
    AuthenticatorApps authenticator)
{
    /// <summary>The one message for every failed password step; it does not say whether the account exists or is locked.</summary>
    public const string FailedMessage = "The e-mail address or password is not right, or sign-in is locked for a while after too many failed attempts.";

    public async Task<PasswordStep> PasswordStepAsync(string email, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || await users.IsLockedOutAsync(user))
        {
            dummy.Check(hasher, password);
            return new(PasswordStepResult.Failed, null);
        }

        if (!await users.GetTwoFactorEnabledAsync(user) && await authenticator.IsRequiredForAsync(user, cancellationToken))
        {
            var checkedOnly = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
            if (!checkedOnly.Succeeded)
            {
                return new(PasswordStepResult.Failed, null);
            }

            await PendingTwoFactorSetup.StartAsync(signIn.Context, user.Id);
            return new(PasswordStepResult.SetupNeeded, user.Id);
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? new(PasswordStepResult.SignedIn, user.Id)
            : result.RequiresTwoFactor ? new(PasswordStepResult.CodeNeeded, user.Id)
            : new(PasswordStepResult.Failed, null);
    }
}

/// <summary>A hash of a random password, made once with the app's hasher, checked when there is no real one to check.</summary>
public sealed class DummyPasswordHash
{
    private static readonly AppUser Nobody = new();
    private string? _hash;

    public void Check(IPasswordHasher<AppUser> hasher, string password)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        var hash = _hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        _ = hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
