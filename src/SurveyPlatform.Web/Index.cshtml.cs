using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SurveyPlatform.Web;

[AllowAnonymous]
public sealed class HomeModel : PageModel
{
    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? RedirectToPage("/Surveys/Index") : RedirectToPage("/Accounts/Login");
}
