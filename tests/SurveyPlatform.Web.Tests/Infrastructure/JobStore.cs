using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>The Hangfire job store of a test database, opened the way the app opens it, to read (or empty) it from a test.</summary>
public static class JobStore
{
    public static JobStorage Open(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Kind.ToString(),
            ["ConnectionStrings:Default"] = database.ConnectionString,
        }).Build();
        return DatabaseProvider.FromConfiguration(configuration, new Environment()).CreateJobStorage(new JobOptions());
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

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "SurveyPlatform.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
