using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.Options;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire with its storage in the application's database (chosen by <see cref="DatabaseProvider"/>),
    /// a server in this process (unless <c>Jobs:Server</c> is false); each feature registers its own job classes.
    /// The storage, the job activator and the log provider are this host's own, never Hangfire's
    /// process-wide defaults, so several hosts in one process (the tests) never share or use each
    /// other's job store, container or logger.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, DatabaseProvider provider, IConfiguration configuration)
    {
        services.Configure<JobOptions>(configuration.GetSection("Jobs"));
        services.AddSingleton(sp => provider.CreateJobStorage(sp.GetRequiredService<IOptions<JobOptions>>().Value));

        // Jobs are built in a scope of this host's container. Hangfire's default resolves the
        // process-wide JobActivator.Current, which the last host configured would own.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));

        var options = configuration.GetSection("Jobs").Get<JobOptions>() ?? new JobOptions();
        if (options.Server)
        {
            services.AddHangfireServer((sp, server) =>
            {
                var settings = sp.GetRequiredService<IOptions<JobOptions>>().Value;
                server.Activator = sp.GetRequiredService<JobActivator>();
                server.FilterProvider = new Observability.JobMetricsFilterProvider(sp.GetRequiredService<Observability.SurveyMetrics>());
                server.ServerName = string.IsNullOrWhiteSpace(settings.ServerName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : settings.ServerName;
                server.WorkerCount = settings.Workers;
                server.SchedulePollingInterval = settings.SchedulePoll;
                SetStopTimes(server, settings);
            });

            // The host waits for the job server's graceful stop (both of its times) and a margin. Shorter, and a
            // busy node exits before a cancelled job is released, leaving it to the invisibility timeout.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = HostShutdown(options));
        }

        services.AddSingleton<JobLocks>();
        services.AddSingleton<HangfireSurveyJobs>();
        services.AddSingleton<ISurveyJobs>(sp => sp.GetRequiredService<HangfireSurveyJobs>());
        services.AddScoped<ScheduledWork>();
        return services;
    }

    /// <summary>
    /// A stopping job server lets running jobs finish for <see cref="JobOptions.Shutdown"/> (StopTimeout), then
    /// cancels them, and gives the cancelled ones as long again to go back to the queue before it abandons them
    /// (ShutdownTimeout). Hangfire counts both times from the stop request, so the second is the sum: with the two
    /// equal, a job still running was cancelled in the very instant the server gave up on it, and the process could
    /// exit before its worker put it back (MailingCrashTests saw that in CI).
    /// </summary>
    internal static void SetStopTimes(BackgroundJobServerOptions server, JobOptions settings)
    {
        server.StopTimeout = settings.Shutdown;
        server.ShutdownTimeout = ServerGivesUpAfter(settings);
    }

    /// <summary>How long the host waits for its services to stop: until the job server gives up, and 10 s more (30 s at least).</summary>
    internal static TimeSpan HostShutdown(JobOptions settings)
    {
        var wait = ServerGivesUpAfter(settings) + TimeSpan.FromSeconds(10);
        return wait > TimeSpan.FromSeconds(30) ? wait : TimeSpan.FromSeconds(30);
    }

    /// <summary>When, counted from the stop, the job server abandons jobs still running: their finishing time and as long again to go back to the queue.</summary>
    private static TimeSpan ServerGivesUpAfter(JobOptions settings) => 2 * settings.Shutdown;

    /// <summary>
    /// Reconciles scheduled work with the database and registers the recurring check. Run at start
    /// and by <c>migrate</c>, after the migrations.
    /// </summary>
    public static async Task<ReconciledWork> ReconcileJobsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<IOptions<JobOptions>>().Value;
        scope.ServiceProvider.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<ScheduledWork>(ScheduledWork.RecurringId, w => w.RunAsync(CancellationToken.None), settings.ReconcileCron);
        scope.ServiceProvider.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<Privacy.RetentionJob>(Privacy.RetentionJob.RecurringId, j => j.RunAsync(CancellationToken.None), settings.RetentionCron);
        return await scope.ServiceProvider.GetRequiredService<ScheduledWork>().ReconcileAsync(afterStart: true, cancellationToken);
    }

    /// <summary>The Hangfire Dashboard at <see cref="DashboardAccess.Path"/>, for Administrators only.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(
            http => http.Request.Path.StartsWithSegments(DashboardAccess.Path, StringComparison.OrdinalIgnoreCase),
            branch => branch.Use((http, next) => DashboardAccess.GateAsync(http, () => next(http))));
        app.UseHangfireDashboard(DashboardAccess.Path, new DashboardOptions
        {
            Authorization = [new DashboardAccess()],
            IsReadOnlyFunc = DashboardAccess.IsReadOnly,
            AppPath = "/admin/jobs",
            DashboardTitle = "SurveyPlatform jobs",
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }
}
