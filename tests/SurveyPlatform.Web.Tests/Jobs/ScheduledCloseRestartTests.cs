using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Jobs;

/// <summary>
/// A scheduled close lives in the job store and the survey's own close time, not in memory: stop the app before the
/// close time, start a new one on the same database, and the survey still closes and is scored.
/// </summary>
public sealed class ScheduledCloseRestartTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ScheduledClose_SurvivesARestartOfTheApp_AndTheSurveyIsScored(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Guid id;
        DateTime closeAt;
        await using (var before = new AppFactory(database))
        {
            using var owner = await before.SignedInAsync();
            string code;
            (id, code) = await SurveyPages.CreateStandardAsync(owner);
            await SurveyPages.ChooseDefaultModelAsync(owner, id);
            using var respondent = before.Session();
            await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["pear"], 4, "Leeds", "44"); // blue 100, pear 5 of 7, mood 4 of 1–5

            closeAt = DateTime.UtcNow.AddSeconds(8);
            var details = await owner.GetAsync($"/surveys/{id}");
            var saved = await owner.SubmitAsync(details, SurveyPages.ScheduleForm, new Dictionary<string, string[]>
            {
                ["CloseAt"] = [closeAt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)],
            });
            Assert.Equal("Close time saved.", saved.Text(".notice"));
            Assert.Equal("Open", saved.Text("[data-testid=status]"));
        }

        // The first app is stopped before the close time.
        Assert.True(DateTime.UtcNow < closeAt.AddSeconds(-1), "The test set-up took too long to prove a restart before the close time.");

        await using var after = new AppFactory(database);
        var run = await SurveyPages.EventuallyAsync(
            () => after.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(45), "the scheduled close and its scoring run after the restart");

        var survey = await after.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(SurveyStatus.Closed, survey.Status);
        Assert.Equal(CloseReason.Schedule, survey.ClosedBy);
        Assert.True(survey.ClosedAt >= closeAt.AddSeconds(-1), $"Closed at {survey.ClosedAt:O}, before the close time {closeAt:O}.");
        Assert.Equal(1, run.N);
        Assert.Null(run.Mean); // one response is below the suppression threshold for published figures
        var score = await after.WithDbAsync(db => db.RespondentScores.Where(s => s.RunId == run.Id).Select(s => s.Overall).SingleAsync());
        Assert.Equal(Math.Round((100 + (500d / 7) + 75) / 3, 6), score);
    }

    [Fact]
    public async Task CloseTime_InThePast_IsRefusedBesideTheField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var details = await owner.GetAsync($"/surveys/{id}");
        var page = await owner.SubmitAsync(details, SurveyPages.ScheduleForm, new Dictionary<string, string[]>
        {
            ["CloseAt"] = [DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)],
        });

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Contains("The close time must be in the future.", page.Document.QuerySelector(SurveyPages.ScheduleForm)!.TextContent, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.CloseAt).SingleAsync()));
    }
}
