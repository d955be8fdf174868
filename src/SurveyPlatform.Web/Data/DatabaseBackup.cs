using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SurveyPlatform.Web.Data;

/// <summary>
/// <c>dotnet SurveyPlatform.Web.dll backup &lt;file&gt;</c>: a consistent copy of the embedded SQLite
/// database, taken with SQLite's online backup API while the app keeps running (a plain file copy can
/// catch half a write). PostgreSQL and SQL Server are backed up with their own tools (docs/deploy.md).
/// </summary>
public static class DatabaseBackup
{
    public const string Command = "backup";

    /// <summary>Runs the command; 0 when the copy is written, 2 with a message when it cannot be.</summary>
    public static async Task<int> CommandAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var at = args.ToList().FindIndex(a => string.Equals(a, Command, StringComparison.OrdinalIgnoreCase));
        var target = at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
        if (string.IsNullOrWhiteSpace(target))
        {
            await output.WriteLineAsync("Usage: dotnet SurveyPlatform.Web.dll backup <file>   (the file must not exist yet)");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!db.Database.IsSqlite())
        {
            await output.WriteLineAsync("The backup command copies the embedded SQLite database. This installation uses another database: back it up with its own tools (PostgreSQL: pg_dump --format=custom; see docs/deploy.md, \"Backups and restore\").");
            return 2;
        }

        target = Path.GetFullPath(target);
        if (File.Exists(target))
        {
            await output.WriteLineAsync($"{target} exists already. Name a new file; a backup never overwrites one.");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            await using (var source = new SqliteConnection(db.Database.GetConnectionString()))
            await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await source.OpenAsync();
                await destination.OpenAsync();
                source.BackupDatabase(destination);
            }

            // Only a finished copy gets the name asked for.
            File.Move(partial, target);
        }
        finally
        {
            File.Delete(partial);
        }

        await output.WriteLineAsync($"Backed up {new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource} to {target} ({new FileInfo(target).Length:N0} bytes).");
        return 0;
    }
}
