using Quartz;

namespace SurveyPlatform.Web.Jobs;

/// <summary>Reads the Quartz store through its query API; never changes anything.</summary>
internal sealed class QuartzJobMonitor(ISchedulerFactory schedulerFactory) : IJobMonitor
{
    internal const int MaxTriggers = 500;

    public async Task<IReadOnlyList<JobTriggerInfo>> TriggersAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var page = await scheduler.QueryTriggers(new TriggerQuery { Take = MaxTriggers }, cancellationToken);
        return page.Items
            .Select(t => new JobTriggerInfo(
                QuartzSurveyJobs.Describe(t.JobKey),
                t.JobKey.ToString(),
                t.Key.ToString(),
                State(t.State),
                t.NextFireTimeUtc?.UtcDateTime,
                t.PreviousFireTimeUtc?.UtcDateTime))
            .OrderBy(t => t.NextFireTimeUtc is null)
            .ThenBy(t => t.NextFireTimeUtc)
            .ThenBy(t => t.TriggerKey, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<RunningJobInfo>> RunningAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);

        // The default query lists executing firings only, on every node that shares the store.
        var page = await scheduler.QueryFireInstances(new FireInstanceQuery { Take = MaxTriggers }, cancellationToken);
        return page.Items
            .Select(f => new RunningJobInfo(
                QuartzSurveyJobs.Describe(f.JobKey),
                f.JobKey?.ToString() ?? string.Empty,
                f.TriggerKey.ToString(),
                f.FireTimeUtc.UtcDateTime,
                f.ScheduledFireTimeUtc?.UtcDateTime,
                f.SchedulerInstanceId))
            .OrderBy(f => f.FiredAtUtc)
            .ToList();
    }

    private static JobTriggerState State(TriggerState state) => state switch
    {
        TriggerState.Normal => JobTriggerState.Normal,
        TriggerState.Paused => JobTriggerState.Paused,
        TriggerState.Blocked => JobTriggerState.Blocked,
        TriggerState.Error => JobTriggerState.Error,
        TriggerState.Complete => JobTriggerState.Complete,
        TriggerState.Executing => JobTriggerState.Executing,
        TriggerState.Awaiting => JobTriggerState.Awaiting,
        _ => JobTriggerState.None,
    };
}
