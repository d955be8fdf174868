namespace SurveyPlatform.Web.Scoring;

public static class ScoringServiceCollectionExtensions
{
    public static IServiceCollection AddScoring(this IServiceCollection services)
    {
        services.AddScoped<SurveyScoring>();
        services.AddScoped<ScoreSurveyJob>(); // Queued through ISurveyJobs (Jobs/).
        return services;
    }
}
