using System.Net;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Health;

public sealed class HealthTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Health_LiveAndReady_AnswerWithoutSigningIn(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var client = app.CreateClient();
        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_WhenTheDatabaseIsGone_IsUnhealthy()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var client = app.CreateClient();
        await app.WithDbAsync(async db =>
        {
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "DROP TABLE \"RespondentScores\"; DROP TABLE \"ScoringResults\"; DROP TABLE \"ScoringModels\"; DROP TABLE \"Answers\"; DROP TABLE \"ScoringRuns\"; DROP TABLE \"Responses\"; DROP TABLE \"SurveyShares\"; DROP TABLE \"SurveyVersions\"; DROP TABLE \"Surveys\";");
            return 0;
        });
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
