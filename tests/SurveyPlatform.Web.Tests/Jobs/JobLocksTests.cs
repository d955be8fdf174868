using System.Diagnostics;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Jobs;

/// <summary>
/// The per-survey job locks on the SQLite job store: a lock left by a node that died (no heartbeat) is taken
/// over soon after it lapses, not up to half a minute later; a live holder's lock is never taken.
/// </summary>
public sealed class JobLocksTests
{
    [Fact]
    public async Task ADeadHoldersLock_IsTakenOverSoonAfterItLapses()
    {
        await using var database = TestDatabase.Sqlite();
        var storage = JobStore.Open(database, new JobOptions { StaleLockSeconds = 2 });

        // What a killed node leaves: the lock row, its expiry no longer renewed.
        using (var sqlite = new SQLite.SQLiteConnection(JobStore.SqliteFile(database)))
        {
            sqlite.Insert(new Hangfire.Storage.SQLite.Entities.DistributedLock
            {
                Id = Guid.NewGuid().ToString(),
                Resource = "HangFire:surveyplatform:score:dead", // as Hangfire.Storage.SQLite names the lock of JobLocks' "score:dead"
                ResourceKey = "the killed node",
                ExpireAt = DateTime.UtcNow.AddSeconds(2),
            });
        }

        var locks = new JobLocks(storage, Options.Create(new JobOptions { LockWaitSeconds = 300 }));
        var waited = Stopwatch.StartNew();
        using (locks.Acquire("score:dead"))
        {
            waited.Stop();
        }

        // Before, the store polled a held lock every tenth of the 5-minute wait: the first look after the lapse came at 30 s.
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ALiveHoldersLock_IsNotTaken_TheOtherCopyGivesUpAfterTheLockWait()
    {
        await using var database = TestDatabase.Sqlite();
        var storage = JobStore.Open(database, new JobOptions { StaleLockSeconds = 1 }); // heart-beats every 0.2 s
        var locks = new JobLocks(storage, Options.Create(new JobOptions { LockWaitSeconds = 4 }));

        using var held = locks.Acquire("score:live");
        var waited = Stopwatch.StartNew();
        // Another thread, as another job's worker: the store's locks are re-entrant per thread.
        var other = await Task.Factory.StartNew(() => Record.Exception(() => locks.Acquire("score:live").Dispose()), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.IsAssignableFrom<DistributedLockTimeoutException>(other);
        Assert.True(waited.Elapsed >= TimeSpan.FromSeconds(3.5), $"Gave up after {waited.Elapsed.TotalSeconds:0.0} s, before the 4-s lock wait.");
    }
}
