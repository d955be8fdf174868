using Quartz;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Quartz with its persistent store in the application's own database; Quartz creates its tables.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, DatabaseProvider provider)
    {
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "SurveyPlatform");
            q.UsePersistentStore(store =>
            {
                provider.ConfigureJobStore(store);
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddScoped<ScoreSurveyJob>();
        services.AddScoped<CloseSurveyJob>();
        services.AddScoped<SendMailingJob>();
        services.AddSingleton<ISurveyJobs, QuartzSurveyJobs>();
        services.AddSingleton<IJobMonitor, QuartzJobMonitor>();
        return services;
    }
}
