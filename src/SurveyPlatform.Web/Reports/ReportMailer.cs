using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Mail;

namespace SurveyPlatform.Web.Reports;

/// <summary>
/// Report e-mails after scoring. One delivery per run and invited participant with a scored, completed
/// response; each is sent inside the transaction that claims it, marks it sent and stores its link's
/// hash, and that transaction commits only after the SMTP server accepted the message, so a job that
/// runs twice (a retry, a re-queue after a restart) sends each e-mail once. Failures are kept on the
/// delivery and the job is failed so Hangfire retries it with backoff, up to
/// <see cref="ReportDelivery.MaxAttempts"/> per e-mail.
/// </summary>
public sealed class ReportMailer(AppDbContext db, IMailSender mail, ISurveyJobs jobs, TimeProvider clock, AppLinks links, Results.ResultsRelease release, ILogger<ReportMailer> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Called by the scoring job: queues the reports of the survey's newest successful run, when the owner wants them.</summary>
    public async Task RequestAfterScoringAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        if (await MailableRunAsync(surveyId, cancellationToken) is { } runId)
        {
            await jobs.EnqueueReportsAsync(runId, cancellationToken);
        }
    }

    /// <summary>The newest successful run with a readiness index, when reports are on and the survey is not anonymous.</summary>
    private async Task<Guid?> MailableRunAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var wanted = await db.ReportSettings.AsNoTracking().AnyAsync(s => s.SurveyId == surveyId && s.Enabled, cancellationToken)
                     && !await db.Surveys.AsNoTracking().Where(s => s.Id == surveyId).Select(s => s.Anonymous).SingleOrDefaultAsync(cancellationToken);
        if (!wanted)
        {
            return null;
        }

        var run = await RespondentReport.CurrentRunAsync(db, surveyId, cancellationToken);
        return run?.Id;
    }

    /// <summary>The job: one e-mail per invited participant whose completed response has a readiness score in the run.</summary>
    public async Task SendAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.ScoringRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.Status != ScoringRunStatus.Succeeded || run.ModelHash is null
            || await MailableRunAsync(run.SurveyId, cancellationToken) != runId)
        {
            return; // Reports off, the survey anonymous, or a newer run took over (it mails its own).
        }

        await AddDeliveriesAsync(run, cancellationToken);
        if (await db.ReportDeliveries.AnyAsync(d => d.RunId == runId, cancellationToken))
        {
            // Reports show respondents this run's results: it is released before the first one goes out.
            await release.ReleaseAsync(run, ScoringRun.ReleasedByReports, "by sending respondent reports", cancellationToken);
        }

        var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == run.SurveyId, cancellationToken);
        var settings = await db.ReportSettings.AsNoTracking().SingleAsync(s => s.SurveyId == run.SurveyId, cancellationToken);
        var pending = await db.ReportDeliveries.AsNoTracking()
            .Where(d => d.RunId == runId && d.Status == ReportDeliveryStatus.Pending)
            .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        var failures = 0;
        await using (var connection = mail.OpenBatch())
        {
            foreach (var deliveryId in pending)
            {
                if (!await SendOneAsync(connection, deliveryId, survey, settings.LinkDays, cancellationToken))
                {
                    failures++;
                }
            }
        }

        if (failures > 0)
        {
            // Hangfire retries the job with backoff; sent e-mails are not sent again.
            throw new MailDeliveryException($"{failures} report e-mail(s) of run {runId} could not be sent and will be retried.");
        }
    }

    private async Task AddDeliveriesAsync(ScoringRun run, CancellationToken cancellationToken)
    {
        var already = (await db.ReportDeliveries.Where(d => d.RunId == run.Id).Select(d => d.ParticipantId).ToListAsync(cancellationToken)).ToHashSet();
        var scored = db.RespondentScores.Where(s => s.RunId == run.Id && s.Overall != null).Select(s => s.ResponseId);
        var people = await db.Participants.AsNoTracking()
            .Where(p => p.SurveyId == run.SurveyId && p.Status == Domain.Distribution.ParticipantStatus.Completed && p.SessionId != null && scored.Contains(p.SessionId.Value))
            .Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var person in people.Where(p => !already.Contains(p)))
        {
            db.ReportDeliveries.Add(new ReportDelivery(run.Id, person, Now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another copy of this job added them first (the unique index on run and participant).
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Returns false when the attempt failed and should be retried.</summary>
    private async Task<bool> SendOneAsync(IMailBatch connection, Guid deliveryId, Domain.Surveys.Survey survey, int linkDays, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Claim first: the conditional write holds the row (PostgreSQL) or the write lock (SQLite) until
        // the commit, so another copy of this job waits here and then finds it no longer pending.
        if (await db.ReportDeliveries.Where(d => d.Id == deliveryId && d.Status == ReportDeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, ReportDeliveryStatus.Pending), cancellationToken) == 0)
        {
            return true;
        }

        var delivery = await db.ReportDeliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var participant = await db.Participants.AsNoTracking().SingleAsync(p => p.Id == delivery.ParticipantId, cancellationToken);
        if (participant.SessionId is not { } responseId || participant.OptedOutAt is not null || await OptedOutEverywhereAsync(participant.Email, cancellationToken))
        {
            delivery.Skip();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }

        var now = Now;
        var (token, hash) = PersonalLinks.New();
        var link = ReportLink.Mailed(hash, responseId, now, linkDays);
        db.ReportLinks.Add(link);
        delivery.MarkSent(now);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await connection.SendAsync(ReportMail.Compose(participant.Email, participant.FirstName, survey.Title, links.PageForMail("/Reports/Report", new { token }), link.ExpiresAt!.Value), cancellationToken);
        }
        catch (MailDeliveryException failure)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RecordFailureAsync(deliveryId, failure, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> RecordFailureAsync(Guid deliveryId, MailDeliveryException failure, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var delivery = await db.ReportDeliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var retry = delivery.Fail(failure.Message, failure.RecipientRejected);
        await db.SaveChangesAsync(cancellationToken);
        // The reason, not the stored error: a server's reply may quote the address.
        logger.LogWarning("Report e-mail {DeliveryId} failed (attempt {Attempt}): {Reason}", deliveryId, delivery.Attempts, failure.Reason);
        return !retry;
    }

    private Task<bool> OptedOutEverywhereAsync(string email, CancellationToken cancellationToken)
    {
        var normalised = Domain.Distribution.Participant.Normalise(email);
#pragma warning disable CA1862 // EF Core translates ToLower to SQL on both providers; StringComparison overloads are not translated.
        return db.Participants.AnyAsync(p => p.OptedOutEverywhere && p.Email.ToLower() == normalised, cancellationToken);
#pragma warning restore CA1862
    }
}
