using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// A step between a right password and being signed in: the two-factor code (<see cref="LoginTwoFactorModel"/>) and the
/// required set-up (<see cref="TwoFactorRequiredModel"/>). Before any of its handlers runs, the account waiting for
/// the step is loaded into <see cref="PendingUser"/>; a visitor without one (no cookie, an expired one, or a step that
/// no longer applies) is sent back to sign-in.
/// </summary>
public abstract class PendingSignInPageModel : PageModel
{
    /// <summary>Where to go once signed in: the local address sign-in was asked for, else the surveys.</summary>
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    /// <summary>The account waiting for this step; set before a handler runs.</summary>
    protected AppUser PendingUser { get; private set; } = null!;

    /// <summary>The account waiting for this step, or null when there is none.</summary>
    protected abstract Task<AppUser?> FindPendingUserAsync();

    // Not a handler: Razor Pages would otherwise take a public On… method of a page's own class for one ("PAGE", "HandlerExecution").
    [NonHandler]
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/surveys";
        if (await FindPendingUserAsync() is not { } user)
        {
            context.Result = RedirectToPage("/Accounts/Login");
            return;
        }

        PendingUser = user;
        await next();
    }
}
