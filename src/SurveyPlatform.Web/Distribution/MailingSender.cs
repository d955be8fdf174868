using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Mail;

namespace SurveyPlatform.Web.Distribution;

/// <summary>
/// Creates mailings and sends them, as the durable <c>SendMailingJob</c>. Each message is sent
/// inside the transaction that marks its delivery sent and records its personal link, and that
/// transaction commits only after the SMTP server accepted the message: a crash before the commit
/// leaves the delivery pending (it is sent after the restart), a crash after it leaves it sent, so
/// nobody is skipped and nobody gets a second copy (short of a crash in the instant between the
/// server's "250 OK" and the commit). Sending is batched and throttled to the mailing's rate, with
/// one SMTP connection per batch; SMTP failures are retried with backoff and then shown on the
/// participant, and a permanent refusal of the address bounces at once.
/// </summary>
public sealed class MailingSender(AppDbContext db, IMailSender mail, ISurveyJobs jobs, TimeProvider clock, AppLinks links, Microsoft.Extensions.Options.IOptions<FaultInjection> faults, ILogger<MailingSender> logger)
{
    private const int BatchSize = 50;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Creates a mailing with a delivery for everyone it is for, and schedules its job.</summary>
    public async Task<(Mailing? Mailing, IReadOnlyList<Domain.Questionnaires.FieldError> Errors)> CreateAsync(
        Guid surveyId, MailingKind kind, MailTemplate template, DateTime? at, int ratePerMinute, int maxRounds, int repeatDays, CancellationToken cancellationToken)
    {
        var (mailing, errors) = Mailing.Create(surveyId, kind, template, at ?? Now, ratePerMinute, maxRounds, repeatDays, Now);
        if (mailing is null)
        {
            return (null, errors);
        }

        if (!(await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == surveyId, cancellationToken)).AllowsPersonalLinks)
        {
            return (null, [new(string.Empty, "This survey accepts the public link only, so personal links in e-mails would not work. Change its access mode first.")]);
        }

        db.Mailings.Add(mailing);
        await AddDeliveriesAsync(mailing, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await jobs.ScheduleMailingAsync(mailing.Id, mailing.ScheduledAt, cancellationToken);
        return (mailing, errors);
    }

    /// <summary>The job: sends the current round's pending deliveries, then schedules what comes next.</summary>
    public async Task SendAsync(Guid mailingId, CancellationToken cancellationToken)
    {
        var mailing = await db.Mailings.SingleOrDefaultAsync(m => m.Id == mailingId, cancellationToken);
        if (mailing is null || mailing.Status == MailingStatus.Completed)
        {
            return;
        }

        if (mailing.ScheduledAt > Now)
        {
            await jobs.ScheduleMailingAsync(mailing.Id, mailing.ScheduledAt, cancellationToken);
            return;
        }

        if (mailing.Status == MailingStatus.Scheduled)
        {
            await AddDeliveriesAsync(mailing, cancellationToken); // Later reminder rounds: whoever has still not finished.
            mailing.StartSending();
            await db.SaveChangesAsync(cancellationToken);
        }

        var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == mailing.SurveyId, cancellationToken);
        var template = mailing.Template;
        var (kind, round, interval) = (mailing.Kind, mailing.Round, mailing.Interval);
        var (attempted, pauseAfter) = (0, faults.Value.MailingPauseAfterMessages);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Now;
            var batch = await db.Deliveries.AsNoTracking()
                .Where(d => d.MailingId == mailingId && d.Round == round && d.Status == DeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
                .OrderBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            await using var connection = mail.OpenBatch();
            foreach (var deliveryId in batch)
            {
                await SendOneAsync(connection, deliveryId, kind, template, survey, cancellationToken);
                if (++attempted == pauseAfter)
                {
                    await PauseAsync(mailingId, attempted, cancellationToken);
                }

                await Task.Delay(interval, clock, cancellationToken);
            }
        }

        db.ChangeTracker.Clear();
        var retryAt = await db.Deliveries.Where(d => d.MailingId == mailingId && d.Round == round && d.Status == DeliveryStatus.Pending)
            .MinAsync(d => d.NextAttemptAt, cancellationToken);
        if (retryAt is { } at)
        {
            await jobs.ScheduleMailingAsync(mailingId, at, cancellationToken);
            return;
        }

        mailing = await db.Mailings.SingleAsync(m => m.Id == mailingId, cancellationToken);
        if (mailing.FinishRound())
        {
            await db.SaveChangesAsync(cancellationToken);
            await jobs.ScheduleMailingAsync(mailingId, mailing.ScheduledAt, cancellationToken);
            return;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The crash test's pause (<see cref="FaultInjection.MailingPauseAfterMessages"/>).</summary>
    private async Task PauseAsync(Guid mailingId, int sent, CancellationToken cancellationToken)
    {
        logger.LogWarning("Mailing {MailingId} paused after {Sent} messages ({Setting} is set)", mailingId, sent, FaultInjection.Key(nameof(FaultInjection.MailingPauseAfterMessages)));
        await Task.Delay(TimeSpan.FromMinutes(2), clock, cancellationToken);
    }

    private async Task SendOneAsync(IMailBatch connection, Guid deliveryId, MailingKind kind, MailTemplate template, Domain.Surveys.Survey survey, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Claim the delivery first: this conditional write holds its row (PostgreSQL, SQL Server) or the
        // database's write lock (SQLite) until the commit, so another copy of this job (a re-queue after a
        // restart, another node) waits here and then finds it no longer pending: one message per delivery.
        if (await db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending), cancellationToken) == 0)
        {
            return;
        }

        var delivery = await db.Deliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);

        var participant = await db.Participants.SingleAsync(p => p.Id == delivery.ParticipantId, cancellationToken);
        var now = Now;
        if (!survey.AllowsPersonalLinks || !Mailing.IsFor(kind, participant) || await OptedOutEverywhereAsync(participant.Email, cancellationToken))
        {
            delivery.Skip();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var (token, hash) = PersonalLinks.New();
        db.ParticipantLinks.Add(new ParticipantLink(hash, participant.Id, now));
        var optOut = links.PageForMail("/Distribution/OptOut", new { token });
        var (subject, text, html) = template.Render(new Dictionary<string, string>
        {
            ["FirstName"] = participant.FirstName,
            ["LastName"] = participant.LastName,
            ["SurveyTitle"] = survey.Title,
            ["SurveyLink"] = links.PageForMail("/Distribution/Invite", new { token }),
            ["OptOutLink"] = optOut,
            ["CloseDate"] = survey.CloseAt?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "when enough responses are in",
        });
        delivery.MarkSent(now);
        participant.MarkSent(kind, now);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await connection.SendAsync(new MailMessageContent(participant.Email, subject, text, html)
            {
                Headers = new Dictionary<string, string>
                {
                    ["List-Unsubscribe"] = $"<{optOut}>",
                    ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
                },
            }, cancellationToken);
        }
        catch (MailDeliveryException failure)
        {
            await transaction.RollbackAsync(cancellationToken);
            await RecordFailureAsync(deliveryId, failure, cancellationToken);
            return;
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task RecordFailureAsync(Guid deliveryId, MailDeliveryException failure, CancellationToken cancellationToken)
    {
        var error = failure.Message;
        db.ChangeTracker.Clear();
        var delivery = await db.Deliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var participant = await db.Participants.SingleAsync(p => p.Id == delivery.ParticipantId, cancellationToken);
        if (failure.RecipientRejected)
        {
            delivery.Bounce(error);
            participant.MarkBounced(error);
        }
        else if (!delivery.Fail(error, Now))
        {
            participant.MarkFailed(error);
        }

        await db.SaveChangesAsync(cancellationToken);
        // The reason, not the stored error: a server's reply may quote the address.
        logger.LogWarning("Sending delivery {DeliveryId} failed (attempt {Attempt}): {Reason}", deliveryId, delivery.Attempts, failure.Reason);
    }

    private Task<bool> OptedOutEverywhereAsync(string email, CancellationToken cancellationToken)
    {
        var normalised = Participant.Normalise(email);
#pragma warning disable CA1862 // EF Core translates ToLower to SQL on both providers; StringComparison overloads are not translated.
        return db.Participants.AnyAsync(p => p.OptedOutEverywhere && p.Email.ToLower() == normalised, cancellationToken);
#pragma warning restore CA1862
    }

    /// <summary>One delivery per person the mailing's current round is for (idempotent: existing ones are kept).</summary>
    private async Task AddDeliveriesAsync(Mailing mailing, CancellationToken cancellationToken)
    {
        var already = (await db.Deliveries.Where(d => d.MailingId == mailing.Id && d.Round == mailing.Round).Select(d => d.ParticipantId).ToListAsync(cancellationToken)).ToHashSet();
        var people = await db.Participants.AsNoTracking().Where(p => p.SurveyId == mailing.SurveyId).ToListAsync(cancellationToken);
        foreach (var person in people.Where(p => mailing.IsFor(p) && !already.Contains(p.Id)))
        {
            db.Deliveries.Add(new Delivery(mailing.Id, person.Id, mailing.Round));
        }
    }
}
