using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Privacy;

/// <summary>What one retention pass did to one survey. All zero when there was nothing left to do.</summary>
public sealed record RetentionCounts(int ResponsesDeleted, int ResponsesAnonymised, int AnswersRemoved, int ScoresRemoved, int SessionsRemoved, int ParticipantsRemoved)
{
    public static readonly RetentionCounts None = new(0, 0, 0, 0, 0, 0);

    public bool ChangedAnything => this != None;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{ResponsesDeleted} response(s) deleted, {ResponsesAnonymised} anonymised, {AnswersRemoved} answer(s) removed, {ScoresRemoved} per-respondent score(s) removed, {SessionsRemoved} session(s) removed, {ParticipantsRemoved} participant(s) removed");
}

/// <summary>
/// Applies each closed survey's retention choice once its days after the close have passed
/// (<see cref="Survey.RetentionAction"/>). One survey is one transaction; a pass over data already
/// deleted or anonymised finds nothing and changes nothing, so the daily job may run any number of
/// times. Scoring runs and their results documents (aggregates only) are never touched; the stored
/// per-respondent scores go with deleted responses and stay, keyed by a response id only, with
/// anonymised ones.
/// </summary>
public sealed class SurveyRetention(AppDbContext db, AuditTrail audit, TimeProvider clock, ILogger<SurveyRetention> logger)
{
    /// <summary>Every survey whose retention is due, each in its own transaction.</summary>
    public async Task<IReadOnlyDictionary<Guid, RetentionCounts>> ApplyDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.Surveys.AsNoTracking()
            .Where(s => s.RetentionAction != RetentionAction.None && s.Status == SurveyStatus.Closed && s.ClosedAt != null && s.RetentionDays != null)
            .Select(s => new { s.Id, s.ClosedAt, s.RetentionDays })
            .ToListAsync(cancellationToken);
        var done = new Dictionary<Guid, RetentionCounts>();
        foreach (var survey in candidates.Where(s => now >= s.ClosedAt!.Value.AddDays(s.RetentionDays!.Value)))
        {
            done[survey.Id] = await ApplyAsync(survey.Id, cancellationToken);
        }

        return done;
    }

    /// <summary>Applies one survey's retention if it is due; nothing otherwise.</summary>
    public async Task<RetentionCounts> ApplyAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var survey = await db.Surveys.SingleOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        if (survey is null || !survey.IsRetentionDue(now))
        {
            return RetentionCounts.None;
        }

        var counts = survey.RetentionAction == RetentionAction.Delete
            ? await DeleteAsync(survey.Id, cancellationToken)
            : await AnonymiseAsync(survey, cancellationToken);
        if (counts.ChangedAnything)
        {
            survey.RecordRetentionRun(now, counts.Describe());
            await audit.RecordAsync(AuditKinds.RetentionApplied, survey.Id, $"Retention ({survey.RetentionAction}, {survey.RetentionDays} days after close): {counts.Describe()}.", AuditActor.SystemActor, cancellationToken);
            logger.LogInformation("Retention ({Action}) applied to survey {SurveyId}: {Counts}", survey.RetentionAction, survey.Id, counts.Describe());
        }

        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    private async Task<RetentionCounts> DeleteAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var responses = db.Responses.Where(r => r.SurveyId == surveyId).Select(r => r.Id);
        var scores = await db.RespondentScores.Where(s => responses.Contains(s.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        await db.ReportLinks.Where(l => responses.Contains(l.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ResponseAttributes>().Where(a => responses.Contains(a.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        await db.Answers.Where(a => responses.Contains(a.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Responses.Where(r => r.SurveyId == surveyId).ExecuteDeleteAsync(cancellationToken);
        var sessions = await db.ResponseSessions.Where(s => s.SurveyId == surveyId).ExecuteDeleteAsync(cancellationToken);
        var participants = await DeleteParticipantsAsync(surveyId, cancellationToken);
        return new RetentionCounts(deleted, 0, 0, scores, sessions, participants);
    }

    private async Task<RetentionCounts> AnonymiseAsync(Survey survey, CancellationToken cancellationToken)
    {
        var responses = db.Responses.Where(r => r.SurveyId == survey.Id).Select(r => r.Id);

        // The participant's non-identifying attributes stay with their response, as anonymous mode keeps them.
        var linked = await db.Participants.AsNoTracking()
            .Where(p => p.SurveyId == survey.Id && p.SessionId != null && responses.Contains(p.SessionId.Value)
                        && !db.Set<ResponseAttributes>().Any(a => a.ResponseId == p.SessionId))
            .Select(p => new { SessionId = p.SessionId!.Value, p.AttributesJson })
            .ToListAsync(cancellationToken);
        foreach (var participant in linked.DistinctBy(p => p.SessionId))
        {
            var attributes = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(participant.AttributesJson) ?? [];
            if (ResponseAttributes.Keep(participant.SessionId, attributes, survey.NonIdentifyingAttributes.Where(n => !Survey.IdentifyingNames.Contains(n))) is { } kept)
            {
                db.Set<ResponseAttributes>().Add(kept);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var participants = await DeleteParticipantsAsync(survey.Id, cancellationToken);

        var identifying = await IdentifyingAnswerKeysAsync(survey.Id, cancellationToken);
        var storedKeys = await db.Answers.Where(a => responses.Contains(a.ResponseId)).Select(a => a.QuestionCode).Distinct().ToListAsync(cancellationToken);
        var remove = storedKeys.Where(identifying.Contains).ToList();
        var answers = remove.Count == 0 ? 0 : await db.Answers
            .Where(a => responses.Contains(a.ResponseId) && remove.Contains(a.QuestionCode))
            .ExecuteDeleteAsync(cancellationToken);

        // A mailed report link ties the person who holds it to their response.
        await db.ReportLinks.Where(l => responses.Contains(l.ResponseId)).ExecuteDeleteAsync(cancellationToken);
        var sessions = await db.ResponseSessions.Where(s => s.SurveyId == survey.Id).ExecuteDeleteAsync(cancellationToken);

        var anonymised = 0;
        foreach (var response in await db.Responses.Where(r => r.SurveyId == survey.Id).ToListAsync(cancellationToken))
        {
            anonymised += response.Anonymise() ? 1 : 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RetentionCounts(0, anonymised, answers, 0, sessions, participants);
    }

    /// <summary>
    /// The answer keys that can identify a person, in any published version: short and long text,
    /// dates, and "please specify" answers (the de-identified export's free text, plus dates).
    /// </summary>
    internal async Task<HashSet<string>> IdentifyingAnswerKeysAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var versions = await db.SurveyVersions.AsNoTracking().Where(v => v.SurveyId == surveyId).ToListAsync(cancellationToken);
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var question in versions.SelectMany(v => v.Definition.Questions))
        {
            if (question.Type is QuestionType.ShortText or QuestionType.LongText or QuestionType.Date)
            {
                keys.UnionWith(question.AnswerKeys());
            }

            if (question.OtherOption is not null)
            {
                keys.Add(question.OtherKey);
            }
        }

        return keys;
    }

    /// <summary>A survey's participants with their deliveries, links and report e-mail records.</summary>
    private async Task<int> DeleteParticipantsAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var people = db.Participants.Where(p => p.SurveyId == surveyId).Select(p => p.Id);
        await db.Deliveries.Where(d => people.Contains(d.ParticipantId)).ExecuteDeleteAsync(cancellationToken);
        await db.ParticipantLinks.Where(l => people.Contains(l.ParticipantId)).ExecuteDeleteAsync(cancellationToken);
        await db.ReportDeliveries.Where(d => people.Contains(d.ParticipantId)).ExecuteDeleteAsync(cancellationToken);
        return await db.Participants.Where(p => p.SurveyId == surveyId).ExecuteDeleteAsync(cancellationToken);
    }
}
