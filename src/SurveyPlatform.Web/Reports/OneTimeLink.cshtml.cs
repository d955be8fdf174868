using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Reports;

/// <summary>
/// The anonymous respondent's one-time report link, issued from the thank-you page to the browser that
/// completed the response and shown only in the answer to that post (never stored in clear, never shown again).
/// </summary>
[AllowAnonymous]
public sealed class OneTimeLinkModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public string Code { get; private set; } = string.Empty;
    public string? Link { get; private set; }

    public IActionResult OnGet(string code) => RedirectToPage("/Respond/Thanks", new { code });

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Code = code;
        if (await OneTimeReportLinks.OfferedSessionAsync(db, code, Request, cancellationToken) is not { } session)
        {
            return Page(); // Already issued, not this browser's response, or reports are off: no link.
        }

        var token = await OneTimeReportLinks.IssueAsync(db, session.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        Link = token is null ? null : Url.PageLink("/Reports/Report", values: new { token });
        return Page();
    }
}
