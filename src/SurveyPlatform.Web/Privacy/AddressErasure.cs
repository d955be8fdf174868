using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Privacy;

#pragma warning disable CA1862 // EF Core translates ToLower to SQL on every provider; StringComparison overloads are not translated.

/// <summary>What is held for one e-mail address in one survey.</summary>
public sealed record SurveyErasureCounts(
    Guid SurveyId, string Title, int Participants, int Responses, int UnfinishedSessions, int Deliveries, int PersonalLinks, int ReportDeliveries, int ReportLinks, int RespondentScores);

/// <summary>Everything held for an address: per survey, plus Administrators' user invitations to it and whether a user account has it.</summary>
public sealed record ErasurePreview(string Address, IReadOnlyList<SurveyErasureCounts> Surveys, int UserInvitations, bool HasUserAccount)
{
    public bool IsEmpty => Surveys.Count == 0 && UserInvitations == 0;
}

/// <summary>
/// Erasure by e-mail address (the right to be forgotten), across every survey: each participant
/// record with that address (compared trimmed and ignoring case), the response and answering session
/// it is linked to (answers, per-respondent scores, report links, kept attributes), its invitation and
/// reminder deliveries, personal links and report e-mail records, and the Administrators' user
/// invitations to the address. Scoring runs keep their aggregate results documents. In an anonymous
/// survey the response was never linked to the participant, so only the participant record goes.
/// A user account with the address is reported, not removed (the Users page manages accounts).
/// One transaction; a second erasure finds nothing.
/// </summary>
public sealed class AddressErasure(AppDbContext db, AuditTrail audit, ILogger<AddressErasure> logger)
{
    public async Task<ErasurePreview> PreviewAsync(string address, CancellationToken cancellationToken)
    {
        var normalised = Participant.Normalise(address);
        var people = await db.Participants.AsNoTracking()
            .Where(p => p.Email.ToLower() == normalised)
            .Select(p => new { p.Id, p.SurveyId, p.SessionId })
            .ToListAsync(cancellationToken);
        var rows = new List<SurveyErasureCounts>();
        foreach (var group in people.GroupBy(p => p.SurveyId))
        {
            var ids = group.Select(p => p.Id).ToList();
            var sessionIds = group.Where(p => p.SessionId != null).Select(p => p.SessionId!.Value).ToList();
            var title = await db.Surveys.AsNoTracking().Where(s => s.Id == group.Key).Select(s => s.Title).SingleAsync(cancellationToken);
            rows.Add(new SurveyErasureCounts(
                group.Key,
                title,
                ids.Count,
                await db.Responses.CountAsync(r => sessionIds.Contains(r.Id), cancellationToken),
                await db.ResponseSessions.CountAsync(s => sessionIds.Contains(s.Id) && s.CompletedAt == null, cancellationToken),
                await db.Deliveries.CountAsync(d => ids.Contains(d.ParticipantId), cancellationToken),
                await db.ParticipantLinks.CountAsync(l => ids.Contains(l.ParticipantId), cancellationToken),
                await db.ReportDeliveries.CountAsync(d => ids.Contains(d.ParticipantId), cancellationToken),
                await db.ReportLinks.CountAsync(l => sessionIds.Contains(l.ResponseId), cancellationToken),
                await db.RespondentScores.CountAsync(s => sessionIds.Contains(s.ResponseId), cancellationToken)));
        }

        var invitations = await db.UserInvitations.CountAsync(i => i.Email.ToLower() == normalised, cancellationToken);
        var account = await db.Users.AnyAsync(u => u.NormalizedEmail == normalised.ToUpperInvariant(), cancellationToken);
        return new ErasurePreview(address.Trim(), rows.OrderBy(r => r.Title, StringComparer.CurrentCulture).ToList(), invitations, account);
    }

    /// <summary>Erases everything <see cref="PreviewAsync"/> counts, in one transaction; returns what was there.</summary>
    public async Task<ErasurePreview> EraseAsync(string address, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var preview = await PreviewAsync(address, cancellationToken);
        var normalised = Participant.Normalise(address);
        var people = db.Participants.Where(p => p.Email.ToLower() == normalised);
        var ids = await people.Select(p => p.Id).ToListAsync(cancellationToken);
        var sessionIds = await people.Where(p => p.SessionId != null).Select(p => p.SessionId!.Value).ToListAsync(cancellationToken);

        await db.RespondentScores.Where(s => sessionIds.Contains(s.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        await db.ReportLinks.Where(l => sessionIds.Contains(l.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ResponseAttributes>().Where(a => sessionIds.Contains(a.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        await db.Answers.Where(a => sessionIds.Contains(a.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        await db.Responses.Where(r => sessionIds.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.ResponseSessions.Where(s => sessionIds.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.Deliveries.Where(d => ids.Contains(d.ParticipantId)).ExecuteDeleteAsync(cancellationToken);
        await db.ParticipantLinks.Where(l => ids.Contains(l.ParticipantId)).ExecuteDeleteAsync(cancellationToken);
        await db.ReportDeliveries.Where(d => ids.Contains(d.ParticipantId)).ExecuteDeleteAsync(cancellationToken);
        await db.Participants.Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.UserInvitations.Where(i => i.Email.ToLower() == normalised).ExecuteDeleteAsync(cancellationToken);

        // The trail says who erased and what per survey, never the address itself.
        foreach (var survey in preview.Surveys)
        {
            await audit.RecordAsync(AuditKinds.Erasure, survey.SurveyId, $"Erased one address's data: {survey.Participants} participant(s), {survey.Responses} response(s), {survey.UnfinishedSessions} unfinished session(s), {survey.Deliveries} delivery record(s), {survey.PersonalLinks} personal link(s).", cancellationToken);
        }

        if (!preview.IsEmpty)
        {
            await audit.RecordAsync(AuditKinds.Erasure, null, $"Erased one address's data from {preview.Surveys.Count} survey(s) and {preview.UserInvitations} user invitation(s).", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Erased an address's data (domain {Domain}) from {Surveys} survey(s)", Domain(normalised), preview.Surveys.Count);
        return preview;
    }

    private static string Domain(string address) => address.Contains('@', StringComparison.Ordinal) ? address[(address.LastIndexOf('@') + 1)..] : "?";
}
#pragma warning restore CA1862
