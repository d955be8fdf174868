namespace SurveyPlatform.Web.Jobs;

/// <summary>
/// The background-work seam. Features ask for work here; only this folder knows the jobs run on
/// Hangfire. Every job is idempotent on the database side (the scoring run record, each delivery's
/// "sent" mark, the survey's status decide), so a job that runs twice has one effect.
/// </summary>
public interface ISurveyJobs
{
    /// <summary>Queues the survey's scoring job. Queuing twice is harmless: the job scores the survey's pending run, if any.</summary>
    Task EnqueueScoringAsync(Guid surveyId, CancellationToken cancellationToken);

    /// <summary>Closes the survey at <paramref name="closeAt"/> (UTC), replacing any scheduled close; null cancels it.</summary>
    Task ScheduleCloseAsync(Guid surveyId, DateTime? closeAt, CancellationToken cancellationToken);

    /// <summary>Runs the mailing's sending job at <paramref name="at"/> (UTC), replacing any scheduled run of it.</summary>
    Task ScheduleMailingAsync(Guid mailingId, DateTime at, CancellationToken cancellationToken);

    /// <summary>Queues the report e-mails of a finished scoring run. Queuing twice is harmless: each e-mail's "sent" mark decides.</summary>
    Task EnqueueReportsAsync(Guid runId, CancellationToken cancellationToken);
}
