using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Respond;

[AllowAnonymous]
public sealed class ThanksModel(AppDbContext db) : PageModel
{
    public RespondText Text { get; private set; } = RespondText.English;
    public string Title { get; private set; } = string.Empty;

    public async Task OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var survey = code.Length > 16 ? null : await db.Surveys.AsNoTracking()
            .Where(s => s.PublicCode == code).Select(s => new { s.Title, s.Language }).SingleOrDefaultAsync(cancellationToken);
        Text = RespondText.For(survey?.Language, Request);
        Title = survey?.Title ?? string.Empty;
    }
}
