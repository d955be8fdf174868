namespace SurveyPlatform.Web.Surveys;

public static class SurveysServiceCollectionExtensions
{
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddScoped<SurveyLifecycle>();
        services.AddScoped<CloseSurveyJob>(); // Scheduled through ISurveyJobs (Jobs/).
        return services;
    }
}
