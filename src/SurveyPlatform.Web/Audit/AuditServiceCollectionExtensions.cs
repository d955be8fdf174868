namespace SurveyPlatform.Web.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit trail (<see cref="AuditTrail"/>, scoped like the DbContext it writes with).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditTrail>();
        return services;
    }
}
