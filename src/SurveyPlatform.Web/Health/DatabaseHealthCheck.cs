using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Health;

internal sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A real query, so a missing schema is "unhealthy" too, not only a dead connection.
            await db.Surveys.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be queried.", ex);
        }
    }
}

public static class HealthServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);

        // Used by UseExceptionHandler (outside Development): a database outage is a 503 "try again", not a 500.
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return endpoints;
    }
}
