using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;
using SurveyPlatform.Web.Admin;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// On SQLite each context's connection stays open underneath EF Core's opens and closes and keeps its
/// compiled statements (KeptSqliteConnection); a close still ends everything the caller had open, and a
/// dispose closes for real. The statements are read from SQLite itself (sqlite3_next_stmt).
/// </summary>
public sealed class KeptSqliteConnectionTests
{
    [Fact]
    public async Task A_query_run_again_in_later_requests_is_compiled_once()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        KeptSqliteConnection? first = null;
        Compilations? compilations = null;
        for (var request = 0; request < 3; request++)
        {
            using var scope = app.Services.CreateScope(); // one request each; the pooled context comes back
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var connection = Assert.IsType<KeptSqliteConnection>(db.Database.GetDbConnection());
            first ??= connection;
            Assert.Same(first, connection);
            if (compilations is null)
            {
                await db.Database.OpenConnectionAsync();
                compilations = new Compilations(connection);
                await db.Database.CloseConnectionAsync();
            }

            Assert.Equal(0, await db.Surveys.CountAsync(s => s.PublicCode == "kept-test"));
            Assert.Equal(ConnectionState.Closed, connection.State); // closed for EF Core after the query
        }

        Assert.Equal(1, compilations!.Selects); // compiled in the first request, run again in the next two
        compilations.Dispose();
    }

    [Fact]
    public async Task A_close_rolls_back_the_callers_transaction_and_ends_its_reader()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        KeptSqliteConnection connection;
        IAsyncEnumerator<AppSetting> reader;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            connection = Assert.IsType<KeptSqliteConnection>(db.Database.GetDbConnection());
            await db.Database.OpenConnectionAsync();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO AppSettings (Name, Value, UpdatedAt) VALUES ('kept-test', 'uncommitted', '2026-12-07')");
            }

            Assert.False(await CheckpointBusyAsync(database)); // nothing holds the file yet

            await db.Database.ExecuteSqlRawAsync("BEGIN"); // a transaction EF Core does not know of
            await db.Database.ExecuteSqlRawAsync("INSERT INTO AppSettings (Name, Value, UpdatedAt) VALUES ('kept-test-2', 'uncommitted', '2026-12-07')");
            reader = db.AppSettings.AsAsyncEnumerable().GetAsyncEnumerator(); // a reader left open
            Assert.True(await reader.MoveNextAsync());
            Assert.True(await CheckpointBusyAsync(database));
        } // the request ends: its context goes back to the pool, and its connection is closed for it

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.NotNull(connection.Handle); // still open underneath
        Assert.False(await CheckpointBusyAsync(database)); // no snapshot and no lock left behind

        using var other = app.Services.CreateScope();
        var reread = other.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Same(connection, reread.Database.GetDbConnection());
        Assert.False(await reread.AppSettings.AnyAsync(s => s.Name.StartsWith("kept-test")));
        GC.KeepAlive(reader);
    }

    [Fact]
    public async Task A_close_ends_a_reader_left_open_outside_a_transaction()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        KeptSqliteConnection connection;
        Compilations compilations;
        IAsyncEnumerator<AppSetting> reader;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.AppSettings.Add(AppSetting.Create("kept-test", "committed", DateTime.UtcNow));
            await db.SaveChangesAsync();
            connection = Assert.IsType<KeptSqliteConnection>(db.Database.GetDbConnection());
            await db.Database.OpenConnectionAsync();
            compilations = new Compilations(connection);
            await db.Database.CloseConnectionAsync();
            reader = db.AppSettings.AsNoTracking().AsAsyncEnumerable().GetAsyncEnumerator();
            Assert.True(await reader.MoveNextAsync());
            Assert.True(await CheckpointBusyAsync(database)); // the reader's snapshot is in the way
        }

        Assert.False(await CheckpointBusyAsync(database));
        using var other = app.Services.CreateScope();
        var reread = other.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Same(connection, reread.Database.GetDbConnection());
        for (var i = 0; i < 2; i++)
        {
            // The same query again, twice: its statement was freed by the close, so it is not compiled again.
            Assert.Equal("committed", Assert.Single(await reread.AppSettings.AsNoTracking().ToListAsync()).Value);
        }

        Assert.Equal(1, compilations.Selects);
        compilations.Dispose();
        GC.KeepAlive(reader);
    }

    [Fact]
    public async Task Disposing_the_context_closes_the_native_connection_and_its_statements()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        var options = app.Services.GetRequiredService<DbContextOptions<AppDbContext>>();
        KeptSqliteConnection connection;
        await using (var db = new AppDbContext(options))
        {
            Assert.Equal(0, await db.Surveys.CountAsync());
            connection = Assert.IsType<KeptSqliteConnection>(db.Database.GetDbConnection());
            Assert.NotNull(connection.Handle);
            Assert.True(connection.KeptStatements > 0);
        }

        Assert.Null(connection.Handle);
        Assert.Equal(0, connection.KeptStatements);
    }

    [Fact]
    public async Task At_most_the_limit_is_kept_and_the_least_recently_used_goes_first()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = Assert.IsType<KeptSqliteConnection>(db.Database.GetDbConnection());
        var limit = KeptSqliteConnection.MaxStatements;
        await db.Database.OpenConnectionAsync();
        using var compilations = new Compilations(connection);
        await db.Database.CloseConnectionAsync();
        for (var i = 0; i < limit + 6; i++)
        {
            await RunAsync(db, i);
            if (i > 0)
            {
                await RunAsync(db, 0); // the first text stays recently used
            }
        }

        Assert.Equal(limit + 6, compilations.Selects); // each text once; the first one's reruns were not compiled again
        Assert.Equal(limit, connection.KeptStatements);
        await RunAsync(db, 0);
        await RunAsync(db, limit + 5);
        Assert.Equal(limit + 6, compilations.Selects); // both still kept
        await RunAsync(db, 1);
        Assert.Equal(limit + 7, compilations.Selects); // the least recently used went first: compiled again
    }

    private static Task<int> RunAsync(AppDbContext db, int i)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"SELECT {i} AS kept_{i}"); // a text of its own for each i
        return db.Database.ExecuteSqlRawAsync(text);
    }

    [Fact]
    public async Task The_same_text_twice_at_once_runs_both()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.AppSettings.AddRange(AppSetting.Create("kept-a", "1", DateTime.UtcNow), AppSetting.Create("kept-b", "2", DateTime.UtcNow));
        await db.SaveChangesAsync();

        await db.Database.OpenConnectionAsync();
        var outer = new List<string>();
        await foreach (var setting in db.AppSettings.AsNoTracking().Where(s => s.Name.StartsWith("kept-")).OrderBy(s => s.Name).AsAsyncEnumerable())
        {
            // The same query while the first one's reader is open: it cannot share that statement.
            var inner = await db.AppSettings.AsNoTracking().Where(s => s.Name.StartsWith("kept-")).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync();
            Assert.Equal(["kept-a", "kept-b"], inner);
            outer.Add(setting.Name);
        }

        await db.Database.CloseConnectionAsync();
        Assert.Equal(["kept-a", "kept-b"], outer);
    }

    /// <summary>
    /// Counts the SELECT statements SQLite compiles on a native connection from now on: its authorizer is
    /// called while a statement is compiled, never when a compiled one runs again.
    /// </summary>
    private sealed class Compilations : IDisposable
    {
        private readonly sqlite3 _handle;
        private readonly delegate_authorizer _authorizer;
        private int _selects;

        public Compilations(SqliteConnection connection)
        {
            _handle = connection.Handle ?? throw new InvalidOperationException("Not open.");
            _authorizer = (_, action, _, _, _, _) =>
            {
                if (action == raw.SQLITE_SELECT)
                {
                    Interlocked.Increment(ref _selects);
                }

                return raw.SQLITE_OK;
            };
            Assert.Equal(raw.SQLITE_OK, raw.sqlite3_set_authorizer(_handle, _authorizer, null));
        }

        public int Selects => Volatile.Read(ref _selects);

        public void Dispose() => raw.sqlite3_set_authorizer(_handle, (delegate_authorizer?)null, null);
    }

    /// <summary>Whether a checkpoint from another connection finds a reader's snapshot or a writer in its way.</summary>
    private static async Task<bool> CheckpointBusyAsync(TestDatabase database)
    {
        var builder = new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetInt64(0) != 0;
    }
}
