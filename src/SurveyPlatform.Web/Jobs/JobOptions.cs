namespace SurveyPlatform.Web.Jobs;

/// <summary>The <c>Jobs</c> settings (docs/configuration.md).</summary>
public sealed class JobOptions
{
    /// <summary>Whether this process runs a Hangfire server (processes jobs). Off, it still enqueues and schedules.</summary>
    public bool Server { get; set; } = true;

    /// <summary>This node's name on the dashboard; default machine name and process id.</summary>
    public string? ServerName { get; set; }

    /// <summary>Jobs that run at once on this node.</summary>
    public int Workers { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>How often a waiting queue is polled (PostgreSQL also wakes at once on NOTIFY).</summary>
    public double QueuePollSeconds { get; set; } = 1;

    /// <summary>How often scheduled jobs (closes, mailings, retries) are checked for being due.</summary>
    public double SchedulePollSeconds { get; set; } = 2;

    /// <summary>
    /// After this long a job fetched by a node that has stopped heart-beating is handed to another
    /// (PostgreSQL and SQL Server, sliding). On SQLite (one node) the start-up reconciliation
    /// re-queues in-progress work at once instead, and the job store's timeout is a fixed 30 minutes.
    /// </summary>
    public double InvisibilitySeconds { get; set; } = 120;

    /// <summary>
    /// A per-survey job lock older than this is taken as left by a dead node (PostgreSQL keeps no
    /// heartbeat on locks); SQLite's locks heart-beat and lapse 30 s (or this, if shorter) after their holder dies.
    /// </summary>
    public double StaleLockSeconds { get; set; } = 60;

    /// <summary>How long a job waits for another copy of itself (the same survey) before it retries later.</summary>
    public double LockWaitSeconds { get; set; } = 300;

    /// <summary>How long a stopping node gives running jobs to finish before they are released to the queue.</summary>
    public double ShutdownSeconds { get; set; } = 15;

    /// <summary>Cron expression of the recurring reconciliation of scheduled work with the application's data.</summary>
    public string ReconcileCron { get; set; } = "*/10 * * * *";

    /// <summary>Cron expression of the daily retention job (surveys' "after N days from close" choices), UTC.</summary>
    public string RetentionCron { get; set; } = "30 2 * * *";

    public TimeSpan QueuePoll => TimeSpan.FromSeconds(QueuePollSeconds);
    public TimeSpan SchedulePoll => TimeSpan.FromSeconds(SchedulePollSeconds);
    public TimeSpan Invisibility => TimeSpan.FromSeconds(InvisibilitySeconds);
    public TimeSpan StaleLock => TimeSpan.FromSeconds(StaleLockSeconds);
    public TimeSpan LockWait => TimeSpan.FromSeconds(LockWaitSeconds);
    public TimeSpan Shutdown => TimeSpan.FromSeconds(ShutdownSeconds);
}
