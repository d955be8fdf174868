using Quartz;

namespace SurveyPlatform.Web.Jobs;

internal sealed class QuartzSurveyJobs(ISchedulerFactory schedulerFactory, TimeProvider clock) : ISurveyJobs
{
    internal const string SurveyIdKey = "surveyId";
    internal const string Group = "surveys";

    internal static JobKey ScoringJob(Guid surveyId) => new($"score-{surveyId:N}", Group);
    internal static JobKey CloseJob(Guid surveyId) => new($"close-{surveyId:N}", Group);
    internal static TriggerKey CloseTrigger(Guid surveyId) => new($"close-{surveyId:N}", Group);
    internal const string MailingIdKey = "mailingId";
    internal static JobKey MailingJob(Guid mailingId) => new($"mail-{mailingId:N}", Group);
    internal static TriggerKey MailingTrigger(Guid mailingId) => new($"mail-{mailingId:N}", Group);

    /// <summary>Reads a job key this class made back into its kind and the survey or mailing it names.</summary>
    internal static JobTarget Describe(JobKey? key)
    {
        if (key is null || key.Group != Group)
        {
            return new JobTarget(JobKind.Other, null, null);
        }

        var name = key.Name;
        if (Named(name, "score-") is { } scored)
        {
            return new JobTarget(JobKind.Scoring, scored, null);
        }

        if (Named(name, "close-") is { } closed)
        {
            return new JobTarget(JobKind.Close, closed, null);
        }

        return Named(name, "mail-") is { } mailing
            ? new JobTarget(JobKind.Mailing, null, mailing)
            : new JobTarget(JobKind.Other, null, null);
    }

    private static Guid? Named(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParseExact(name.AsSpan(prefix.Length), "N", out var id) ? id : null;

    // Failures retry with backoff (about 10 s, 20 s, 40 s, 80 s), then stay visible on the run.
    private static readonly RetryPolicy Retries = RetryPolicy.Exponential(5, TimeSpan.FromSeconds(10), 2.0, TimeSpan.FromMinutes(5));

    public async Task EnqueueScoringAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<ScoreSurveyJob>()
            .WithIdentity(ScoringJob(surveyId))
            .UsingJobData(SurveyIdKey, surveyId.ToString())
            .RequestRecovery()
            .StoreDurably()
            .DisallowConcurrentExecution()
            .Build();
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity($"score-{surveyId:N}-{Guid.NewGuid():N}", Group)
            .ForJob(job)
            .StartNow()
            .WithRetryPolicy(Retries)
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
    }

    public async Task ScheduleCloseAsync(Guid surveyId, DateTime? closeAt, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await scheduler.UnscheduleJob(CloseTrigger(surveyId), cancellationToken);
        if (closeAt is not { } at)
        {
            return;
        }

        var job = JobBuilder.Create<CloseSurveyJob>()
            .WithIdentity(CloseJob(surveyId))
            .UsingJobData(SurveyIdKey, surveyId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(CloseTrigger(surveyId))
            .StartAt(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .WithRetryPolicy(Retries)
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public async Task ScheduleMailingAsync(Guid mailingId, DateTime at, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<SendMailingJob>()
            .WithIdentity(MailingJob(mailingId))
            .UsingJobData(MailingIdKey, mailingId.ToString())
            .RequestRecovery()
            .StoreDurably()
            .DisallowConcurrentExecution()
            .Build();
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(MailingTrigger(mailingId))
            .ForJob(job)
            .StartAt(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .WithRetryPolicy(Retries)
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        await scheduler.UnscheduleJob(trigger.Key, cancellationToken);
        await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
    }
}
