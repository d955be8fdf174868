namespace SurveyPlatform.Web.Privacy;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>Retention per survey with its daily job (its schedule is set with the other recurring work in Jobs/) and erasure by e-mail address.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddScoped<SurveyRetention>();
        services.AddScoped<AddressErasure>();
        services.AddScoped<RetentionJob>();
        return services;
    }
}
