using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Deploy;

/// <summary>
/// Backup and restore as docs/deploy.md tells an operator to do them: SQLite with the app's
/// <c>backup</c> command (SQLite's online backup API) while the app runs; PostgreSQL with
/// <c>pg_dump --format=custom</c> and <c>pg_restore</c> into a new database. The restored database gives
/// byte-identical downloads: responses, codebook, scores and the results document.
/// </summary>
public sealed class BackupTests
{
    private static readonly string[] Downloads =
    [
        "results?handler=Csv",
        "results/downloads?handler=Responses&format=long&values=labels",
        "results/downloads?handler=Codebook&format=csv",
        "results/downloads?handler=ResponsesJson",
        "results/downloads?handler=ResultsJson",
    ];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ABackupRestoredIntoANewDatabase_GivesByteIdenticalDownloads(DatabaseProviderKind provider)
    {
        await using var original = await TestDatabase.CreateAsync(provider);
        await using var restored = provider == DatabaseProviderKind.Sqlite ? TestDatabase.Sqlite() : await TestDatabase.PostgreSqlAsync();
        Dictionary<string, byte[]> before;
        Guid id;
        await using (var app = new AppFactory(original))
        {
            using var owner = await app.SignedInAsync();
            (id, var code) = await SurveyPages.CreateStandardAsync(owner);
            foreach (var (colour, mood) in new[] { ("red", 2), ("blue", 5), ("red", 4) })
            {
                using var respondent = app.Session();
                await SurveyPages.AnswerStandardAsync(respondent, code, colour, ["pear"], mood, "Lisbon", "41");
            }

            await SurveyPages.CloseAsync(owner, id);
            await SurveyPages.EventuallyAsync(
                () => app.WithDbAsync(db => db.ScoringRuns.FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
                TimeSpan.FromSeconds(60), "the scoring run");
            before = await DownloadAsync(owner, id);

            // The backup is taken while the app is running, as an operator would on a live server.
            if (provider == DatabaseProviderKind.Sqlite)
            {
                var target = new SqliteConnectionStringBuilder(restored.ConnectionString).DataSource;
                var (exit, output) = await AppProcess.RunCommandAsync(original, [DatabaseBackup.Command, target]);
                Assert.True(exit == 0, $"backup failed with {exit}: {output}");
                Assert.Contains("Backed up", output, StringComparison.Ordinal);
                Assert.True(File.Exists(target));
                Assert.False(File.Exists(target + ".partial"));

                // A second backup to the same file is refused and leaves the first one alone.
                var length = new FileInfo(target).Length;
                var (again, refusal) = await AppProcess.RunCommandAsync(original, [DatabaseBackup.Command, target]);
                Assert.Equal(2, again);
                Assert.Contains("exists already", refusal, StringComparison.Ordinal);
                Assert.Equal(length, new FileInfo(target).Length);
            }
            else
            {
                var dump = Path.Combine(Path.GetTempPath(), $"sp-{Guid.NewGuid():N}.dump");
                try
                {
                    await RunAsync("pg_dump", ["--format=custom", "--no-owner", $"--file={dump}", Libpq(original)]);
                    await RunAsync("pg_restore", ["--no-owner", $"--dbname={Libpq(restored)}", dump]);
                }
                finally
                {
                    File.Delete(dump);
                }

                // The command says what to use instead on PostgreSQL.
                var (exit, output) = await AppProcess.RunCommandAsync(original, [DatabaseBackup.Command, Path.Combine(Path.GetTempPath(), "never.db")]);
                Assert.Equal(2, exit);
                Assert.Contains("pg_dump", output, StringComparison.Ordinal);
            }
        }

        await using (var app = new AppFactory(restored))
        {
            using var owner = await app.SignedInAsync();
            var after = await DownloadAsync(owner, id);
            foreach (var download in Downloads)
            {
                Assert.True(before[download].AsSpan().SequenceEqual(after[download]), $"{download} differs after the restore.");
            }

            Assert.Equal(3, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));
        }
    }

    [Fact]
    public async Task TheBackupCommand_WithoutAFile_SaysHowToUseIt()
    {
        await using var database = TestDatabase.Sqlite();
        var (exit, output) = await AppProcess.RunCommandAsync(database, [DatabaseBackup.Command]);
        Assert.Equal(2, exit);
        Assert.Contains("Usage: dotnet SurveyPlatform.Web.dll backup <file>", output, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, byte[]>> DownloadAsync(HtmlSession owner, Guid id)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var download in Downloads)
        {
            using var response = await owner.Client.GetAsync(new Uri($"/surveys/{id}/{download}", UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{download} answered {(int)response.StatusCode}.");
            files[download] = await response.Content.ReadAsByteArrayAsync();
            Assert.NotEmpty(files[download]);
        }

        return files;
    }

    /// <summary>The database as a libpq connection string, for pg_dump and pg_restore.</summary>
    private static string Libpq(TestDatabase database)
    {
        var b = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        return $"host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}";
    }

    private static async Task RunAsync(string tool, string[] args)
    {
        var (exit, output) = await ExternalProcess.RunAsync(new ProcessStartInfo(tool, args), TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"{tool} failed with {exit}: {output}");
    }
}
