using System.Security.Claims;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Surveys;

/// <summary>
/// Per-survey access in one place. Every page that takes a survey id goes through one of these, so
/// a guessed id for someone else's survey finds nothing (404) rather than something.
/// </summary>
public static class SurveyAccess
{
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user is not signed in.");

    /// <summary>Surveys the user may change: their own.</summary>
    public static IQueryable<Survey> ManageableBy(this IQueryable<Survey> surveys, ClaimsPrincipal user)
    {
        var userId = user.UserId();
        return surveys.Where(s => s.OwnerId == userId);
    }

    /// <summary>Surveys whose questionnaire the user may edit: their own and those shared with them as Editor.</summary>
    public static IQueryable<Survey> EditableBy(this IQueryable<Survey> surveys, ClaimsPrincipal user)
    {
        var userId = user.UserId();
        return surveys.Where(s => s.OwnerId == userId || s.Shares.Any(x => x.UserId == userId && x.Role == ShareRole.Editor));
    }

    /// <summary>Surveys whose results the user may read: their own and those shared with them.</summary>
    public static IQueryable<Survey> ReadableBy(this IQueryable<Survey> surveys, ClaimsPrincipal user)
    {
        var userId = user.UserId();
        return surveys.Where(s => s.OwnerId == userId || s.Shares.Any(x => x.UserId == userId));
    }
}
