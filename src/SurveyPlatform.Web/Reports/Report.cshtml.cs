using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Reports;

/// <summary>
/// A respondent's own report behind its link. Unknown tokens get 404 and expired or used links 410,
/// both with no survey data; lookups are rate-limited per client like personal and resume links. An
/// anonymous respondent's one-time link is spent only when the report is actually shown.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PersonalLinks.RateLimitPolicy)]
public sealed class ReportModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public enum Outcome
    {
        Shown,
        Unknown,
        Expired,
        Used,
        NotReady,
    }

    public Outcome State { get; private set; }
    public RespondentReport? Report { get; private set; }
    public bool OneTime { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex";
        var hash = PersonalLinks.LooksValid(token) ? PersonalLinks.Hash(token) : null;
        var link = hash is null ? null : await db.ReportLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        State = link is null ? Outcome.Unknown : link.StateAt(now) switch
        {
            ReportLinkState.Expired => Outcome.Expired,
            ReportLinkState.Used => Outcome.Used,
            _ => Outcome.Shown,
        };
        if (State != Outcome.Shown)
        {
            Response.StatusCode = State == Outcome.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
            return Page();
        }

        Report = await RespondentReport.LoadAsync(db, link!.ResponseId, cancellationToken);
        if (Report is null)
        {
            State = Outcome.NotReady; // The link stays usable (a one-time link is not spent).
            return Page();
        }

        OneTime = link.OneTime;
        if (link.OneTime && await db.ReportLinks.Where(l => l.TokenHash == hash && l.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, UtcDay.Of(now)), cancellationToken) == 0)
        {
            // Another request spent it first.
            (State, Report) = (Outcome.Used, null);
            Response.StatusCode = StatusCodes.Status410Gone;
        }

        return Page();
    }
}
