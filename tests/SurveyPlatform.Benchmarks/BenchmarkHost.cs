using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Benchmarks;

/// <summary>
/// The web host's services that a scoring job uses, wired by the same extension methods as Program.cs
/// (<c>AddData</c> with the <see cref="DatabaseProvider"/> read from configuration, <c>AddScoring</c>,
/// the system clock), without Kestrel, Razor Pages or Hangfire: the job's scheduler is replaced by
/// <see cref="NoJobs"/>, which the job itself never calls.
/// </summary>
internal static class BenchmarkHost
{
    public static IHost Build(DatabaseProviderKind kind, string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = kind.ToString(),
            ["ConnectionStrings:Default"] = connectionString,
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

        // EF logs the migrator's probe for a history table that a fresh database does not have yet as an error; real failures still throw.
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        builder.Logging.AddProvider(new JobTimings());
        builder.Logging.AddFilter<JobTimings>(JobTimings.Category, LogLevel.Information);
        var database = DatabaseProvider.FromConfiguration(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddData(database);
        builder.Services.AddAudit(); // The scoring job writes an audit entry.
        builder.Services.AddScoring();
        builder.Services.AddResults();
        builder.Services.AddSingleton<ISurveyJobs, NoJobs>();
        return builder.Build();
    }

    private sealed class NoJobs : ISurveyJobs
    {
        public Task EnqueueScoringAsync(Guid surveyId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ScheduleCloseAsync(Guid surveyId, DateTime? closeAt, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ScheduleMailingAsync(Guid mailingId, DateTime at, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task EnqueueReportsAsync(Guid runId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
