using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SurveyPlatform.Web.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddData(this IServiceCollection services, DatabaseProvider provider)
    {
        services.AddSingleton(provider);
        services.AddDbContext<AppDbContext>(provider.ConfigureEntityFramework);
        return services;
    }

    /// <summary>Applies the migrations; on SQLite it also switches the file to WAL so readers never block the writer.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var provider = scope.ServiceProvider.GetRequiredService<DatabaseProvider>();
        if (provider.Kind == DatabaseProviderKind.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(provider.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
