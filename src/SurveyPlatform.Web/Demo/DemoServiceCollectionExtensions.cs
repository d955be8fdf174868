using SurveyPlatform.Web.Accounts;

namespace SurveyPlatform.Web.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>The demo data seeds itself as a first-administrator step (only when <c>DemoData:Enabled</c>).</summary>
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddScoped<DemoData>();
        services.AddScoped<IFirstAdministratorStep>(sp => sp.GetRequiredService<DemoData>());
        return services;
    }
}
