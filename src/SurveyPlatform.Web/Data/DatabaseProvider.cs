using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SurveyPlatform.Web.Jobs;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data;

public enum DatabaseProviderKind
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// The one place that knows which database we run on. EF Core and Hangfire's job storage both take
/// their provider from here.
/// </summary>
public sealed class DatabaseProvider
{
    private DatabaseProvider(DatabaseProviderKind kind, string connectionString)
    {
        Kind = kind;
        ConnectionString = connectionString;
    }

    public DatabaseProviderKind Kind { get; }
    public string ConnectionString { get; }

    public static DatabaseProvider FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var name = configuration["Database:Provider"];
        var kind = string.IsNullOrWhiteSpace(name) ? DatabaseProviderKind.Sqlite
            : Enum.TryParse<DatabaseProviderKind>(name, ignoreCase: true, out var parsed) ? parsed
            : throw new InvalidOperationException($"Database:Provider must be Sqlite, PostgreSql or SqlServer, not \"{name}\".");
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (kind != DatabaseProviderKind.Sqlite)
            {
                throw new InvalidOperationException($"ConnectionStrings:Default is required for {kind}.");
            }

            var folder = Path.Combine(environment.ContentRootPath, "data");
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "surveyplatform.db")}";
        }

        return new DatabaseProvider(kind, connectionString);
    }

    public void ConfigureEntityFramework(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (Kind)
        {
            case DatabaseProviderKind.Sqlite:
                options.UseSqlite(ConnectionString);
                break;
            case DatabaseProviderKind.PostgreSql:
                options.UseNpgsql(PostgresConnectionString(ConnectionString));
                break;
            case DatabaseProviderKind.SqlServer:
                // Reason: the hand-written migrations carry no column types and no target model; this
                // generator takes SQL Server's types and index filters from the current model instead.
                options.UseSqlServer(ConnectionString)
                    .ReplaceService<IMigrationsSqlGenerator, SqlServerNeutralMigrationsSqlGenerator>();
                break;
            default:
                throw new InvalidOperationException($"Unknown provider {Kind}.");
        }

        // Reason: migrations are hand-written without a model snapshot, so EF cannot compare them
        // with the model; MigrationSchemaTests does that against both real databases instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>Statements Npgsql keeps prepared per server connection, unless the connection string sets Max Auto Prepare.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The application's PostgreSQL connection string: the operator's, with Npgsql's automatic preparation on unless it
    /// says otherwise (Max Auto Prepare 64, prepared at a statement's second use). The respondent pages run the same few
    /// statements thousands of times a second; prepared once per server connection, the server neither parses nor plans
    /// them again, so the app gets more of a shared machine in a mailing's burst (measured: docs/performance.md).
    /// <c>Max Auto Prepare=0</c> turns it off (for example behind a pooler that cannot keep prepared statements).
    /// A connection going back to the pool is not reset either (No Reset On Close, unless the operator sets it): the
    /// reset is seven statements (RESET ALL, DISCARD TEMP, …) parsed and run by the server before every request's first
    /// command, a sixth of the page submissions/s on PostgreSQL (measured: docs/performance.md). The app leaves no session
    /// state on a connection to reset: its only lock is transaction-scoped (pg_advisory_xact_lock) and it runs no SET,
    /// LISTEN, temporary table or cursor WITH HOLD; code that needs a setting uses SET LOCAL inside its transaction.
    /// An open transaction is still rolled back when its connection closes.
    /// </summary>
    public static string PostgresConnectionString(string connectionString)
    {
        // Which keywords the operator wrote (Npgsql's own builder reports every keyword it knows as present).
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!written.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!written.Contains("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }

        if (!written.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>How long a SQLite job-store lock outlives its holder's last heartbeat, unless Jobs:StaleLockSeconds is shorter.</summary>
    private static readonly TimeSpan SqliteLockLifetime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Hangfire's storage in the application's database: Hangfire.PostgreSql (schema <c>hangfire</c>)
    /// and Hangfire.SqlServer (schema <c>HangFire</c>) create their tables there. On SQLite the job
    /// store is a second file beside the database (<c>surveyplatform.jobs.db</c> next to
    /// <c>surveyplatform.db</c>): Hangfire polls it every second, and on a file of its own that
    /// polling never takes the application's write lock. It holds job bookkeeping only; the
    /// application's tables decide what is scheduled (<see cref="ScheduledWork"/>).
    /// </summary>
    public JobStorage CreateJobStorage(JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (Kind)
        {
            case DatabaseProviderKind.Sqlite:
                return new SQLiteStorage(SqliteJobStoreFile(), new SQLiteStorageOptions
                {
                    QueuePollInterval = options.QueuePoll,
                    // One node per SQLite file: a restart re-queues in-progress work at once (ScheduledWork),
                    // so a job is handed on only after a long fixed timeout, never while it still runs.
                    InvisibilityTimeout = TimeSpan.FromMinutes(30),
                    // Held locks heart-beat; a dead holder's lapses after this (30 s, or Jobs:StaleLockSeconds if shorter).
                    DistributedLockLifetime = options.StaleLock < SqliteLockLifetime ? options.StaleLock : SqliteLockLifetime,
                });
            case DatabaseProviderKind.PostgreSql:
                var postgres = new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = options.QueuePoll,
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = options.Invisibility,
                    DistributedLockTimeout = options.StaleLock,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(ConnectionString, postgres, null), postgres);
            case DatabaseProviderKind.SqlServer:
                return new SqlServerStorage(ConnectionString, new SqlServerStorageOptions
                {
                    SchemaName = "HangFire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.Zero,
                    SlidingInvisibilityTimeout = options.Invisibility,
                    CommandBatchMaxTimeout = TimeSpan.FromMinutes(5),
                    UseRecommendedIsolationLevel = true,
                    DisableGlobalLocks = true,
                });
            default:
                throw new InvalidOperationException($"Unknown provider {Kind}.");
        }
    }

    /// <summary>The SQLite job store's file: the database file's name with <c>.jobs</c> before its extension.</summary>
    public string SqliteJobStoreFile()
    {
        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
        var folder = Path.GetDirectoryName(file)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + ".jobs" + Path.GetExtension(file));
    }
}
