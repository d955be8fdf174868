
namespace SurveyPlatform.Web.Admin;

public static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddScoped<UserInvitations>();
        services.AddScoped<SecuritySettings>();
        return services;
    }
}
