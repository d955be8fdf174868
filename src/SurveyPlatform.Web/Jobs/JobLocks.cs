using Hangfire;
using Microsoft.Extensions.Options;

namespace SurveyPlatform.Web.Jobs;

/// <summary>
/// Distributed locks in the job storage, shared by every node: two copies of one survey's job (a
/// retry, a re-queue after a restart, a second node) never overlap. The database still decides
/// what a job does; the lock only keeps copies from doing the same work at once.
/// </summary>
public sealed class JobLocks(JobStorage storage, IOptions<JobOptions> options)
{
    /// <summary>Waits for the lock on <paramref name="resource"/>; throws (and the job is retried later) if another copy holds it too long.</summary>
    public IDisposable Acquire(string resource)
    {
        var connection = storage.GetConnection();
        try
        {
            return new Held(connection.AcquireDistributedLock("surveyplatform:" + resource, options.Value.LockWait), connection);
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
