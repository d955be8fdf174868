using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Respond;

namespace SurveyPlatform.Web.Distribution;

/// <summary>
/// The opt-out link in every invitation and reminder. GET asks for confirmation (mail scanners
/// follow links); POST records it, and also serves RFC 8058 one-click unsubscribe, which posts
/// without a form token.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(PersonalLinks.RateLimitPolicy)]
public sealed class OptOutModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public RespondText Text { get; private set; } = RespondText.English;
    public string Title { get; private set; } = string.Empty;
    public bool Valid { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        var participant = await FindAsync(token, cancellationToken);
        Done = participant?.OptedOutAt is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var participant = await FindAsync(token, cancellationToken);
        if (participant is not null)
        {
            participant.OptOut(clock.GetUtcNow().UtcDateTime, everywhere: false);
            await db.SaveChangesAsync(cancellationToken);
            Done = true;
        }

        return Page();
    }

    private async Task<Participant?> FindAsync(string token, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Text = RespondText.For(null, Request);
        var hash = PersonalLinks.LooksValid(token) ? PersonalLinks.Hash(token) : null;
        var participantId = hash is null ? null
            : await db.ParticipantLinks.Where(l => l.TokenHash == hash).Select(l => (Guid?)l.ParticipantId).SingleOrDefaultAsync(cancellationToken)
              ?? await db.Participants.Where(p => p.TokenHash == hash).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken);
        var participant = participantId is null ? null : await db.Participants.SingleOrDefaultAsync(p => p.Id == participantId, cancellationToken);
        var survey = participant is null ? null : await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == participant.SurveyId, cancellationToken);
        if (participant is null || survey is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }

        Text = RespondText.For(survey.Language, Request);
        Title = survey.Title;
        Valid = true;
        return participant;
    }
}
