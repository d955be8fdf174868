using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Accounts;

namespace SurveyPlatform.Web.Privacy;

/// <summary>
/// Erasure by e-mail address, for Administrators: find and preview what is held for an address in
/// every survey, then erase it on confirmation. The address travels only in form posts, never in a
/// URL, so it stays out of access logs.
/// </summary>
[Authorize(Policy = Policies.Administrators)]
public sealed class ErasureModel(AddressErasure erasure) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    public ErasurePreview? Preview { get; private set; }

    public ErasurePreview? Erased { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>A post without a known handler goes back to the page, not to an error.</summary>
    public IActionResult OnPost() => RedirectToPage("/Privacy/Erasure");

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (!CheckAddress())
        {
            return Page();
        }

        Preview = await erasure.PreviewAsync(Email!, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        if (!CheckAddress())
        {
            return Page();
        }

        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "Tick the box to confirm that this address's data is to be erased for good.");
            Preview = await erasure.PreviewAsync(Email!, cancellationToken);
            return Page();
        }

        Erased = await erasure.EraseAsync(Email!, cancellationToken);
        return Page();
    }

    private bool CheckAddress()
    {
        Email = Email?.Trim();
        if (string.IsNullOrEmpty(Email) || Email.Length > Participant.EmailMaxLength || !Email.Contains('@', StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(Email), "Enter the e-mail address to look for, like name@example.org.");
            return false;
        }

        return true;
    }
}
