using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SurveyPlatform.Web;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>The database was unavailable (Health/DatabaseUnavailableHandler set 503 and Retry-After): a "try again" page.</summary>
    public bool Unavailable => Response.StatusCode == StatusCodes.Status503ServiceUnavailable;

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}
