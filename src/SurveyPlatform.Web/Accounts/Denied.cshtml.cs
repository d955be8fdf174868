using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SurveyPlatform.Web.Accounts;

public sealed class DeniedModel : PageModel
{
    public void OnGet()
    {
    }
}
