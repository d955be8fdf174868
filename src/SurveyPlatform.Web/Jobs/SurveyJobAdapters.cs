using Quartz;
using SurveyPlatform.Web.Distribution;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Jobs;

// Thin adapters: each resolves one service (Quartz builds jobs in a DI scope) and calls one method.
// Exceptions reach the scheduler, which retries by the trigger's policy and records the failure.

internal sealed class ScoreSurveyJob(SurveyScoring scoring) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await scoring.ScoreAsync(SurveyId(context), cancellationToken);

    internal static Guid SurveyId(IJobExecutionContext context) =>
        Guid.Parse(context.MergedJobDataMap.GetString(QuartzSurveyJobs.SurveyIdKey)!);
}

internal sealed class CloseSurveyJob(SurveyLifecycle lifecycle) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await lifecycle.CloseOnScheduleAsync(ScoreSurveyJob.SurveyId(context), cancellationToken);
}

internal sealed class SendMailingJob(MailingSender sender) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sender.SendAsync(Guid.Parse(context.MergedJobDataMap.GetString(QuartzSurveyJobs.MailingIdKey)!), cancellationToken);
}
