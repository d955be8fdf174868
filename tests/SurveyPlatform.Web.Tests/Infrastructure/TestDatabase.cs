using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway real database: a SQLite file in a temp folder, or a fresh database on the
/// PostgreSQL server that test.sh starts (TEST_POSTGRES). Never a mock.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _postgresName;
    private readonly string? _postgresServer;

    private TestDatabase(DatabaseProviderKind kind, string connectionString, string? folder, string? postgresName, string? postgresServer = null)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _folder = folder;
        _postgresName = postgresName;
        _postgresServer = postgresServer;
    }

    public DatabaseProviderKind Kind { get; }
    public string ConnectionString { get; }

    public static Task<TestDatabase> CreateAsync(DatabaseProviderKind kind) =>
        kind == DatabaseProviderKind.Sqlite ? Task.FromResult(Sqlite()) : PostgreSqlAsync();

    public static TestDatabase Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabase(DatabaseProviderKind.Sqlite, $"Data Source={Path.Combine(folder, "app.db")}", folder, null);
    }

    /// <param name="server">Another PostgreSQL server than TEST_POSTGRES's, such as one a test starts and stops itself.</param>
    public static async Task<TestDatabase> PostgreSqlAsync(string? server = null)
    {
        server ??= Environment.GetEnvironmentVariable("TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException("TEST_POSTGRES is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL server.");
        }

        var name = $"sp_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(DatabaseProviderKind.PostgreSql, builder.ConnectionString, null, name, server);
    }

    /// <summary>The survey's newest scoring run (by queue time) as the database holds it now.</summary>
    public async Task<SurveyPlatform.Domain.Scoring.ScoringRun?> LatestRunAsync(Guid surveyId)
    {
        await using var db = Context();
        return await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == surveyId).OrderBy(r => r.QueuedAt).LastOrDefaultAsync();
    }

    /// <summary>How many mailing deliveries are still waiting to be sent.</summary>
    public async Task<int> PendingDeliveriesAsync()
    {
        await using var db = Context();
        return await db.Deliveries.CountAsync(d => d.Status == SurveyPlatform.Domain.Distribution.DeliveryStatus.Pending);
    }

    /// <summary>
    /// A context on this database without an app around it, for reading while the app runs in
    /// another process (an in-process app would start its own scheduler on the same job store).
    /// </summary>
    public AppDbContext Context()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (Kind == DatabaseProviderKind.Sqlite)
        {
            options.UseSqlite(ConnectionString);
        }
        else
        {
            options.UseNpgsql(ConnectionString);
        }

        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return new AppDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finishing background thread; the temp folder is cleaned later.
            }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
