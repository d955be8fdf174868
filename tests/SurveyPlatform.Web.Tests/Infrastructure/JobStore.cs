using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>The Hangfire job store of a test database, opened the way the app opens it, to read (or empty) it from a test.</summary>
public static class JobStore
{
    /// <param name="options">The Jobs settings the storage is made with (the defaults when left out).</param>
    public static JobStorage Open(TestDatabase database, JobOptions? options = null) => Provider(database).CreateJobStorage(options ?? new JobOptions());

    /// <summary>The SQLite job store's file, beside the test database.</summary>
    public static string SqliteFile(TestDatabase database) => Provider(database).SqliteJobStoreFile();

    private static DatabaseProvider Provider(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Kind.ToString(),
            ["ConnectionStrings:Default"] = database.ConnectionString,
        }).Build();
        return DatabaseProvider.FromConfiguration(configuration, new TestHostEnvironment());
    }

    /// <summary>Jobs of <typeparamref name="TJob"/> about <paramref name="target"/> that wait in a queue or for their time.</summary>
    public static int Waiting<TJob>(JobStorage storage, Guid target)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var monitor = storage.GetMonitoringApi();
        var enqueued = monitor.Queues().SelectMany(q => monitor.EnqueuedJobs(q.Name, 0, 10_000)).Select(j => j.Value.Job);
        var scheduled = monitor.ScheduledJobs(0, 10_000).Select(j => j.Value.Job);
        return enqueued.Concat(scheduled).Count(j => j?.Type == typeof(TJob) && j.Args is [Guid id, ..] && id == target);
    }

    /// <summary>What the job store holds, for a failure message: every job's state, type and arguments, and each failure's exception.</summary>
    public static string Describe(TestDatabase database)
    {
        var monitor = Open(database).GetMonitoringApi();
        static string Line(string id, Hangfire.Common.Job? job, string state, string? detail = null) =>
            $"{id} {state} {job?.Type.Name}.{job?.Method.Name}({string.Join(", ", job?.Args ?? [])}) {detail}";
        return string.Join('\n', [
            .. monitor.Queues().SelectMany(q => monitor.EnqueuedJobs(q.Name, 0, 100)).Select(j => Line(j.Key, j.Value.Job, "Enqueued")),
            .. monitor.ScheduledJobs(0, 100).Select(j => Line(j.Key, j.Value.Job, "Scheduled", $"at {j.Value.EnqueueAt:O} {LastFailure(monitor, j.Key)}")),
            .. monitor.ProcessingJobs(0, 100).Select(j => Line(j.Key, j.Value.Job, "Processing", j.Value.ServerId)),
            .. monitor.SucceededJobs(0, 100).Select(j => Line(j.Key, j.Value.Job, "Succeeded")),
            .. monitor.FailedJobs(0, 100).Select(j => Line(j.Key, j.Value.Job, "Failed", $"{j.Value.ExceptionType}: {j.Value.ExceptionMessage}")),
        ]);
    }

    /// <summary>The exception of a job's last failed attempt (a job waiting for a retry), if any.</summary>
    private static string LastFailure(Hangfire.Storage.IMonitoringApi monitor, string jobId)
    {
        if (monitor.JobDetails(jobId)?.History.FirstOrDefault(h => h.StateName == Hangfire.States.FailedState.StateName) is not { } failed)
        {
            return string.Empty;
        }

        string Value(string key) => failed.Data.TryGetValue(key, out var value) ? value : string.Empty;
        var details = Value("ExceptionDetails");
        return $"after failing with {Value("ExceptionType")}: {Value("ExceptionMessage")} {details[..Math.Min(1500, details.Length)]}";
    }

    /// <summary>When the scheduled jobs of <typeparamref name="TJob"/> about <paramref name="target"/> are due (UTC).</summary>
    public static IReadOnlyList<DateTime> ScheduledAt<TJob>(JobStorage storage, Guid target)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.GetMonitoringApi().ScheduledJobs(0, 10_000)
            .Where(j => j.Value.Job?.Type == typeof(TJob) && j.Value.Job.Args is [Guid id, ..] && id == target)
            .Select(j => j.Value.EnqueueAt)
            .ToList();
    }

    /// <summary>Empties the job store, as if it were lost: SQLite's job file is deleted, PostgreSQL's hangfire schema dropped.</summary>
    public static async Task DeleteAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Kind == DatabaseProviderKind.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
            var stem = Path.GetFileNameWithoutExtension(file) + ".jobs";
            var removed = 0;
            foreach (var jobFile in Directory.GetFiles(folder, stem + "*"))
            {
                File.Delete(jobFile);
                removed++;
            }

            Assert.True(removed > 0, $"No job store file {stem}* in {folder}.");
            return;
        }

        await using var db = database.Context();
        await db.Database.ExecuteSqlRawAsync("DROP SCHEMA hangfire CASCADE");
    }
}
