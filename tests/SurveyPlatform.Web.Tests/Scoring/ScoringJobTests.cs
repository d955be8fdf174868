using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Scoring;

/// <summary>
/// The scoring job end to end on the standard survey, scored with the default model: colour (red 1, blue 3
/// → 0 or 100), fruit (apple 2, pear 5 → chosen points over 0–7), mood (rating 1–5 → (r − 1) × 25), equally
/// weighted; a respondent's score is the mean of their answered items.
/// </summary>
public sealed class ScoringJobTests
{
    // (colour, fruit, mood) and the hand-computed score of each of the five responses.
    private static readonly (string Colour, string[] Fruit, int Mood, double Score)[] Five =
    [
        ("blue", ["apple"], 4, (100 + (200d / 7) + 75) / 3),
        ("red", ["apple", "pear"], 2, (0 + 100 + 25) / 3d),
        ("red", [], 5, (0 + 100) / 2d),
        ("blue", ["pear"], 1, (100 + (500d / 7) + 0) / 3),
        ("blue", [], 3, (100 + 50) / 2d),
    ];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Close_ScoresEveryResponse_RecordsTheRun_AndPublishesTheFigures(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await AnsweredAsync(app, owner, Five);
        await SurveyPages.CloseAsync(owner, id);
        var run = await SucceededRunsAsync(app, id, 1);

        var scores = Five.Select(f => f.Score).ToArray();
        var mean = scores.Average();
        var sd = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / 4);
        Assert.Equal(5, run.N);
        Assert.Equal(mean, run.Mean!.Value, 5);
        Assert.Equal(sd, run.StandardDeviation!.Value, 5);
        Assert.Equal(ScoringEngine.Version, run.EngineVersion);
        Assert.Equal(SurveyScoring.CloseTrigger, run.Trigger);
        Assert.Equal(1, run.ModelVersion); // the default model, chosen on the Scoring page
        Assert.Matches("^[0-9a-f]{64}$", run.ModelHash);
        Assert.Matches("^[0-9a-f]{64}$", run.InputHash);
        Assert.Equal(SurveyScoring.SeedFor(id), run.SeedValue);
        Assert.Equal(1, run.Attempts);
        Assert.True(run.QueuedAt <= run.StartedAt && run.StartedAt <= run.FinishedAt);

        var stored = await app.WithDbAsync(db => db.RespondentScores.Where(s => s.RunId == run.Id).Select(s => s.Overall!.Value).ToListAsync());
        Assert.Equal(scores.Select(s => Math.Round(s, 6)).Order(), stored.Order());

        var page = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Equal("5", page.Text("[data-testid=n]"));
        Assert.Equal(mean.ToString("0.0", CultureInfo.InvariantCulture), page.Text("[data-testid=mean]"));
        Assert.Contains(" to ", page.Text("[data-testid=overall-ci]"), StringComparison.Ordinal);

        var document = ScoringResults.FromJson((await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Json", UriKind.Relative))));
        Assert.Equal(5, document.Overall!.N);
        Assert.Equal(run.InputHash, document.InputHash);
        Assert.NotNull(document.Overall.Bootstrap);
        Assert.True(document.Overall.Bootstrap.Lower < mean && mean < document.Overall.Bootstrap.Upper);
        Assert.Equal(
            [3, 2],
            document.Options.Single(o => o.Question == "colour").Options.Select(o => o.Count!.Value).Reverse()); // blue 3, red 2
    }

    [Fact]
    public async Task ASurveyBelowK_ShowsOnlySuppressedLabels_OnThePage_InTheDocument_AndInTheFiguresCsv()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await AnsweredAsync(app, owner, Five[..3]);
        await SurveyPages.CloseAsync(owner, id);
        var run = await SucceededRunsAsync(app, id, 1);
        Assert.Equal(3, run.N);
        Assert.Null(run.Mean);

        var page = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Equal("suppressed (n<5)", page.Text("[data-testid=mean]"));
        Assert.Null(page.Document.QuerySelector("[data-testid=overall-ci]"));
        var json = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Json", UriKind.Relative));
        Assert.DoesNotContain("\"mean\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"count\"", json, StringComparison.Ordinal);
        Assert.Contains("suppressed (n<5)", json, StringComparison.Ordinal);
        var figures = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Summary", UriKind.Relative));
        Assert.Contains("readiness,all,overall,suppressed,suppressed (n<5)", figures, StringComparison.Ordinal);
        Assert.DoesNotContain(",mean,", figures, StringComparison.Ordinal);
        Assert.DoesNotContain(",count,", figures, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescore_OfUnchangedInputs_AddsARun_WithByteIdenticalResultsAndExports_AndTheOlderRunStaysReadable()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await AnsweredAsync(app, owner, Five);
        await SurveyPages.CloseAsync(owner, id);
        var first = await SucceededRunsAsync(app, id, 1);
        var json1 = await app.WithDbAsync(db => db.ScoringResults.Where(r => r.RunId == first.Id).Select(r => r.Json).SingleAsync());
        var csv1 = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        var figures1 = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Summary", UriKind.Relative));

        var results = await owner.GetAsync($"/surveys/{id}/results");
        await owner.SubmitAsync(results, "form:has([data-testid=rescore])");
        var runs = await SucceededRunsAsync(app, id, 2);
        var second = runs;
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(SurveyScoring.RescoreTrigger, second.Trigger);
        var json2 = await app.WithDbAsync(db => db.ScoringResults.Where(r => r.RunId == second.Id).Select(r => r.Json).SingleAsync());
        Assert.Equal(json1, json2);
        Assert.Equal(first.InputHash, second.InputHash);
        Assert.Equal(csv1, await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative)));
        Assert.Equal(figures1, await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Summary", UriKind.Relative)));

        var older = await owner.GetAsync($"/surveys/{id}/results?run={first.Id}");
        Assert.NotNull(older.Document.QuerySelector("[data-testid=older-run]"));
        Assert.Equal("5", older.Text("[data-testid=n]"));
        Assert.Equal(2, (await owner.GetAsync($"/surveys/{id}/results")).Document.QuerySelectorAll("[data-testid=runs] tbody tr").Length);
    }

    [Fact]
    public async Task AModelThatNoLongerFitsTheQuestions_FailsTheRun_WithItsReason_OnTheResultsPage()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await AnsweredAsync(app, owner, Five[..1], chooseModel: false);
        var broken = new Domain.Scoring.Model.ScoringModel
        {
            Items = [new() { Key = "gone" }],
            Dimensions = [new() { Name = "All", Items = [new() { Item = "gone" }] }],
        };
        await app.WithDbAsync(async db =>
        {
            db.ScoringModels.Add(new SurveyScoringModel(id, 1, broken.ToJson(), broken.ComputeHash(), "test", DateTime.UtcNow));
            await db.SaveChangesAsync();
            return 0;
        });
        await SurveyPages.CloseAsync(owner, id);
        var failed = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Failed)),
            TimeSpan.FromSeconds(30), "the failed run");
        Assert.Contains("\"gone\" is not a question code", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, failed.ModelVersion ?? 1);
        Assert.Equal(0, await app.WithDbAsync(db => db.RespondentScores.CountAsync(s => s.RunId == failed.Id)));
        var page = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Contains("is not a question code", page.Text("[data-testid=runs]"), StringComparison.Ordinal);
        Assert.Contains("failed", page.Text("[data-testid=scoring-pending]"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ScoringJob_FailingOnTheRunsFinalAttempt_IsRecordedAsFailedByHangfire_AndNotRetried(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await AnsweredAsync(app, owner, Five[..1], chooseModel: false);
        var broken = new Domain.Scoring.Model.ScoringModel
        {
            Items = [new() { Key = "gone" }],
            Dimensions = [new() { Name = "All", Items = [new() { Item = "gone" }] }],
        };

        // Closed, with a run that has already failed on every attempt but the last.
        var runId = await app.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.ScoringModels.Add(new SurveyScoringModel(id, 1, broken.ToJson(), broken.ComputeHash(), "test", now));
            (await db.Surveys.SingleAsync(s => s.Id == id)).Close(now, Domain.Surveys.CloseReason.Manual);
            var run = ScoringRun.Queue(id, SurveyScoring.CloseTrigger, now);
            for (var attempt = 1; attempt < ScoringRun.MaxAttempts; attempt++)
            {
                run.Begin(1, null, 1, now);
                run.Fail("An arranged failure.", now);
            }

            db.ScoringRuns.Add(run);
            await db.SaveChangesAsync();
            return run.Id;
        });

        await app.Services.GetRequiredService<SurveyPlatform.Web.Jobs.ISurveyJobs>().EnqueueScoringAsync(id, CancellationToken.None);
        var storage = app.Services.GetRequiredService<Hangfire.JobStorage>();
        var failedJob = await SurveyPages.EventuallyAsync(
            () => Task.FromResult(storage.GetMonitoringApi().FailedJobs(0, 100)
                .Select(j => j.Value)
                .FirstOrDefault(j => j.Job?.Type == typeof(ScoreSurveyJob) && j.Job.Args is [Guid target, ..] && target == id)),
            TimeSpan.FromSeconds(30), () => "the scoring job in Hangfire's failed state; the job store holds:\n" + JobStore.Describe(database));

        Assert.Equal(typeof(ScoringRunFailedException).FullName, failedJob.ExceptionType);
        Assert.Contains("final attempt", failedJob.ExceptionMessage, StringComparison.Ordinal);
        Assert.Equal(0, JobStore.Waiting<ScoreSurveyJob>(storage, id)); // no retry is scheduled
        var run = await app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().SingleAsync(r => r.Id == runId));
        Assert.Equal(ScoringRunStatus.Failed, run.Status);
        Assert.Equal(ScoringRun.MaxAttempts, run.Attempts);
        Assert.False(run.WillRetry);
        Assert.Contains("\"gone\" is not a question code", run.Error, StringComparison.Ordinal);
    }

    private static async Task<(Guid Id, string Code)> AnsweredAsync(AppFactory app, HtmlSession owner, IEnumerable<(string Colour, string[] Fruit, int Mood, double Score)> answers, bool chooseModel = true)
    {
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        if (chooseModel)
        {
            await SurveyPages.ChooseDefaultModelAsync(owner, id);
        }

        using var respondent = app.Session();
        foreach (var (colour, fruit, mood, _) in answers)
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, colour, fruit, mood, "York", "40");
        }

        return (id, code);
    }

    private static async Task<ScoringRun> SucceededRunsAsync(AppFactory app, Guid id, int count) =>
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(async db =>
            {
                var runs = await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded).ToListAsync();
                return runs.Count >= count ? runs.OrderBy(r => r.QueuedAt).Last() : null;
            }),
            TimeSpan.FromSeconds(60), $"{count} successful scoring run(s)");
}
