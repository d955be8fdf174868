using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Distribution;

/// <summary>
/// Anonymous mode, applied when a response is completed, in the same transaction: the participant
/// keeps only their completion status (their link to the session is cleared), the non-identifying
/// attributes are copied onto the response, and every stored time of the response, its session and
/// the participant's completion is kept to the UTC day, so times in logs cannot be matched to them.
/// </summary>
internal static class Anonymity
{
    public static void Apply(AppDbContext db, Survey survey, ResponseSession session, SurveyResponse response, Participant? participant)
    {
        if (!survey.Anonymous)
        {
            return;
        }

        var sessionEntry = db.Entry(session);
        sessionEntry.Property(s => s.StartedAt).CurrentValue = Day(session.StartedAt);
        sessionEntry.Property(s => s.SavedAt).CurrentValue = Day(session.SavedAt);
        sessionEntry.Property(s => s.ExpiresAt).CurrentValue = Day(session.ExpiresAt);
        sessionEntry.Property(s => s.CompletedAt).CurrentValue = session.CompletedAt is { } completed ? Day(completed) : null;
        db.Entry(response).Property(r => r.SubmittedAt).CurrentValue = Day(response.SubmittedAt);

        if (participant is null)
        {
            return;
        }

        participant.Complete(Day(participant.CompletedAt ?? response.SubmittedAt));
        db.Entry(participant).Property(p => p.SessionId).CurrentValue = null;
        if (ResponseAttributes.Keep(response.Id, participant.Attributes, survey.NonIdentifyingAttributes) is { } kept)
        {
            db.Set<ResponseAttributes>().Add(kept);
        }
    }

    /// <summary>Midnight UTC of the instant's day.</summary>
    public static DateTime Day(DateTime utc) => DateTime.SpecifyKind(utc.Date, DateTimeKind.Utc);
}
