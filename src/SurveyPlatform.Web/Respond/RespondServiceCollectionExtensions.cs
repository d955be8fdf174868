namespace SurveyPlatform.Web.Respond;

public static class RespondServiceCollectionExtensions
{
    /// <summary>The respondent pages' services: saving and completing responses, the hourly limits on e-mailed resume links (Respond:ResumeMail) and the cache of published definitions.</summary>
    public static IServiceCollection AddRespond(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ResumeMailOptions>(configuration.GetSection(ResumeMailOptions.Section));
        services.AddSingleton<ResumeMailLimits>();
        services.AddSingleton<PublishedDefinitions>();
        services.AddScoped<ResponseCompletion>();
        return services;
    }
}
