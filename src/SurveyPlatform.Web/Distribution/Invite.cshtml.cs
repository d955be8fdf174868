using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Respond;

namespace SurveyPlatform.Web.Distribution;

/// <summary>
/// A personal link, <c>/i/{token}</c>. The token is exchanged for the respondent's session cookie
/// and the browser is redirected to <c>/s/{code}</c>, so the token never stays in the address bar,
/// history or referrers. The participant's own link always resumes their session (in any browser);
/// once they have responded it shows "already used". Lookups are rate-limited per client. In a
/// survey that takes the public link only, every personal link shows the generic "not valid" page.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PersonalLinks.RateLimitPolicy)]
public sealed class InviteModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public enum LinkState
    {
        NotValid,
        AlreadyUsed,
        NotYetOpen,
        Closed,
    }

    public LinkState State { get; private set; }
    public RespondText Text { get; private set; } = RespondText.English;
    public string Title { get; private set; } = string.Empty;
    public DateTime? OpensAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Text = RespondText.For(null, Request);
        var hash = PersonalLinks.LooksValid(token) ? PersonalLinks.Hash(token) : null;
        // A link the owner issued (on the participant) or one an invitation or reminder carried (ParticipantLinks).
        var mailedTo = hash is null ? null : await db.ParticipantLinks.Where(l => l.TokenHash == hash).Select(l => (Guid?)l.ParticipantId).SingleOrDefaultAsync(cancellationToken);
        var participant = hash is null ? null
            : await db.Participants.SingleOrDefaultAsync(p => p.TokenHash == hash || p.Id == mailedTo, cancellationToken);
        var survey = participant is null ? null : await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == participant.SurveyId, cancellationToken);
        if (participant is null || survey is null || survey.PublicCode is null || !survey.AllowsPersonalLinks)
        {
            return Show(LinkState.NotValid);
        }

        Text = RespondText.For(survey.Language, Request);
        Title = survey.Title;
        OpensAt = survey.OpensAt;
        if (participant.HasResponded)
        {
            return Show(LinkState.AlreadyUsed);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var cookie = ResponseCookie.New();
        var session = participant.SessionId is { } sessionId
            ? await db.ResponseSessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken)
            : null;
        if (session is not null)
        {
            cookie = cookie with { SessionId = session.Id };
            session.RotateToken(cookie.Hash);
        }
        else
        {
            switch (survey.Availability(now))
            {
                case SurveyAvailability.NotYetOpen:
                    return Show(LinkState.NotYetOpen);
                case SurveyAvailability.Open:
                    break;
                default:
                    return Show(LinkState.Closed);
            }

            var definition = (await db.SurveyVersions.AsNoTracking().SingleAsync(v => v.SurveyId == survey.Id && v.Number == survey.PublishedVersion, cancellationToken)).Definition.RespondentPages();
            var path = ResponseFlow.Path(definition, new Dictionary<string, string>(), participant.Attributes); // Their first page may depend on their attributes.
            session = ResponseSession.Start(cookie.SessionId, survey, cookie.Hash, path.Count > 0 ? path[0] : 0, now);
            db.ResponseSessions.Add(session);
            participant.Start(session.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        cookie.Write(Response, survey.PublicCode, survey.PartialExpiryDays);
        return RedirectToPage("/Respond/Index", new { code = survey.PublicCode });
    }

    private PageResult Show(LinkState state)
    {
        State = state;
        if (state == LinkState.NotValid)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }
}
