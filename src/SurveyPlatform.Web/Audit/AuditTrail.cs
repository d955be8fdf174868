using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Api;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Audit;

/// <summary>
/// The one way to write the audit trail. <see cref="RecordAsync(string, Guid?, string, CancellationToken)"/>
/// appends an entry for the current user (from the request; <see cref="AuditActor.System"/> in a
/// background job) and saves it <em>together with every change the context has pending</em>, in one
/// transaction: call it instead of <c>db.SaveChangesAsync</c> and the change and its record commit
/// or fail together. Inside a transaction the caller opened, the entry joins that transaction
/// (call it last, just before the commit: it holds the trail's lock until then).
/// <para>
/// Appends are serialised so the hash chain never forks: PostgreSQL takes a transaction-scoped
/// advisory lock, SQL Server an application lock owned by the transaction, and SQLite's
/// transactions start with BEGIN IMMEDIATE (EF's default there), which holds the database's one
/// write lock. A unique index on the sequence number is the last guard.
/// </para>
/// <para>
/// <c>what</c> is a short description for people reading the trail. Never put secrets, tokens,
/// passwords or respondents' answers in it.
/// </para>
/// </summary>
public sealed class AuditTrail(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Any number: the key of PostgreSQL's advisory lock for appends.</summary>
    public const long PostgresLockKey = 0x5350_4175_6469_74; // "SPAudit"

    public Task RecordAsync(string kind, Guid? surveyId, string what, CancellationToken cancellationToken) =>
        RecordAsync(kind, surveyId, what, CurrentActor(), cancellationToken);

    /// <summary>Records with an explicit actor (a sign-in, where the request is not yet signed in).</summary>
    public async Task RecordAsync(string kind, Guid? surveyId, string what, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        AuditEntry? entry = null;
        try
        {
            await LockAsync(cancellationToken);
            var last = await db.AuditEntries.AsNoTracking()
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            entry = AuditEntry.Append(last?.Sequence ?? 0, last?.Hash ?? AuditEntry.GenesisHash, clock.GetUtcNow().UtcDateTime, actor, kind, surveyId, what);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        catch
        {
            // The entry's sequence is now stale: a later save must not try to insert it again.
            if (entry is not null && db.Entry(entry).State == EntityState.Added)
            {
                db.Entry(entry).State = EntityState.Detached;
            }

            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Records a sign-in event (success, failure, refusal by the rate limit, a two-factor step)
    /// before the request is signed in: the account as actor when <paramref name="userId"/> is known,
    /// else <see cref="AuditActor.Anonymous"/> with the e-mail address that was tried. Pass no user
    /// id for a failed password step, so the entry does not say whether the address has an account.
    /// </summary>
    public Task RecordSignInAsync(string kind, string email, string? userId, string what, CancellationToken cancellationToken) =>
        RecordAsync(kind, null, what, new AuditActor(userId ?? AuditActor.Anonymous, (email ?? string.Empty).Trim(), null, ClientAddress()), cancellationToken);

    /// <summary>The signed-in user (with the access token, for API calls) and the client's address; <see cref="AuditActor.System"/> outside a request.</summary>
    public AuditActor CurrentActor()
    {
        var context = http.HttpContext;
        if (context is null)
        {
            return AuditActor.SystemActor;
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return new AuditActor(AuditActor.Anonymous, AuditActor.Anonymous, null, ClientAddress());
        }

        var token = Guid.TryParse(user.FindFirstValue(AccessTokenAuthenticationHandler.TokenIdClaim), out var tokenId) ? tokenId : (Guid?)null;
        return new AuditActor(id, user.FindFirstValue(ClaimTypes.Email) ?? user.Identity.Name ?? string.Empty, token, ClientAddress());
    }

    private string? ClientAddress() => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private async Task LockAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken);
        }
        else if (db.Database.IsSqlServer())
        {
            await db.Database.ExecuteSqlRawAsync("EXEC sp_getapplock @Resource = N'SurveyPlatform.AuditTrail', @LockMode = N'Exclusive', @LockOwner = N'Transaction'", cancellationToken);
        }

        // SQLite: the transaction already holds the write lock (BEGIN IMMEDIATE).
    }
}
