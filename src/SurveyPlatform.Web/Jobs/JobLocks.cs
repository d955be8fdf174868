using System.Diagnostics;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace SurveyPlatform.Web.Jobs;

/// <summary>
/// Distributed locks in the job storage, shared by every node: two copies of one survey's job (a
/// retry, a re-queue after a restart, a second node) never overlap. The database still decides
/// what a job does; the lock only keeps copies from doing the same work at once.
/// </summary>
public sealed class JobLocks(JobStorage storage, IOptions<JobOptions> options)
{
    /// <summary>
    /// The longest single wait inside the storage. Hangfire.Storage.SQLite polls a held lock every tenth of
    /// the timeout it is given: with the whole lock wait (5 minutes) that is every 30 s, so a dead node's lock
    /// that lapsed was taken over up to 30 s late. Short tries, repeated, poll every 0.3 s.
    /// </summary>
    private static readonly TimeSpan Try = TimeSpan.FromSeconds(3);

    /// <summary>Waits for the lock on <paramref name="resource"/>; throws (and the job is retried later) if another copy holds it too long.</summary>
    public IDisposable Acquire(string resource)
    {
        var wait = options.Value.LockWait;
        var waited = Stopwatch.StartNew();
        var connection = storage.GetConnection();
        try
        {
            while (true)
            {
                var attempt = TimeSpan.FromTicks(Math.Clamp((wait - waited.Elapsed).Ticks, 0, Try.Ticks));
                try
                {
                    return new Held(connection.AcquireDistributedLock("surveyplatform:" + resource, attempt), connection);
                }
                catch (DistributedLockTimeoutException) when (waited.Elapsed < wait)
                {
                    // Still held by another copy: try again until the whole wait has passed.
                }
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Held(IDisposable handle, IDisposable connection) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                handle.Dispose();
            }
            finally
            {
                connection.Dispose();
            }
        }
    }
}
