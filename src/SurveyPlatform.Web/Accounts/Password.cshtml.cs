using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// The signed-in user changes their password. Identity checks the new one (length, the common-password
/// list) and updates the security stamp, which ends the user's other sessions; this one is refreshed.
/// </summary>
public sealed class PasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your current password.")]
    public string CurrentPassword { get; set; } = string.Empty;

    [BindProperty(Name = "")]
    public PasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, CurrentPassword, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(CurrentPassword)
                    : error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password"
                    : string.Empty;
                ModelState.AddModelError(field, field == nameof(CurrentPassword) ? "The current password is not right." : error.Description);
            }

            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = "Your password is changed.";
        return RedirectToPage("/Accounts/Profile");
    }
}
