using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// A resume link: the secret is exchanged for the session cookie and the browser is redirected to
/// the survey's plain URL, so the secret does not stay in the address bar, history or referrers.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PersonalLinks.RateLimitPolicy)]
public sealed class ResumeModel(AppDbContext db) : PageModel
{
    public RespondText Text { get; private set; } = RespondText.English;

    public async Task<IActionResult> OnGetAsync(string code, string secret, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Text = RespondText.For(null, Request);
        var cookie = ResponseCookie.Parse(secret);
        var survey = code.Length > 16 || cookie is null ? null : await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.PublicCode == code, cancellationToken);
        var session = survey is null ? null : await db.ResponseSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == cookie!.SessionId && s.SurveyId == survey.Id, cancellationToken);
        if (survey is null || session is null || !cookie!.Matches(session.TokenHash))
        {
            Text = RespondText.For(survey?.Language, Request);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        cookie.Write(Response, code, survey.PartialExpiryDays);
        return RedirectToPage("/Respond/Index", new { code });
    }
}
