namespace SurveyPlatform.Web.Jobs;

/// <summary>
/// Read-only view of the background work for the administrators' Jobs page. Like
/// <see cref="ISurveyJobs"/>, only this folder knows the scheduler is Quartz.
/// </summary>
public interface IJobMonitor
{
    /// <summary>The triggers the scheduler holds (at most 500), soonest next fire first, then those with none.</summary>
    Task<IReadOnlyList<JobTriggerInfo>> TriggersAsync(CancellationToken cancellationToken);

    /// <summary>The firings executing now on any node sharing the job store, earliest first.</summary>
    Task<IReadOnlyList<RunningJobInfo>> RunningAsync(CancellationToken cancellationToken);
}

/// <summary>What a job does, read from its key.</summary>
public enum JobKind
{
    Scoring,
    Close,
    Mailing,

    /// <summary>A job this application did not name (another group, or a key it cannot read).</summary>
    Other,
}

/// <summary>A trigger's state in the scheduler's terms, without the scheduler's types.</summary>
public enum JobTriggerState
{
    /// <summary>Waiting for its next fire time.</summary>
    Normal,
    Paused,

    /// <summary>Held back because its job allows one run at a time and one is running.</summary>
    Blocked,

    /// <summary>Stopped after a failure the scheduler could not recover from.</summary>
    Error,

    /// <summary>Will not fire again.</summary>
    Complete,
    Executing,

    /// <summary>Waiting for another trigger's firing to finish.</summary>
    Awaiting,

    /// <summary>The scheduler no longer knows the trigger.</summary>
    None,
}

/// <summary>The job a trigger or firing belongs to: its kind and the survey or mailing its key names.</summary>
public readonly record struct JobTarget(JobKind Kind, Guid? SurveyId, Guid? MailingId);

/// <summary>One trigger. Times are UTC.</summary>
public sealed record JobTriggerInfo(
    JobTarget Target,
    string JobKey,
    string TriggerKey,
    JobTriggerState State,
    DateTime? NextFireTimeUtc,
    DateTime? PreviousFireTimeUtc);

/// <summary>One firing that is executing now. Times are UTC.</summary>
public sealed record RunningJobInfo(
    JobTarget Target,
    string JobKey,
    string TriggerKey,
    DateTime FiredAtUtc,
    DateTime? ScheduledFireTimeUtc,
    string SchedulerInstanceId);
