using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Scoring;

/// <summary>
/// The same responses (same ids and answers) scored on SQLite and on PostgreSQL stream in the same order and give
/// the same input hash and a byte-identical results document.
/// </summary>
public sealed class CrossDatabaseReproducibilityTests
{
    [Fact]
    public async Task TheSameResponses_OnSqliteAndPostgreSql_GiveTheSameInputHash_AndIdenticalResults()
    {
        var sqlite = await ScoreAsync(DatabaseProviderKind.Sqlite);
        var postgres = await ScoreAsync(DatabaseProviderKind.PostgreSql);
        Assert.Equal(40, ScoringResults.FromJson(sqlite).Responses);
        Assert.Equal(sqlite, postgres);
    }

    private static async Task<string> ScoreAsync(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        return await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == id);
            var random = new Random(3);
            for (var i = 0; i < 40; i++)
            {
                // Ids whose text and byte orders would differ if a provider sorted them as .NET does (mixed-endian fields).
                var responseId = new Guid($"{random.Next():x8}-{i:x4}-{255 - i:x4}-{i * 7 % 256:x2}{i:x2}-{random.Next():x8}{i:x4}");
                var answers = new Dictionary<string, string>
                {
                    ["colour"] = random.Next(2) == 0 ? "red" : "blue",
                    ["mood"] = (1 + random.Next(5)).ToString(CultureInfo.InvariantCulture),
                    ["age"] = (18 + random.Next(60)).ToString(CultureInfo.InvariantCulture),
                };
                if (random.Next(3) > 0)
                {
                    answers["fruit"] = random.Next(2) == 0 ? "apple" : "apple;pear";
                }

                db.Responses.Add(SurveyResponse.Submit(responseId, survey, answers, DateTime.UtcNow));
            }

            await db.SaveChangesAsync();
            var definition = survey.Versions.Single().Definition;
            var compiled = CompiledScoringModel.Compile(DefaultScoringModel.For(definition)!, definition);
            var outcome = await SurveyScoring.RunEngineAsync(db, id, definition, compiled, null, new ScoringEngineOptions { Seed = 17, Resamples = 300, SensitivityDraws = 50 }, CancellationToken.None);
            return outcome.Results.ToJson();
        });
    }
}
