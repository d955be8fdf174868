using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Audit;

/// <summary>The owner's view of the audit trail's entries about one survey. Anyone else gets 404.</summary>
[Authorize(Policy = Policies.SurveyOwners)]
public sealed class SurveyModel(AppDbContext db, AuditTrail audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public AuditFilter Filter { get; set; } = new();

    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public AuditView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var (entries, total) = await Filter.PageAsync(db, id, cancellationToken);
        View = new AuditView($"/surveys/{id}/audit", Filter, entries, total, SurveyFilter: false);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id, cancellationToken))
        {
            return NotFound();
        }

        await AuditExport.SendAsync(db, audit, Filter, id, HttpContext, cancellationToken);
        return new EmptyResult();
    }

    private async Task<bool> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ManageableBy(User).Where(s => s.Id == id).Select(s => new { s.Id, s.Title }).SingleOrDefaultAsync(cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Id = survey.Id;
        Title = survey.Title;
        return true;
    }
}
