using Hangfire;
using SurveyPlatform.Web.Jobs;

namespace SurveyPlatform.Web.Scoring;

/// <summary>
/// The scoring job. The survey's run record decides what it does (<see cref="SurveyScoring.ScoreAsync"/>),
/// so a copy that runs twice scores once; the per-survey lock keeps two copies from overlapping.
/// Failures are retried with backoff (10, 20, 40, 80 s); the run records each attempt. The run's final
/// attempt throws <see cref="ScoringRunFailedException"/>, which is not retried: the job is recorded as
/// failed, whatever attempt of this copy it was.
/// After the work, the survey's newest successful run gets its report e-mails queued (when the owner
/// enabled them): also when this copy found nothing pending, so a crash between the run's commit and
/// the queuing is made good by the copy Hangfire runs again. The report job is idempotent.
/// </summary>
public sealed class ScoreSurveyJob(SurveyScoring scoring, JobLocks locks, Reports.ReportMailer reports)
{
    [JobDisplayName("Score survey {0}")]
    [AutomaticRetry(Attempts = Domain.Scoring.ScoringRun.MaxAttempts - 1, DelaysInSeconds = [10, 20, 40, 80], OnAttemptsExceeded = AttemptsExceededAction.Fail, ExceptOn = [typeof(ScoringRunFailedException)])]
    public async Task RunAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        using var held = locks.Acquire($"score:{surveyId:N}");
        await scoring.ScoreAsync(surveyId, cancellationToken);
        await reports.RequestAfterScoringAsync(surveyId, cancellationToken);
    }
}
