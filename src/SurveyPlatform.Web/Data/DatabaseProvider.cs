using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Quartz;

namespace SurveyPlatform.Web.Data;

public enum DatabaseProviderKind
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// The one place that knows which database we run on. EF Core and Quartz's job store both take
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
                options.UseNpgsql(ConnectionString);
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

    public void ConfigureJobStore(IPersistentStoreBuilder store)
    {
        ArgumentNullException.ThrowIfNull(store);
        switch (Kind)
        {
            case DatabaseProviderKind.Sqlite:
                store.UseSqlite(ConnectionString);
                break;
            case DatabaseProviderKind.PostgreSql:
                store.UsePostgres(ConnectionString);
                break;
            case DatabaseProviderKind.SqlServer:
                store.UseSqlServer(ConnectionString);
                break;
            default:
                throw new InvalidOperationException($"Unknown provider {Kind}.");
        }
    }
}
