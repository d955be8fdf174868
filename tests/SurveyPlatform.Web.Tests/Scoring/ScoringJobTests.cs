using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Scoring;

public sealed class ScoringJobTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Close_WithResponses_RunsTheScoringJobWithTheRightSummary(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);

        // Scores: blue 3 + apple 2 + mood 4 = 9; red 1 + apple 2 + pear 5 + mood 2 = 10; red 1 + mood 5 = 6.
        using var respondent = app.Session();
        await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["apple"], 4, "Leeds", "40");
        await SurveyPages.AnswerStandardAsync(respondent, code, "red", ["apple", "pear"], 2, "", "33");
        await SurveyPages.AnswerStandardAsync(respondent, code, "red", [], 5, "Zürich", "70");

        var closed = await SurveyPages.CloseAsync(owner, id);
        Assert.Equal("Closed", closed.Text("[data-testid=status]"));

        var run = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking()
                .Where(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded).FirstOrDefaultAsync()),
            TimeSpan.FromSeconds(30), "the scoring run");

        Assert.Equal(3, run.N);
        Assert.Equal(25d / 3, run.Mean!.Value, 10);
        Assert.Equal(Math.Sqrt(13d / 3), run.StandardDeviation!.Value, 10); // deviations 2/3, 5/3, −7/3 → 78/9 / 2
        Assert.Equal(ResponseScorer.EngineVersion, run.EngineVersion);
        Assert.Matches("^[0-9a-f]{64}$", run.InputHash);

        var scores = await app.WithDbAsync(db => db.ResponseScores.Where(s => s.RunId == run.Id).Select(s => s.Score).ToListAsync());
        Assert.Equal([6d, 9d, 10d], scores.Order());

        var results = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Equal("3", results.Text("[data-testid=n]"));
        Assert.Equal("8.33", results.Text("[data-testid=mean]"));
        Assert.Equal("2.08", results.Text("[data-testid=sd]"));
    }

    [Fact]
    public async Task Rescoring_TheSameInputs_ReturnsTheExistingRunAndAddsNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["pear"], 3, "York", "50");
        await SurveyPages.CloseAsync(owner, id);
        var first = await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(30), "the scoring run");

        var again = await app.WithDbAsync(async db =>
        {
            var scoring = new Web.Scoring.SurveyScoring(db, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Web.Scoring.SurveyScoring>.Instance);
            return await scoring.ScoreAsync(id, CancellationToken.None);
        });

        Assert.Equal(first.Id, again!.Id);
        Assert.Equal(1, await app.WithDbAsync(db => db.ScoringRuns.CountAsync(r => r.SurveyId == id)));
        Assert.Equal(SurveyStatus.Closed, await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.Status).SingleAsync()));
    }
}
