using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.LoadTest;

/// <summary>
/// The survey the tool publishes when it seeds a database itself: three pages of five questions, with
/// logic that follows earlier answers (the tools question only for those who use AI tools, a reason
/// only for clinicians, a follow-up only for a low rating), so respondents take different paths.
/// </summary>
internal static class LoadSurvey
{
    public const string Document = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Load test: AI tools on the ward",
          "description": "Three pages, fifteen questions.",
          "definition": {
            "pages": [
              { "title": "About you", "questions": [
                { "code": "role", "text": "Your role", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "clin", "label": "Clinician" }, { "code": "nurse", "label": "Nurse" }, { "code": "tech", "label": "Technical" }, { "code": "admin", "label": "Administrator" }, { "code": "exec", "label": "Executive" } ] },
                { "code": "years", "text": "Years in post", "type": "Number", "required": true, "min": 0, "max": 60, "wholeNumbers": true },
                { "code": "uses", "text": "Do you use AI tools at work?", "type": "YesNo", "required": true },
                { "code": "mood", "text": "How do you feel about AI at work?", "type": "Rating", "required": true },
                { "code": "team", "text": "Your team", "type": "ShortText", "required": true } ] },
              { "title": "Your tools", "questions": [
                { "code": "tools", "text": "Which tools?", "type": "MultipleChoice", "required": true, "condition": "uses = yes",
                  "options": [ { "code": "scribe", "label": "Scribe" }, { "code": "triage", "label": "Triage" }, { "code": "coding", "label": "Coding" }, { "code": "imaging", "label": "Imaging" } ] },
                { "code": "freq", "text": "How often?", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "daily", "label": "Daily" }, { "code": "weekly", "label": "Weekly" }, { "code": "rarely", "label": "Rarely" }, { "code": "never", "label": "Never" } ] },
                { "code": "trust", "text": "How far do you trust them?", "type": "Rating", "required": true },
                { "code": "nps", "text": "Would you recommend them to a colleague?", "type": "Nps", "required": true },
                { "code": "why", "text": "What would a clinician need from them?", "type": "LongText", "condition": "role = clin" } ] },
              { "title": "What next", "questions": [
                { "code": "barriers", "text": "What stands in the way?", "type": "MultipleChoice", "required": true,
                  "options": [ { "code": "time", "label": "Time" }, { "code": "training", "label": "Training" }, { "code": "trust", "label": "Trust" }, { "code": "cost", "label": "Cost" } ] },
                { "code": "training", "text": "Have you had training?", "type": "YesNo", "required": true },
                { "code": "hours", "text": "Hours of training you would take", "type": "Number", "required": true, "min": 0, "max": 60, "wholeNumbers": true },
                { "code": "worry", "text": "What worries you?", "type": "LongText", "condition": "mood <= 2" },
                { "code": "ready", "text": "How ready is your ward?", "type": "Rating", "required": true } ] }
            ]
          }
        }
        """;

    /// <summary>Publishes <see cref="Document"/> in the database (the schema must exist) and returns its public code.</summary>
    public static async Task<(Guid SurveyId, string Code)> PublishAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var document = SurveyDocument.FromJson(System.Text.Encoding.UTF8.GetBytes(Document));
        var name = $"load-{Guid.NewGuid():N}@example.org";
        var owner = new AppUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = name, NormalizedEmail = name.ToUpperInvariant() };
        db.Users.Add(owner);
        var survey = Survey.CreateFrom(owner.Id, document.Title, document.Description, document.Definition, now);
        var code = SurveyLifecycle.NewPublicCode();
        var problems = survey.Publish(now, code);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The load survey does not publish: " + string.Join("; ", problems));
        }

        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        return (survey.Id, code);
    }

    /// <summary>A context on the app's database, outside the app (for seeding and the check afterwards).</summary>
    public static AppDbContext Context(DatabaseProviderKind kind, string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (kind == DatabaseProviderKind.Sqlite)
        {
            options.UseSqlite(connectionString);
        }
        else
        {
            options.UseNpgsql(connectionString);
        }

        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));
        return new AppDbContext(options.Options);
    }
}
