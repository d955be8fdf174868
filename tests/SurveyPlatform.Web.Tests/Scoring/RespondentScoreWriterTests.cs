using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Scoring;

/// <summary>
/// The bulk writer (binary COPY on PostgreSQL, a prepared INSERT on SQLite) stores exactly what EF would:
/// every column of every row read back through EF equals <see cref="StoredRespondentScore"/> made from the
/// same engine row, nulls included; the rows live and die with the caller's transaction.
/// </summary>
public sealed class RespondentScoreWriterTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task WrittenRows_ReadBackThroughEf_EqualTheEntityMadeFromTheSameResult(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (surveyId, _) = await SurveyPages.CreateStandardAsync(owner);
        var (runId, outcome) = await app.WithDbAsync(db => ScoreAsync(db, surveyId, 1_203));

        var progress = new List<int>();
        var written = await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var count = await RespondentScoreWriter.WriteAsync(db, runId, outcome.Respondents, (rows, _) => { progress.Add(rows); return Task.CompletedTask; }, CancellationToken.None);
            await transaction.CommitAsync();
            return count;
        });

        Assert.Equal(1_203, written);
        Assert.Equal([500, 1000], progress);
        var stored = await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().Where(s => s.RunId == runId).ToDictionaryAsync(s => s.ResponseId));
        Assert.Equal(1_203, stored.Count);
        Assert.Contains(stored.Values, s => s.Overall is null); // a response without any scored answer
        Assert.Contains(stored.Values, s => s.PercentileOverall is not null);
        foreach (var respondent in outcome.Respondents)
        {
            var expected = new StoredRespondentScore(runId, respondent);
            var actual = stored[respondent.ResponseId];
            Assert.Equal(
                (expected.RunId, expected.Overall, expected.Maturity, expected.Segment, expected.Dimensions, expected.PercentileInSegment, expected.PercentileOverall),
                (actual.RunId, actual.Overall, actual.Maturity, actual.Segment, actual.Dimensions, actual.PercentileInSegment, actual.PercentileOverall));
            Assert.Equal(
                (expected.MaturityStability, expected.Weight, expected.DimensionPercentilesInSegment, expected.DimensionPercentilesOverall),
                (actual.MaturityStability, actual.Weight, actual.DimensionPercentilesInSegment, actual.DimensionPercentilesOverall));
        }
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task RowsWrittenInATransactionThatIsRolledBack_LeaveNothing_AndWritingOutsideATransactionIsRefused(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (surveyId, _) = await SurveyPages.CreateStandardAsync(owner);
        var (runId, outcome) = await app.WithDbAsync(db => ScoreAsync(db, surveyId, 700));

        await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(700, await RespondentScoreWriter.WriteAsync(db, runId, outcome.Respondents, (_, _) => Task.CompletedTask, CancellationToken.None));
            Assert.Equal(700, await db.RespondentScores.CountAsync(s => s.RunId == runId)); // visible inside the transaction
            await transaction.RollbackAsync();
            return 0;
        });

        Assert.Equal(0, await app.WithDbAsync(db => db.RespondentScores.CountAsync()));
        await app.WithDbAsync(async db =>
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => RespondentScoreWriter.WriteAsync(db, runId, outcome.Respondents, (_, _) => Task.CompletedTask, CancellationToken.None));
            return 0;
        });
    }

    // n responses to the standard survey (some with no scored answer), a queued run, and the engine's outcome.
    private static async Task<(Guid RunId, ScoringOutcome Outcome)> ScoreAsync(AppDbContext db, Guid surveyId, int n)
    {
        var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == surveyId);
        var random = new Random(n);
        for (var i = 0; i < n; i++)
        {
            var answers = new Dictionary<string, string> { ["age"] = (18 + random.Next(60)).ToString(CultureInfo.InvariantCulture) };
            if (i % 50 != 0)
            {
                answers["colour"] = random.Next(2) == 0 ? "red" : "blue";
                answers["mood"] = (1 + random.Next(5)).ToString(CultureInfo.InvariantCulture);
            }

            db.Responses.Add(SurveyResponse.Submit(Guid.NewGuid(), survey, answers, DateTime.UtcNow));
        }

        var run = ScoringRun.Queue(surveyId, SurveyScoring.RescoreTrigger, DateTime.UtcNow);
        db.ScoringRuns.Add(run);
        await db.SaveChangesAsync();
        var definition = survey.Versions.Single().Definition;
        var compiled = CompiledScoringModel.Compile(DefaultScoringModel.For(definition)!, definition);
        var outcome = await SurveyScoring.RunEngineAsync(db, surveyId, definition, compiled, null, new ScoringEngineOptions { Seed = 5, Resamples = 50, SensitivityDraws = 20 }, CancellationToken.None);
        return (run.Id, outcome);
    }
}
