using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SurveyPlatform.Web;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Explanation { get; private set; } = string.Empty;

    public void OnGet(int code) => Describe(code);

    // Re-executed status pages keep the original method, so a failed POST lands here too.
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Heading, Explanation) = code switch
        {
            404 => ("Page not found", "The page does not exist, or you do not have access to it."),
            403 => ("Access denied", "You do not have permission to do that."),
            429 => ("This link is not valid", "Check that you copied the whole link, or wait a minute and try again."),
            400 => ("The request could not be processed", "The form may have expired. Go back, reload the page and try again."),
            _ => ("Something went wrong", "Please try again in a moment."),
        };
    }
}
