using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SurveyPlatform.Web.Respond;

[AllowAnonymous]
public sealed class ThanksModel : PageModel
{
    public void OnGet()
    {
    }
}
