using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Jobs;

/// <summary>The opening time and the response limit hold across a restart of the app, like the scheduled close.</summary>
public sealed class OpeningAndLimitRestartTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheOpeningTimeOpensTheLinkAfterARestart_AndTheLimitsCloseIsScoredAfterOne(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Guid id;
        string code;
        DateTime opensAt;
        await using (var before = new AppFactory(database))
        {
            using var owner = await before.SignedInAsync();
            (id, code) = await SurveyPages.CreateStandardAsync(owner);
            opensAt = DateTime.UtcNow.AddSeconds(6);
            var saved = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), "form[action*='handler=Responding']", new Dictionary<string, string[]>
            {
                ["Responding.OpensAt"] = [opensAt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)],
                ["Responding.ResponseLimit"] = ["1"],
            });
            Assert.Equal("Respondent settings saved.", saved.Text(".notice"));
            using var early = before.Session();
            Assert.NotNull((await early.GetAsync($"/s/{code}")).Document.QuerySelector("[data-testid=not-yet-open]"));
        }

        await using (var after = new AppFactory(database))
        {
            while (DateTime.UtcNow < opensAt.AddSeconds(1))
            {
                await Task.Delay(200);
            }

            using var respondent = after.Session();
            var done = await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["pear"], 4, "Leeds", "44");
            Assert.EndsWith("/thanks", done.Url, StringComparison.Ordinal);
            var survey = await after.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
            Assert.Equal(SurveyStatus.Closed, survey.Status);
            Assert.Equal(CloseReason.Limit, survey.ClosedBy);

            // The close is in the audit trail as the system's act, with no respondent's address beside it.
            var closed = await after.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.SurveyId == id && e.Kind == AuditKinds.SurveyClosed));
            Assert.Equal("Closed at its response limit; scoring queued.", closed.What);
            Assert.Equal(AuditActor.System, closed.ActorId);
            Assert.Null(closed.ClientAddress);
        } // Stopped at once: the scoring job the limit queued may not have run yet.

        await using var restarted = new AppFactory(database);
        var run = await SurveyPages.EventuallyAsync(
            () => restarted.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(45), "the scoring run queued by the limit, after a restart");
        Assert.Equal(1, run.N);
        using var latecomer = restarted.Session();
        Assert.NotNull((await latecomer.GetAsync($"/s/{code}")).Document.QuerySelector("[data-testid=full]"));
    }
}
