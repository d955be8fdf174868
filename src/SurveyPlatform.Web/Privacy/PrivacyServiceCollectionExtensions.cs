namespace SurveyPlatform.Web.Privacy;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>Retention per survey (the daily job is registered with the other jobs) and erasure by e-mail address.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddScoped<SurveyRetention>();
        services.AddScoped<AddressErasure>();
        return services;
    }
}
