using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

[AllowAnonymous]
public sealed class SetupModel(FirstRunSetup setup, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
    public string Email { get; set; } = string.Empty;

    [BindProperty(Name = "")]
    public PasswordInput Input { get; set; } = new();

    public bool TokenValid { get; private set; }

    public void OnGet() => TokenValid = setup.IsValidToken(Token);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        TokenValid = setup.IsValidToken(Token);
        if (!TokenValid)
        {
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await setup.CompleteAsync(Token, Email, Input.Password, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password" : string.Empty, error.Description);
            }

            TokenValid = setup.IsValidToken(Token);
            return Page();
        }

        var user = await users.FindByEmailAsync(Email.Trim());
        await signIn.SignInAsync(user!, isPersistent: false);
        TempData["Message"] = "Administrator created. Invite your colleagues from Users.";
        return RedirectToPage("/Surveys/Index");
    }
}
