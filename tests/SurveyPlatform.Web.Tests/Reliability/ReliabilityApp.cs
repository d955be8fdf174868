using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Reliability;

/// <summary>The real app as a process with a published four-page survey, for the fault tests.</summary>
public static class ReliabilityApp
{
    /// <summary>Four pages, every question required, so each page post saves something and the last one submits.</summary>
    public const string Survey = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Faults",
          "description": "Four pages, answered under faults.",
          "definition": {
            "pages": [
              { "title": "One", "questions": [
                { "code": "name", "text": "Your name", "type": "ShortText", "required": true },
                { "code": "years", "text": "Years in post", "type": "Number", "required": true, "min": 0, "max": 1000 } ] },
              { "title": "Two", "questions": [
                { "code": "ward", "text": "Your ward", "type": "ShortText", "required": true },
                { "code": "beds", "text": "Beds on the ward", "type": "Number", "required": true, "min": 0, "max": 1000 } ] },
              { "title": "Three", "questions": [
                { "code": "story", "text": "Tell us more", "type": "LongText", "required": true } ] },
              { "title": "Four", "questions": [
                { "code": "last", "text": "Last words", "type": "ShortText", "required": true },
                { "code": "score", "text": "A number", "type": "Number", "required": true, "min": 0, "max": 1000 } ] }
            ]
          }
        }
        """;

    /// <summary>The first start: the schema is created and the administrator signs in to publish.</summary>
    public static readonly IReadOnlyDictionary<string, string> FirstStart = new Dictionary<string, string>
    {
        ["Database:MigrateOnStartup"] = "true",
        ["Bootstrap:AdminEmail"] = AppFactory.AdminEmail,
        ["Bootstrap:AdminPassword"] = AppFactory.AdminPassword,
    };

    /// <summary>Starts the app on a new database and publishes <see cref="Survey"/> through the owner's pages.</summary>
    /// <param name="output">Called with each line of the app's console log (warnings and errors), so a failed test shows what the app saw.</param>
    public static async Task<(AppNode App, Guid SurveyId, string Code)> StartWithSurveyAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null, Action<string>? output = null)
    {
        var all = new Dictionary<string, string>(FirstStart);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var app = await AppProcess.StartNodeAsync(database, all, output);
        try
        {
            using var balancer = new LoadBalancer();
            balancer.RouteTo(app);
            using var owner = balancer.Session();
            await owner.SignInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
            var (id, code) = await SurveyPages.PublishFileAsync(owner, Survey);
            return (app, id, code);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
