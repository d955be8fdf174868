using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SurveyPlatform.Web.Admin;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

// The invitation token is a secret looked up by anyone who has the URL: limited per client address
// like the other token pages (personal, resume, opt-out and report links).
[AllowAnonymous]
[EnableRateLimiting(PersonalLinks.RateLimitPolicy)]
public sealed class InvitationModel(UserInvitations invitations, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty(Name = "")]
    public PasswordInput Input { get; set; } = new();

    public string? Email { get; private set; }
    public string? Role { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Email is null || !ModelState.IsValid)
        {
            return Page();
        }

        var (result, user) = await invitations.AcceptAsync(Token, Input.Password, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password" : string.Empty, error.Description);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }

        await signIn.SignInAsync(user!, isPersistent: false);
        TempData["Message"] = "Welcome. Your account is ready.";
        return RedirectToPage("/Surveys/Index");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var invitation = await invitations.FindUsableAsync(Token, cancellationToken);
        Email = invitation?.Email;
        Role = invitation?.Role;
        // The token is in this page's URL: don't leak it to other sites through the Referer header.
        Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
