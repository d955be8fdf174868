using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Audit;

/// <summary>The whole audit trail for administrators: filter, page, export as CSV and verify the hash chain.</summary>
[Authorize(Policy = Policies.Administrators)]
public sealed class AdminModel(AppDbContext db, AuditTrail audit) : PageModel
{
    public const string Path = "/admin/audit";

    [BindProperty(SupportsGet = true)]
    public AuditFilter Filter { get; set; } = new();

    public AuditView View { get; private set; } = null!;
    public AuditVerification? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        await AuditExport.SendAsync(db, audit, Filter, null, HttpContext, cancellationToken);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await AuditChain.VerifyAsync(db, cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>A post without a known handler goes back to the page, not to an error.</summary>
    public IActionResult OnPost() => Redirect(Path);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (entries, total) = await Filter.PageAsync(db, null, cancellationToken);
        View = new AuditView(Path, Filter, entries, total, SurveyFilter: true);
    }
}
