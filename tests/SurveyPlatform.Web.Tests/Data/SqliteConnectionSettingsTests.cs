using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// Every SQLite connection the app opens runs with synchronous=NORMAL and a busy timeout
/// (SqliteWriteGate). They are set once per native connection, which a context keeps open underneath
/// (KeptSqliteConnection) and the pool hands out again with its settings: these tests fail if a kept or
/// a new native connection comes without them.
/// </summary>
public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task EveryOpen_OfAKeptOrANewNativeConnection_HasTheWriteSettings()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        await db.Database.OpenConnectionAsync();
        var first = connection.Handle;
        Assert.Equal((1L, 5000L), await SettingsAsync(connection));
        await db.Database.CloseConnectionAsync();

        await db.Database.OpenConnectionAsync();
        Assert.Same(first, connection.Handle); // The same native connection, kept open underneath: set up before, not now.
        Assert.Equal((1L, 5000L), await SettingsAsync(connection));
        await db.Database.CloseConnectionAsync();

        // Another context while the first is in use: a native connection of its own, new to the process.
        SqliteConnection.ClearAllPools();
        using var otherScope = app.Services.CreateScope();
        var other = otherScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var otherConnection = (SqliteConnection)other.Database.GetDbConnection();
        await other.Database.OpenConnectionAsync();
        Assert.NotSame(first, otherConnection.Handle);
        Assert.Equal((1L, 5000L), await SettingsAsync(otherConnection));
        await other.Database.CloseConnectionAsync();
    }

    /// <summary>synchronous (1 is NORMAL; SQLite's default is 2, FULL) and busy_timeout in ms.</summary>
    private static async Task<(long Synchronous, long BusyTimeout)> SettingsAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        var synchronous = (long)(await command.ExecuteScalarAsync())!;
        command.CommandText = "PRAGMA busy_timeout";
        return (synchronous, (long)(await command.ExecuteScalarAsync())!);
    }
}
