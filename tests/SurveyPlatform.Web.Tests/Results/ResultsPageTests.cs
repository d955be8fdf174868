using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>Which run the Results page shows: the newest successful one, or with ?run= any run of the survey.</summary>
public sealed class ResultsPageTests
{
    private const string OlderRun = "[data-testid=older-run]";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheNewestSuccessfulRunIsCurrent_EvenWhenNewerFailedRunsFillTheList_AndRunShowsAnyRunOfTheSurvey(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        for (var mood = 1; mood <= 5; mood++)
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["apple"], mood, "York", "40");
        }

        await SurveyPages.CloseAsync(owner, id);
        var first = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(30), "the close's scoring run");

        // Arranged after it: a second successful run (with the first's results) and a failed one.
        var otherSurvey = await SurveyPages.CreateAsync(owner, "Another survey");
        var later = DateTime.UtcNow.AddMinutes(1);
        var second = ScoringRun.Queue(id, SurveyScoring.RescoreTrigger, later);
        second.Begin(null, first.ModelHash, first.SeedValue, later);
        second.Succeed(first.N, first.Mean, first.StandardDeviation, first.InputHash!, later.AddSeconds(10));
        var foreign = FailedRun(otherSurvey, later);
        await app.WithDbAsync(async db =>
        {
            var json = await db.ScoringResults.Where(r => r.RunId == first.Id).Select(r => r.Json).SingleAsync();
            db.ScoringRuns.AddRange(second, FailedRun(id, later.AddMinutes(1)), foreign);
            db.ScoringResults.Add(new ScoringRunResult(second.Id, json));
            return await db.SaveChangesAsync();
        });

        var page = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Null(page.Document.QuerySelector(OlderRun));
        Assert.Equal("5", page.Text("[data-testid=n]"));
        Assert.Equal(["Failed", "Succeeded (current)", "Succeeded"], Statuses(page));
        Assert.NotNull((await owner.GetAsync($"/surveys/{id}/results?run={first.Id}")).Document.QuerySelector(OlderRun));
        Assert.Null((await owner.GetAsync($"/surveys/{id}/results?run={second.Id}")).Document.QuerySelector(OlderRun));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/surveys/{id}/results?run={Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/surveys/{id}/results?run={foreign.Id}")).Status);

        // Twenty newer failed runs fill the list: the second run is no longer listed, but it is still current.
        await app.WithDbAsync(db =>
        {
            db.ScoringRuns.AddRange(Enumerable.Range(2, 20).Select(i => FailedRun(id, later.AddMinutes(i))));
            return db.SaveChangesAsync();
        });

        page = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Null(page.Document.QuerySelector(OlderRun));
        Assert.Equal("5", page.Text("[data-testid=n]"));
        Assert.Equal(Enumerable.Repeat("Failed", 20), Statuses(page));
        Assert.NotNull((await owner.GetAsync($"/surveys/{id}/results?run={first.Id}")).Document.QuerySelector(OlderRun));
        var current = await owner.GetAsync($"/surveys/{id}/results?run={second.Id}");
        Assert.Equal(HttpStatusCode.OK, current.Status);
        Assert.Null(current.Document.QuerySelector(OlderRun));
    }

    /// <summary>A run that failed on its last attempt, so nothing retries it.</summary>
    private static ScoringRun FailedRun(Guid surveyId, DateTime at)
    {
        var run = ScoringRun.Queue(surveyId, SurveyScoring.RescoreTrigger, at);
        for (var attempt = 0; attempt < ScoringRun.MaxAttempts; attempt++)
        {
            run.Begin(null, null, 1, at);
        }

        run.Fail("An arranged failure.", at.AddSeconds(10));
        return run;
    }

    private static IEnumerable<string> Statuses(Page page) =>
        page.Document.QuerySelectorAll("[data-testid=runs] tbody td:nth-child(3)").Select(c => c.TextContent.Trim());
}
