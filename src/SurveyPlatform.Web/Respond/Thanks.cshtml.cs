using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Respond;

[AllowAnonymous]
public sealed class ThanksModel(AppDbContext db) : PageModel
{
    public RespondText Text { get; private set; } = RespondText.English;
    public string Title { get; private set; } = string.Empty;

    /// <summary>An anonymous survey with reports on offers this browser's completed response a one-time report link.</summary>
    public bool OffersReport { get; private set; }

    public async Task OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var survey = code.Length > 16 ? null : await RespondQueries.ThanksAsync(db, code, cancellationToken);
        Text = RespondText.For(survey?.Language, Request);
        Title = survey?.Title ?? string.Empty;
        OffersReport = survey is { Anonymous: true } && await Reports.OneTimeReportLinks.OfferedSessionAsync(db, code, Request, cancellationToken) is not null;
    }
}
