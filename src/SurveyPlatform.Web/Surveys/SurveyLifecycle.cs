using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Web.Surveys;

/// <summary>Publishing and closing, with the background work each one starts.</summary>
public sealed class SurveyLifecycle(AppDbContext db, ISurveyJobs jobs, TimeProvider clock, AuditTrail audit)
{
    private const string CodeAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static string NewPublicCode() => RandomNumberGenerator.GetString(CodeAlphabet, 10);

    public async Task<IReadOnlyList<string>> PublishAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        await db.Entry(survey).Collection(s => s.Versions).LoadAsync(cancellationToken);
        var errors = survey.Publish(clock.GetUtcNow().UtcDateTime, NewPublicCode(), await AnsweredKeysAsync(survey.Id, cancellationToken));
        if (errors.Count > 0)
        {
            return errors;
        }

        await audit.RecordAsync(AuditKinds.SurveyPublished, survey.Id, $"Published version {survey.PublishedVersion}.", cancellationToken);
        if (survey.CloseAt is { } closeAt)
        {
            await jobs.ScheduleCloseAsync(survey.Id, closeAt, cancellationToken);
        }

        return errors;
    }

    /// <summary>The answer keys that already hold answers for this survey.</summary>
    public async Task<IReadOnlySet<string>> AnsweredKeysAsync(Guid surveyId, CancellationToken cancellationToken) =>
        (await db.Answers.Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == surveyId))
            .Select(a => a.QuestionCode).Distinct().ToListAsync(cancellationToken))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public async Task<bool> HasAnswersAsync(Guid surveyId, QuestionDefinition question, CancellationToken cancellationToken)
    {
        var keys = question.AnswerKeys().ToList();
        return await db.Answers.AnyAsync(a => keys.Contains(a.QuestionCode) && db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == surveyId), cancellationToken);
    }

    public async Task<string?> SetCloseTimeAsync(Survey survey, DateTime? closeAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var error = survey.ScheduleClose(closeAt, clock.GetUtcNow().UtcDateTime);
        if (error is not null)
        {
            return error;
        }

        await audit.RecordAsync(AuditKinds.SettingsChanged, survey.Id, closeAt is null ? "Automatic close removed." : $"Close time set to {closeAt:u}.", cancellationToken);
        if (survey.Status == SurveyStatus.Open)
        {
            await jobs.ScheduleCloseAsync(survey.Id, closeAt, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// The one way a survey closes, whatever closes it (the owner, its close time, its response
    /// limit): the survey is closed, its scoring run queued and the close recorded in the audit
    /// trail, which saves every change pending on the context in one transaction (a respondent's
    /// completion that reached the limit commits with the close). Only after that commit are the
    /// scheduled close cancelled and the scoring job queued, so the job always finds the survey
    /// closed. Returns false, and saves nothing, when the survey was not open.
    /// </summary>
    public async Task<bool> CloseAsync(Survey survey, CloseReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!survey.Close(now, reason))
        {
            return false;
        }

        await SurveyScoring.QueueRunAsync(db, survey.Id, SurveyScoring.CloseTrigger, now, cancellationToken);
        var what = reason switch
        {
            CloseReason.Schedule => "Closed at its close time; scoring queued.",
            CloseReason.Limit => "Closed at its response limit; scoring queued.",
            _ => "Closed by hand; scoring queued.",
        };

        // A limit close happens in a respondent's request: recorded as the system's act, so the trail
        // holds no respondent's address next to the moment their response was stored.
        var actor = reason == CloseReason.Manual ? audit.CurrentActor() : AuditActor.SystemActor;
        await audit.RecordAsync(AuditKinds.SurveyClosed, survey.Id, what, actor, cancellationToken);
        if (reason != CloseReason.Schedule)
        {
            await jobs.ScheduleCloseAsync(survey.Id, null, cancellationToken);
        }

        await jobs.EnqueueScoringAsync(survey.Id, cancellationToken);
        return true;
    }

    /// <summary>
    /// Reopens a closed survey by hand (see <see cref="Survey.Reopen"/>). Responses and earlier scoring
    /// runs stay as they are, the runs as history; the next close queues a new run over every
    /// response. Returns the refusal, or null.
    /// </summary>
    public async Task<string?> ReopenAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var now = clock.GetUtcNow().UtcDateTime;
        var responses = await db.Responses.CountAsync(r => r.SurveyId == survey.Id, cancellationToken);
        var closeTimePassed = survey.CloseAt is { } at && at <= now;
        var released = await ReleasedAtAsync(survey.Id, cancellationToken);
        if (survey.Reopen(now, responses, released) is { } refused)
        {
            return refused;
        }

        var runs = await db.ScoringRuns.CountAsync(r => r.SurveyId == survey.Id, cancellationToken);
        await audit.RecordAsync(AuditKinds.SurveyReopened, survey.Id,
            $"Reopened by hand; {responses} response(s) kept unchanged, {runs} earlier scoring run(s) kept as history."
            + (closeTimePassed ? " The close time had passed and was cleared." : string.Empty), cancellationToken); // committed with the reopen
        if (survey.CloseAt is { } closeAt)
        {
            await jobs.ScheduleCloseAsync(survey.Id, closeAt, cancellationToken);
        }

        return null;
    }

    /// <summary>When results of one of the survey's scoring runs were first released, if ever (it then cannot be reopened).</summary>
    public Task<DateTime?> ReleasedAtAsync(Guid surveyId, CancellationToken cancellationToken) =>
        db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == surveyId && r.ReleasedAt != null)
            .OrderBy(r => r.ReleasedAt).Select(r => r.ReleasedAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// What the scheduled close does. Safe to run more than once: a survey that is already closed
    /// but has never been scored (a crash between the two steps) is queued for scoring again.
    /// </summary>
    public async Task CloseOnScheduleAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.SingleOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        if (survey is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (survey.Status == SurveyStatus.Open)
        {
            if (survey.CloseAt is null || survey.CloseAt > now)
            {
                return; // The close time was cleared or moved; its own trigger will come.
            }

            await CloseAsync(survey, CloseReason.Schedule, cancellationToken);
        }
        else if (survey.Status == SurveyStatus.Closed
                 && !await db.ScoringRuns.AnyAsync(r => r.SurveyId == surveyId && r.Status == ScoringRunStatus.Succeeded, cancellationToken))
        {
            await jobs.EnqueueScoringAsync(survey.Id, cancellationToken); // the run queued with the close, or the survey's first
        }
    }
}
