using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SurveyPlatform.Web.Api;

/// <summary>RFC 9457 problem details for every refusal the API gives, so a client always gets JSON.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail = "There is no such survey, or it is not yours to see.") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>A 400 listing every problem found, under "errors".</summary>
    public static ProblemHttpResult Invalid(string detail, IEnumerable<string> errors) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid input",
            extensions: new Dictionary<string, object?> { ["errors"] = errors.ToList() });

    /// <summary>For middleware (authentication, rate limiting) that answers before an endpoint runs.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        context.Response.StatusCode = status;
        await TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
    }
}
