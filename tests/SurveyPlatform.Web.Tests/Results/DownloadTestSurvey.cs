using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>
/// A published survey with every kind of cell a download holds (choice with "please specify",
/// multiple choice, rating, a number that can be negative, a date, free text) and three responses
/// stored at known times, two of them from invited participants with an identifying and a
/// non-identifying attribute.
/// </summary>
internal sealed record DownloadTestSurvey(Guid Id, string Code, DateTime Start, Guid First, Guid Second, Guid Third)
{
    public const string Json = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Downloads",
          "definition": {
            "pages": [
              { "title": "All", "questions": [
                { "code": "colour", "text": "Favourite colour?", "type": "SingleChoice", "otherOption": "other",
                  "options": [ { "code": "red", "label": "Red" }, { "code": "blue", "label": "Blue" }, { "code": "other", "label": "Other" } ] },
                { "code": "fruit", "text": "Which fruit?", "type": "MultipleChoice",
                  "options": [ { "code": "apple", "label": "Apple" }, { "code": "pear", "label": "Pear" } ] },
                { "code": "mood", "text": "How do you feel?", "type": "Rating", "scale": 5 },
                { "code": "age", "text": "Temperature today?", "type": "Number", "min": -50, "max": 150 },
                { "code": "born", "text": "Date of birth?", "type": "Date" },
                { "code": "note", "text": "Anything else?", "type": "ShortText" } ] }
            ]
          }
        }
        """;

    /// <summary>The wide answer columns, in order.</summary>
    public static readonly string[] AnswerHeader = ["colour", "colour_other", "fruit_apple", "fruit_pear", "mood", "age", "born", "note"];

    public const string Hostile = "=HYPERLINK(\"http://x\")";

    public static async Task<DownloadTestSurvey> CreateAsync(AppFactory app, HtmlSession owner)
    {
        var (id, code) = await SurveyPages.PublishFileAsync(owner, Json);
        // Whole seconds, so the .xlsx date (a day fraction) and the CSV text agree exactly; a fixed time of
        // day (yesterday 09:00 UTC), so "+2 days 3 hours" is two calendar days later whenever the test runs.
        var start = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(-1).AddHours(9), DateTimeKind.Utc);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), third = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == id);
            Assert.Empty(survey.ConfigureAnonymity(false, ["region"], 0));
            db.Responses.Add(SurveyResponse.Submit(first, survey, new Dictionary<string, string>
            {
                ["colour"] = "red", ["fruit"] = "apple;pear", ["mood"] = "4", ["age"] = "-5", ["born"] = "1980-02-29", ["note"] = Hostile,
            }, start));
            db.Responses.Add(SurveyResponse.Submit(second, survey, new Dictionary<string, string>
            {
                ["colour"] = "other", ["colour_other"] = "my own words", ["fruit"] = "pear", ["mood"] = "2", ["age"] = "41", ["born"] = "2001-12-31", ["note"] = "call me on 555-0100",
            }, start.AddDays(2).AddHours(3)));
            db.Responses.Add(SurveyResponse.Submit(third, survey, new Dictionary<string, string>
            {
                ["colour"] = "blue", ["mood"] = "5", ["age"] = "63.5",
            }, start.AddDays(5).AddMinutes(1)));
            foreach (var (response, email, region, employee) in new[] { (first, "ann@example.org", "north", "E-17"), (second, "bob@example.org", "south", "E-42") })
            {
                var (participant, errors) = Participant.Create(id, email, "Ann", "Lee", new Dictionary<string, string> { ["region"] = region, ["employee_id"] = employee }, start);
                Assert.Empty(errors);
                participant!.Start(response);
                db.Participants.Add(participant);
            }

            return await db.SaveChangesAsync();
        });
        return new DownloadTestSurvey(id, code, start, first, second, third);
    }

    public static string Timestamp(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static async Task<List<string[]>> CsvAsync(HtmlSession session, Guid id, string query)
    {
        var text = await session.Client.GetStringAsync(new Uri($"/surveys/{id}/results?{query}", UriKind.Relative));
        return CsvText.Parse(text);
    }
}
