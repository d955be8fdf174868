using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Health;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Observability;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Respond;

/// <summary>How saving a respondent's session ended.</summary>
public enum SessionSave
{
    Saved,

    /// <summary>Another post of the same session won the race and left it in progress: nothing of this post was saved.</summary>
    SupersededInProgress,

    /// <summary>Another post of the same session won the race and completed it: nothing of this post was saved.</summary>
    SupersededCompleted,
}

/// <summary>
/// Saves a respondent's session after a page post, and completes it after the last page: the response
/// is added, a participant's personal link is marked used, an anonymous survey's response is unlinked,
/// a response that reaches the limit closes the survey (<see cref="SurveyLifecycle.CloseAsync"/>) and one
/// finished in the grace period after a close is scored again. Each is one transaction; a concurrent post
/// of the same session that won the race is reported, not thrown.
/// </summary>
public sealed class ResponseCompletion(AppDbContext db, ISurveyJobs jobs, SurveyLifecycle lifecycle, SurveyMetrics metrics, ILogger<ResponseCompletion> logger)
{
    /// <summary>Saves the pending changes of <paramref name="session"/> (a page's answers).</summary>
    public Task<SessionSave> SaveAsync(ResponseSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return CommitAsync(session.Id, token => db.SaveChangesAsync(token), cancellationToken);
    }

    /// <summary>
    /// Completes the session with <paramref name="answers"/>. <paramref name="participant"/> is the invited
    /// participant whose personal link started it, if any. Scoring is queued only after the commit.
    /// </summary>
    public async Task<SessionSave> CompleteAsync(ResponseSession session, Survey survey, Participant? participant, IReadOnlyDictionary<string, string> answers, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(survey);
        var response = session.Complete(answers, survey, now);
        participant?.Complete(now); // Their personal link now says "already used".
        if (survey.Anonymous)
        {
            Anonymise(survey, session, response, participant);
        }

        var reachedLimit = survey is { Status: SurveyStatus.Open, ResponseLimit: { } limit }
                           && await db.Responses.CountAsync(r => r.SurveyId == survey.Id, cancellationToken) + 1 >= limit;

        // Finished in the grace period after a close: the scores must include it.
        var scoreAgain = !reachedLimit && survey.Status == SurveyStatus.Closed;
        if (scoreAgain)
        {
            await SurveyScoring.QueueRunAsync(db, survey.Id, SurveyScoring.CloseTrigger, now, cancellationToken);
        }

        // This response reached the limit: the close (with its scoring run) commits together with it, saved
        // through the audit trail with EF Core's own inserts. Otherwise the answers go in as one INSERT.
        Func<CancellationToken, Task> save = reachedLimit
            ? token => CloseAtLimitAsync(survey, response, token)
            : token => SaveWithAnswerRowsAsync(response, token);
        var saved = await CommitAsync(session.Id, save, cancellationToken);
        if (saved != SessionSave.Saved)
        {
            return saved;
        }

        metrics.Submitted();
        if (scoreAgain)
        {
            await jobs.EnqueueScoringAsync(survey.Id, cancellationToken);
        }

        return saved;
    }

    /// <summary>
    /// Saves the response with its answers and the close. The respondent's page read the survey untracked
    /// (RespondQueries): tracked from here, so the close is saved.
    /// </summary>
    private Task<bool> CloseAtLimitAsync(Survey survey, SurveyResponse completed, CancellationToken cancellationToken)
    {
        db.Responses.Add(completed);
        if (db.Entry(survey).State == EntityState.Detached)
        {
            db.Surveys.Attach(survey);
        }

        return lifecycle.CloseAsync(survey, CloseReason.Limit, cancellationToken);
    }

    /// <summary>
    /// Anonymous mode, in the same transaction as the completion: the participant keeps only their
    /// completion status, the non-identifying attributes are copied onto the response, and every stored time
    /// of the response, its session and the participant's completion is kept to the UTC day.
    /// </summary>
    private void Anonymise(Survey survey, ResponseSession session, SurveyResponse response, Participant? participant)
    {
        session.Anonymise();
        response.Anonymise();
        if (participant is null)
        {
            return;
        }

        participant.Unlink();
        if (ResponseAttributes.Keep(response.Id, participant.Attributes, survey.NonIdentifyingAttributes) is { } kept)
        {
            db.Set<ResponseAttributes>().Add(kept);
        }
    }

    /// <summary>
    /// Saves in one transaction, with the completed response's answers as one multi-row INSERT
    /// (<see cref="AnswerRows"/>; EF Core would send one INSERT per answer on SQLite).
    /// </summary>
    private async Task SaveWithAnswerRowsAsync(SurveyResponse completed, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var answers = AnswerRows.AddWithoutAnswers(db, completed);

        // No savepoint around SaveChanges: a failure ends the whole transaction here (it is rolled back as it
        // is disposed), so EF Core's SAVEPOINT and RELEASE would be two more round trips for nothing.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            db.Database.AutoSavepointsEnabled = true;
        }

        await AnswerRows.InsertAsync(db, answers, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="save"/>, which commits its own transaction. When another post of the same session won the race, says where it left things.</summary>
    private async Task<SessionSave> CommitAsync(Guid sessionId, Func<CancellationToken, Task> save, CancellationToken cancellationToken)
    {
        try
        {
            await save(cancellationToken);
            metrics.ResponseSaved();
            return SessionSave.Saved;
        }
        catch (DbUpdateException exception) when (!DatabaseFailure.IsTransient(exception))
        {
            // A conflict with another post of the same session (its row changed or was inserted first). A
            // database that went away is not one: that propagates and the respondent gets "try again" (503).
            db.ChangeTracker.Clear();
            var winner = await db.ResponseSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            logger.LogInformation("A concurrent post for response session {SessionId} was superseded ({Kind})", winner.Id, exception.GetType().Name);
            return winner.CompletedAt is null ? SessionSave.SupersededInProgress : SessionSave.SupersededCompleted;
        }
    }
}
