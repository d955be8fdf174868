using System.Text.RegularExpressions;

namespace SurveyPlatform.Web.Observability;

/// <summary>
/// Adds the survey a request is about to every log line written while it runs: <c>SurveyId</c> on the
/// owner's and researcher's pages and the API (<c>/surveys/{id}</c>, <c>/api/v1/surveys/{id}</c>), and
/// <c>SurveyCode</c>, the public code, on respondent pages (<c>/s/{code}</c>). Nothing else of the path.
/// </summary>
internal static partial class SurveyLogScope
{
    public const string SurveyId = "SurveyId";
    public const string SurveyCode = "SurveyCode";

    public static IApplicationBuilder UseSurveyLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("SurveyPlatform.Requests");
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            KeyValuePair<string, object?>? survey =
                SurveyPath().Match(path) is { Success: true } owner ? new(SurveyId, owner.Groups[1].Value)
                : RespondentPath().Match(path) is { Success: true } respondent ? new(SurveyCode, respondent.Groups[1].Value)
                : null;
            if (survey is null)
            {
                await next(context);
                return;
            }

            using (logger.BeginScope(new[] { survey.Value }))
            {
                await next(context);
            }
        });
    }

    [GeneratedRegex(@"^(?:/api/v1)?/surveys/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:/|$)")]
    private static partial Regex SurveyPath();

    [GeneratedRegex(@"^/s/([A-Za-z0-9]{4,32})(?:/|$)")]
    private static partial Regex RespondentPath();
}
