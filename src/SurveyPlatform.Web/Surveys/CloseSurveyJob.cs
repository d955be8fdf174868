using Hangfire;
using SurveyPlatform.Web.Jobs;

namespace SurveyPlatform.Web.Surveys;

/// <summary>The scheduled close: the survey's own close time decides (<see cref="SurveyLifecycle.CloseOnScheduleAsync"/>).</summary>
public sealed class CloseSurveyJob(SurveyLifecycle lifecycle, JobLocks locks)
{
    [JobDisplayName("Close survey {0}")]
    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 20, 40, 80], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        using var held = locks.Acquire($"close:{surveyId:N}");
        await lifecycle.CloseOnScheduleAsync(surveyId, cancellationToken);
    }
}
