using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Audit;

namespace SurveyPlatform.Web.Admin;

/// <summary>Security settings stored in the database: whether Administrators and survey owners must use two-factor authentication.</summary>
[Authorize(Policy = Policies.Administrators)]
public sealed class SecurityModel(SecuritySettings settings, AuditTrail audit) : PageModel
{
    [BindProperty]
    public bool RequireTwoFactor { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        RequireTwoFactor = await settings.RequireTwoFactorAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await settings.SetRequireTwoFactorAsync(RequireTwoFactor, cancellationToken))
        {
            await audit.RecordAsync(AuditKinds.SettingsChanged, null, RequireTwoFactor
                ? "Two-factor authentication now required for Administrators and survey owners."
                : "Two-factor authentication no longer required.", cancellationToken);
        }

        TempData["Message"] = RequireTwoFactor
            ? "Saved. Administrators and survey owners without two-factor authentication must set it up at their next sign-in."
            : "Saved. Two-factor authentication is optional for everyone.";
        return RedirectToPage("/Admin/Security");
    }
}
