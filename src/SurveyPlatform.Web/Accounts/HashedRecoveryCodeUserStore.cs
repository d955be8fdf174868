using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// Identity's EF store, except for two-factor recovery codes: the default keeps them in plain text in
/// AspNetUserTokens; this one keeps only their hashes (<see cref="RecoveryCodeHash"/>), under its own
/// token name so a plain-text value is never read as a hash. A code is shown once, when it is made.
/// Redeeming removes its hash; UserManager then saves the user with its concurrency stamp in the same
/// SaveChanges, so two sign-ins racing with one code cannot both succeed.
/// </summary>
public sealed class HashedRecoveryCodeUserStore(AppDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, AppDbContext>(context, describer)
{
    public const string TokenProvider = "[AspNetUserStore]";
    public const string TokenName = "RecoveryCodeHashes";

    /// <summary>Where Identity's default store keeps plain-text codes; cleared whenever codes are replaced.</summary>
    private const string PlainTextTokenName = "RecoveryCodes";

    public override async Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recoveryCodes);
        var hashes = recoveryCodes.Select(RecoveryCodeHash.Hash).ToList();
        await RemoveTokenAsync(user, TokenProvider, PlainTextTokenName, cancellationToken);
        if (hashes.Count == 0)
        {
            await RemoveTokenAsync(user, TokenProvider, TokenName, cancellationToken);
            return;
        }

        await SetTokenAsync(user, TokenProvider, TokenName, string.Join(';', hashes), cancellationToken);
    }

    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (RecoveryCodeHash.Normalize(code).Length == 0)
        {
            return false;
        }

        var hashes = await StoredHashesAsync(user, cancellationToken);
        var match = hashes.FindIndex(h => RecoveryCodeHash.Matches(h, code));
        if (match < 0)
        {
            return false;
        }

        hashes.RemoveAt(match);
        await SetTokenAsync(user, TokenProvider, TokenName, string.Join(';', hashes), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(AppUser user, CancellationToken cancellationToken) =>
        (await StoredHashesAsync(user, cancellationToken)).Count;

    private async Task<List<string>> StoredHashesAsync(AppUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, TokenProvider, TokenName, cancellationToken) ?? string.Empty;
        return [.. stored.Split(';', StringSplitOptions.RemoveEmptyEntries)];
    }
}
