using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// On PostgreSQL the app's statements are prepared on the server once they repeat (Npgsql's automatic preparation)
/// and its pooled connections are not reset between uses, unless the operator's connection string says otherwise.
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

    [Fact]
    public async Task A_pooled_connection_is_not_reset_between_uses()
    {
        await using var database = await TestDatabase.PostgreSqlAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(DatabaseProvider.PostgresConnectionString(database.ConnectionString)) { MaxPoolSize = 1 }.ConnectionString;
        await using (var first = new NpgsqlConnection(connectionString))
        {
            await first.OpenAsync();
            await using var set = new NpgsqlCommand("SET statement_timeout = '12345ms'", first);
            await set.ExecuteNonQueryAsync();
        }

        // The pool's one connection again: with the reset, RESET ALL would have put the default (0) back.
        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW statement_timeout", second);
        var timeout = (string)(await show.ExecuteScalarAsync())!;
        NpgsqlConnection.ClearPool(second); // the setting leaves with the connection, whatever the assertion finds
        Assert.Equal("12345ms", timeout);
    }

    [Theory]
    [InlineData("Host=db;Database=app;Username=sp;Password=secret", 64, 2, true)]
    [InlineData("Host=db;Database=app;Username=sp;Password=secret;Max Auto Prepare=0", 0, 2, true)]
    [InlineData("Host=db;Database=app;Username=sp;Password=secret;max auto prepare=10;Auto Prepare Min Usages=5;No Reset On Close=false", 10, 5, false)]
    public void The_operators_own_setting_wins(string configured, int maxAutoPrepare, int minUsages, bool noResetOnClose)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseProvider.PostgresConnectionString(configured));
        Assert.Equal(maxAutoPrepare, builder.MaxAutoPrepare);
        Assert.Equal(minUsages, builder.AutoPrepareMinUsages);
        Assert.Equal(noResetOnClose, builder.NoResetOnClose);
        Assert.Equal("secret", builder.Password);
        Assert.Equal("app", builder.Database);
    }

    private static async Task<long> PreparedAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
