using Hangfire;
using SurveyPlatform.Web.Jobs;

namespace SurveyPlatform.Web.Privacy;

/// <summary>
/// The daily retention job (recurring, <c>Jobs:RetentionCron</c>): applies every due survey's
/// retention choice. The database decides what is left to do, so a second copy changes nothing; the
/// lock keeps two copies from working at once.
/// </summary>
public sealed class RetentionJob(SurveyRetention retention, JobLocks locks)
{
    internal const string RecurringId = "apply-retention";

    [JobDisplayName("Apply survey retention")]
    [DisableConcurrentExecution(600)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var held = locks.Acquire("retention");
        await retention.ApplyDueAsync(cancellationToken);
    }
}
