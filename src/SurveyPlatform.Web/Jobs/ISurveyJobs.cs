namespace SurveyPlatform.Web.Jobs;

/// <summary>
/// The background-work seam. Features ask for work here; only this folder knows it is Quartz, so
/// Hangfire could replace it where that package is available.
/// </summary>
public interface ISurveyJobs
{
    /// <summary>Queues a scoring run for a survey. Queuing twice while one waits is harmless.</summary>
    Task EnqueueScoringAsync(Guid surveyId, CancellationToken cancellationToken);

    /// <summary>Closes the survey at <paramref name="closeAt"/> (UTC), or cancels the scheduled close when null.</summary>
    Task ScheduleCloseAsync(Guid surveyId, DateTime? closeAt, CancellationToken cancellationToken);

    /// <summary>Runs the mailing's sending job at <paramref name="at"/> (UTC), replacing any trigger it had.</summary>
    Task ScheduleMailingAsync(Guid mailingId, DateTime at, CancellationToken cancellationToken);
}
