using Hangfire;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Jobs;

/// <summary>What a reconciliation found missing and created.</summary>
public sealed record ReconciledWork(int Closes, int Mailings, int Scorings);

/// <summary>
/// Scheduled work is derived from the application's own tables, not only from the job store: an
/// open survey's close time, an unfinished mailing's send time and a closed survey's pending
/// scoring run. At start, in <c>migrate</c>, and every few minutes as a recurring job, this
/// creates any Hangfire job that is missing, so a database from a version before Hangfire, a lost or
/// emptied job store, or a crash between a commit and its enqueue loses nothing.
/// </summary>
public sealed class ScheduledWork(AppDbContext db, HangfireSurveyJobs jobs, ILogger<ScheduledWork> logger)
{
    internal const string RecurringId = "reconcile-scheduled-work";

    /// <param name="afterStart">
    /// After a start, work in progress (a running scoring run, a mailing that was sending) is
    /// queued again even when the job store still shows a job for it: that job may belong to a
    /// process that died, and a second copy is harmless (the run record and each delivery's "sent"
    /// mark decide). The recurring check only creates jobs that are missing.
    /// </param>
    public async Task<ReconciledWork> ReconcileAsync(bool afterStart, CancellationToken cancellationToken)
    {
        var closes = 0;
        var openWithCloseTime = await db.Surveys.AsNoTracking()
            .Where(s => s.Status == SurveyStatus.Open && s.CloseAt != null)
            .Select(s => new { s.Id, s.CloseAt })
            .ToListAsync(cancellationToken);
        foreach (var survey in openWithCloseTime.Where(s => !jobs.IsAlive(HangfireSurveyJobs.CloseKey(s.Id))))
        {
            await jobs.ScheduleCloseAsync(survey.Id, survey.CloseAt, cancellationToken);
            closes++;
        }

        var mailings = 0;
        var unfinished = await db.Mailings.AsNoTracking()
            .Where(m => m.Status != MailingStatus.Completed)
            .Select(m => new { m.Id, m.Status, m.ScheduledAt })
            .ToListAsync(cancellationToken);
        foreach (var mailing in unfinished.Where(m => (afterStart && m.Status == MailingStatus.Sending) || !jobs.IsAlive(HangfireSurveyJobs.MailingKey(m.Id))))
        {
            await jobs.ScheduleMailingAsync(mailing.Id, mailing.ScheduledAt, cancellationToken);
            mailings++;
        }

        // Closed surveys with a run to finish (queued, running, or failed with attempts left), or never scored at all.
        var scorings = 0;
        var toScore = await db.Surveys.AsNoTracking()
            .Where(s => s.Status == SurveyStatus.Closed)
            .Where(s => !db.ScoringRuns.Any(r => r.SurveyId == s.Id)
                        || db.ScoringRuns.Any(r => r.SurveyId == s.Id
                                                   && (r.Status == ScoringRunStatus.Queued || r.Status == ScoringRunStatus.Running
                                                       || (r.Status == ScoringRunStatus.Failed && r.Attempts < ScoringRun.MaxAttempts))))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var surveyId in toScore.Where(id => afterStart || !jobs.IsAlive(HangfireSurveyJobs.ScoringKey(id))))
        {
            await jobs.EnqueueScoringAsync(surveyId, cancellationToken);
            scorings++;
        }

        var created = new ReconciledWork(closes, mailings, scorings);
        if (created != new ReconciledWork(0, 0, 0))
        {
            logger.LogInformation(
                "Reconciled scheduled work with the database: {Closes} close(s), {Mailings} mailing(s), {Scorings} scoring job(s) queued",
                closes, mailings, scorings);
        }

        return created;
    }

    /// <summary>The recurring job: creates only what is missing.</summary>
    [JobDisplayName("Reconcile scheduled work")]
    [DisableConcurrentExecution(60)]
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken cancellationToken) => ReconcileAsync(afterStart: false, cancellationToken);
}
