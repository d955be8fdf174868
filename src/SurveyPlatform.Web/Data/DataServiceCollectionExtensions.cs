using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SurveyPlatform.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The Data Protection application name. Left unset, it defaults to the content root path, so a
    /// deploy into another folder, or a second node installed elsewhere, could not read cookies and
    /// tokens protected before; fixed, every instance on the same database shares one key ring.
    /// </summary>
    public const string DataProtectionApplicationName = "SurveyPlatform";

    public static IServiceCollection AddData(this IServiceCollection services, DatabaseProvider provider)
    {
        services.AddSingleton(provider);
        if (provider.Kind == DatabaseProviderKind.Sqlite)
        {
            // One write transaction at a time in this process, the turn handed straight to the next (SqliteWriteGate);
            // each context's connection stays open underneath with its compiled statements (KeptSqliteConnection).
            services.AddSingleton<SqliteWriteGate>();
        }

        // Pooled: a request reuses a context (its options, internal services and change tracker reset)
        // instead of building them anew (about 7% of the server's CPU in a profile of 16 respondents: docs/performance.md).
        services.AddDbContextPool<AppDbContext>((services, options) =>
        {
            provider.ConfigureEntityFramework(options);
            options.AddInterceptors(Audit.AuditEntryGuard.Instance);
            if (provider.Kind == DatabaseProviderKind.Sqlite)
            {
                options.AddInterceptors(services.GetRequiredService<SqliteWriteGate>(), KeptSqliteConnections.Instance);
            }
        });

        // The keys that protect sign-in cookies, antiforgery tokens and the respondents' start tickets
        // live in the database (not in a per-machine folder), so they survive restarts and redeploys
        // and are shared by every instance behind a load balancer.
        // New keys are for AES-256-GCM: one pass encrypts and authenticates (OpenSSL's AES-GCM on Linux). The framework's
        // default on Linux is AES-256-CBC then HMAC-SHA256 in managed code, about 1.7 times the CPU a token, and every
        // respondent request protects or reads two or three tokens. A key keeps the algorithm it was made for, so keys made
        // before are still used until they expire (DataProtectionKeyTests).
        services.AddDataProtection()
            .PersistKeysToDbContext<AppDbContext>()
            .SetApplicationName(DataProtectionApplicationName)
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });
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
