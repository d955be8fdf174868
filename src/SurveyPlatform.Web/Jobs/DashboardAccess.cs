using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using SurveyPlatform.Web.Accounts;

namespace SurveyPlatform.Web.Jobs;

/// <summary>
/// The Hangfire Dashboard is for Administrators only, on the app's own cookie sign-in: anonymous
/// visitors are sent to sign in, anyone else signed in gets a 404 (the dashboard is not
/// advertised). The filter repeats the check inside Hangfire, so the dashboard is never open even
/// if the gate were moved.
/// </summary>
public sealed class DashboardAccess : IDashboardAuthorizationFilter
{
    public const string Path = "/admin/hangfire";

    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsAdministrator(context.GetHttpContext());
    }

    /// <summary>Non-administrators could only ever read (never delete, requeue or trigger) if the dashboard were exposed to them.</summary>
    public static bool IsReadOnly(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !IsAdministrator(context.GetHttpContext());
    }

    internal static bool IsAdministrator(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.IsInRole(Roles.Administrator);

    /// <summary>The gate in front of the dashboard's middleware.</summary>
    internal static async Task GateAsync(HttpContext http, Func<Task> next)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await http.ChallengeAsync();
            return;
        }

        if (!IsAdministrator(http))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await next();
    }
}
