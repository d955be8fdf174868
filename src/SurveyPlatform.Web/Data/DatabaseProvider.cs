using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Quartz;

namespace SurveyPlatform.Web.Data;

public enum DatabaseProviderKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The one place that knows which database we run on. EF Core and Quartz's job store both take
/// their provider from here, so adding SQL Server later means changing this file only.
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
            : throw new InvalidOperationException($"Database:Provider must be Sqlite or PostgreSql, not \"{name}\".");
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (kind != DatabaseProviderKind.Sqlite)
            {
                throw new InvalidOperationException("ConnectionStrings:Default is required for PostgreSql.");
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
            default:
                throw new InvalidOperationException($"Unknown provider {Kind}.");
        }
    }
}
