using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SurveyPlatform.Web.Audit;

/// <summary>
/// Refuses to save a change to or the removal of an audit entry through EF (every AppDbContext has
/// it, see AppDbContext.OnConfiguring). The entity has no setters, so a change can only come from
/// EF's own API (Remove, Entry().Property().CurrentValue, Update), which marks the entry at once:
/// the check reads the tracker without a second DetectChanges. The database's triggers refuse
/// UPDATE and DELETE from outside EF.
/// </summary>
public sealed class AuditEntryGuard : SaveChangesInterceptor
{
    public static AuditEntryGuard Instance { get; } = new();

    private AuditEntryGuard()
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            if (tracker.Entries<AuditEntry>().FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted) is { } refused)
            {
                throw new InvalidOperationException(
                    $"The audit trail is append-only: audit entry {refused.Entity.Sequence} cannot be {(refused.State == EntityState.Deleted ? "deleted" : "changed")}.");
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}
