using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Audit;

/// <summary>What a check of the audit trail found: OK with the number of entries and the last hash, or the first broken link.</summary>
/// <param name="BrokenAt">The sequence number of the first entry that does not follow from the one before it.</param>
/// <param name="HeadHash">The last entry's hash when the chain is whole: write it down elsewhere to detect a later truncation.</param>
public sealed record AuditVerification(bool Ok, long Checked, long? BrokenAt, string? Reason, string? HeadHash)
{
    public string Describe() => Ok
        ? $"Audit trail OK: {Checked} entr{(Checked == 1 ? "y" : "ies")}, the chain is whole. Last hash: {HeadHash ?? AuditEntry.GenesisHash}."
        : $"Audit trail BROKEN at sequence {BrokenAt}: {Reason} ({Checked} entr{(Checked == 1 ? "y" : "ies")} before it are whole).";
}

/// <summary>Checks the audit trail's hash chain from its first entry.</summary>
public static class AuditChain
{
    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        long expected = 1;
        var previousHash = AuditEntry.GenesisHash;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var reason = entry.Sequence != expected ? $"expected sequence {expected} next, found {entry.Sequence} (an entry is missing or was inserted)"
                : entry.PreviousHash != previousHash ? "its previous hash is not the hash of the entry before it"
                : entry.Hash != entry.ComputeHash() ? "its values do not match its hash (the row was changed)"
                : null;
            if (reason is not null)
            {
                return new AuditVerification(false, expected - 1, Math.Min(entry.Sequence, expected), reason, null);
            }

            previousHash = entry.Hash;
            expected++;
        }

        return new AuditVerification(true, expected - 1, null, null, expected == 1 ? null : previousHash);
    }

    /// <summary>`dotnet SurveyPlatform.Web.dll audit-verify`: prints the result; exit code 0 when whole, 1 at a break.</summary>
    public static async Task<int> VerifyCommandAsync(IServiceProvider services, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var result = await VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), CancellationToken.None);
        await output.WriteLineAsync(result.Describe());
        return result.Ok ? 0 : 1;
    }
}
