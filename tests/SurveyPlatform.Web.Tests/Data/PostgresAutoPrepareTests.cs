using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// On PostgreSQL the app's statements are prepared on the server once they repeat (Npgsql's automatic preparation),
/// unless the operator's connection string says otherwise.
/// </summary>
public sealed class PostgresAutoPrepareTests
{
    [Fact]
    public async Task A_statement_run_again_on_a_connection_is_prepared_on_the_server()
    {
        await using var database = await TestDatabase.PostgreSqlAsync();
        await using var app = new AppFactory(database);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var before = await PreparedAsync(connection); // the start-up's own repeated statements may be there already
            await db.Surveys.Where(s => s.PublicCode == "none" && s.Title == "a query of its own").CountAsync();
            Assert.Equal(before, await PreparedAsync(connection)); // once: not yet
            for (var i = 0; i < 2; i++)
            {
                await db.Surveys.Where(s => s.PublicCode == "none" && s.Title == "a query of its own").CountAsync();
            }

            Assert.Equal(before + 1, await PreparedAsync(connection));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [Theory]
    [InlineData("Host=db;Database=app;Username=sp;Password=secret", 64, 2)]
    [InlineData("Host=db;Database=app;Username=sp;Password=secret;Max Auto Prepare=0", 0, 2)]
    [InlineData("Host=db;Database=app;Username=sp;Password=secret;max auto prepare=10;Auto Prepare Min Usages=5", 10, 5)]
    public void The_operators_own_setting_wins(string configured, int maxAutoPrepare, int minUsages)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseProvider.PostgresConnectionString(configured));
        Assert.Equal(maxAutoPrepare, builder.MaxAutoPrepare);
        Assert.Equal(minUsages, builder.AutoPrepareMinUsages);
        Assert.Equal("secret", builder.Password);
        Assert.Equal("app", builder.Database);
    }

    private static async Task<long> PreparedAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
