using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Privacy;

/// <summary>One invited person of a seeded survey: their address, their response (null: started, not finished) and their session.</summary>
public sealed record SeededPerson(string Email, Guid ParticipantId, Guid SessionId, Guid? ResponseId);

/// <summary>A seeded survey: who was invited, the imported response, and the text that must never outlive retention or erasure.</summary>
public sealed record SeededSurvey(Guid Id, string Code, IReadOnlyList<SeededPerson> People, Guid ImportedId, string Secret);

/// <summary>
/// Surveys with everything that can hold personal data: the standard survey (with a free-text "city")
/// scored by the default model, invited participants with identifying and non-identifying attributes,
/// completed answering sessions, an unfinished one, invitation deliveries, personal links, report links
/// and report e-mails, and an imported response with its source id.
/// </summary>
public static class PrivacySurveys
{
    public static string Hash() => PersonalLinks.New().Hash;

    /// <summary>Creates and publishes the survey and fills it; <paramref name="emails"/>' last address starts but never finishes.</summary>
    public static async Task<SeededSurvey> SeedAsync(AppFactory app, HtmlSession owner, TimeProvider clock, string title, IReadOnlyList<string> emails)
    {
        var (id, code) = await SurveyPages.CreateStandardAsync(owner, title);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        var details = await owner.GetAsync($"/surveys/{id}");
        var saved = await owner.SubmitAsync(details, "form[action*='handler=Access']", new Dictionary<string, string[]> { ["Access.NonIdentifying"] = ["segment"] });
        Assert.Equal("Access settings saved.", saved.Text(".notice"));

        var secret = $"Secret{Guid.NewGuid():N}"[..20];
        var people = new List<SeededPerson>();
        var importedId = Guid.Empty;
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.SingleAsync(s => s.Id == id);
            var now = clock.GetUtcNow().UtcDateTime;
            var (mailing, _) = Mailing.Create(id, MailingKind.Invitation, MailTemplate.DefaultInvitation, now, 60, 1, 1, now);
            mailing!.StartSending();
            mailing.FinishRound(); // Sent already: no job picks it up.
            db.Mailings.Add(mailing);
            for (var i = 0; i < emails.Count; i++)
            {
                var attributes = new Dictionary<string, string> { ["segment"] = i % 2 == 0 ? "north" : "south", ["employee_id"] = $"{secret}-emp{i}" };
                var (participant, errors) = Participant.Create(id, emails[i], "Ana", $"{secret}-name{i}", attributes, now);
                Assert.Empty(errors);
                participant!.IssueToken(Hash());
                participant.MarkSent(MailingKind.Invitation, now);
                var delivery = new Delivery(mailing.Id, participant.Id, 1);
                delivery.MarkSent(now);
                db.Deliveries.Add(delivery);
                db.ParticipantLinks.Add(new ParticipantLink(Hash(), participant.Id, now));
                var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash(), 0, now);
                participant.Start(session.Id);
                db.ResponseSessions.Add(session);
                var answers = new Dictionary<string, string> { ["colour"] = i % 2 == 0 ? "red" : "blue", ["mood"] = (2 + (i % 3)).ToString(System.Globalization.CultureInfo.InvariantCulture), ["city"] = $"{secret}-city{i}", ["age"] = $"{30 + i}" };
                if (i == emails.Count - 1)
                {
                    session.Save(answers, 0, survey, now);
                    people.Add(new SeededPerson(emails[i], participant.Id, session.Id, null));
                }
                else
                {
                    var response = session.Complete(answers, survey, now.AddSeconds(17 + i));
                    db.Responses.Add(response);
                    participant.Complete(now);
                    db.ReportLinks.Add(ReportLink.Mailed(Hash(), response.Id, now, 30));
                    people.Add(new SeededPerson(emails[i], participant.Id, session.Id, response.Id));
                }

                db.Participants.Add(participant);
            }

            var imported = SurveyResponse.Import(id, 1, $"{secret}-ext", new Dictionary<string, string> { ["colour"] = "blue", ["mood"] = "5", ["city"] = $"{secret}-imported", ["age"] = "50" }, now.AddMinutes(-3).AddSeconds(-11));
            importedId = imported.Id;
            db.Responses.Add(imported);
            return await db.SaveChangesAsync();
        });
        return new SeededSurvey(id, code, people, importedId, secret);
    }

    /// <summary>Closes through the survey page, waits for the close's scoring run, and records a report e-mail for each finished person.</summary>
    public static async Task<ScoringRun> CloseAndScoreAsync(AppFactory app, HtmlSession owner, SeededSurvey survey, TimeProvider clock)
    {
        await SurveyPages.CloseAsync(owner, survey.Id);
        var run = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == survey.Id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(120), "the close's scoring run");
        await app.WithDbAsync(async db =>
        {
            foreach (var person in survey.People.Where(p => p.ResponseId is not null))
            {
                var delivery = new ReportDelivery(run.Id, person.ParticipantId, clock.GetUtcNow().UtcDateTime);
                delivery.MarkSent(clock.GetUtcNow().UtcDateTime);
                db.ReportDeliveries.Add(delivery);
            }

            return await db.SaveChangesAsync();
        });
        return run;
    }
}
