using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Respond;

/// <summary>A survey read by its public code, with the session a browser's cookie names and the participant whose personal link started it.</summary>
public sealed record SurveyWithSession(Survey Survey, ResponseSession? Session, Participant? Participant);

/// <summary>What the thank-you page shows of its survey.</summary>
public sealed record ThanksSurvey(string Title, string? Language, bool Anonymous);

/// <summary>
/// The respondent pages' reads on every request, compiled once. In a mailing's burst these run a few
/// thousand times a second, and a LINQ query is otherwise rebuilt, its parameters extracted and its
/// plan looked up in the query cache on each call (a quarter of the read's CPU, measured:
/// docs/performance.md). A post attaches the session it saves (SurveyAsync).
/// </summary>
internal static class RespondQueries
{
    // A compiled query is bound to the model it first ran with; one process can hold more than one
    // (the tests run SQLite and PostgreSQL side by side), so each model gets its own set.
    private static readonly ConditionalWeakTable<IModel, Compiled> PerModel = new();

    private static Compiled For(AppDbContext db) => PerModel.GetValue(db.Model, static _ => new Compiled());

    private sealed class Compiled
    {
        // LEFT JOINs on the keys (SQLite has no APPLY for a subquery per row).
        public readonly Func<AppDbContext, string, Guid, CancellationToken, Task<SurveyWithSession?>> WithSessionUntracked = EF.CompileAsyncQuery(
            (AppDbContext db, string code, Guid id, CancellationToken _) =>
                (from survey in db.Surveys.AsNoTracking().IgnoreAutoIncludes().Where(s => s.PublicCode == code)
                 from session in db.ResponseSessions.AsNoTracking().Where(r => r.Id == id).DefaultIfEmpty()
                 from participant in db.Participants.AsNoTracking().Where(p => p.SessionId == id).DefaultIfEmpty()
                 select new SurveyWithSession(survey, session, participant)).SingleOrDefault());

        public readonly Func<AppDbContext, string, CancellationToken, Task<Survey?>> SurveyUntracked = EF.CompileAsyncQuery(
            (AppDbContext db, string code, CancellationToken _) => db.Surveys.AsNoTracking().IgnoreAutoIncludes().SingleOrDefault(s => s.PublicCode == code));

        public readonly Func<AppDbContext, string, CancellationToken, Task<ThanksSurvey?>> Thanks = EF.CompileAsyncQuery(
            (AppDbContext db, string code, CancellationToken _) =>
                db.Surveys.AsNoTracking().Where(s => s.PublicCode == code).Select(s => new ThanksSurvey(s.Title, s.Language, s.Anonymous)).SingleOrDefault());
    }

    public static Task<ThanksSurvey?> ThanksAsync(AppDbContext db, string code, CancellationToken cancellationToken) => For(db).Thanks(db, code, cancellationToken);

    /// <summary>
    /// The survey with this public code, and the cookie's session and its participant when a session id is given
    /// (not yet checked against the survey or the cookie's secret). With <paramref name="tracking"/> the session
    /// and the participant are tracked, to be saved; the survey never is (a respondent's request does not change
    /// it, and tracking its thirty-odd columns was a tenth of a post's change-tracking work; the one change, a
    /// close at the response limit, attaches it: <see cref="ResponseCompletion"/>). The survey comes without its
    /// draft (<see cref="SurveyDraft"/>): a JSON document the respondent pages never use stays in the database.
    /// </summary>
    public static async Task<SurveyWithSession?> SurveyAsync(AppDbContext db, string code, Guid? sessionId, bool tracking, CancellationToken cancellationToken)
    {
        var queries = For(db);
        if (sessionId is not { } id)
        {
            var survey = await queries.SurveyUntracked(db, code, cancellationToken);
            return survey is null ? null : new SurveyWithSession(survey, null, null);
        }

        var row = await queries.WithSessionUntracked(db, code, id, cancellationToken);
        if (tracking && row is not null)
        {
            if (row.Session is { } session)
            {
                db.ResponseSessions.Attach(session);
            }

            if (row.Participant is { } participant)
            {
                db.Participants.Attach(participant);
            }
        }

        return row;
    }
}
