using System.Threading.RateLimiting;

namespace SurveyPlatform.Web.Distribution;

public static class DistributionServiceCollectionExtensions
{
    /// <summary>
    /// Personal links and their rate limit: token lookups (personal and resume links) are limited
    /// per client address, separately from sign-in lockout, so neither can be used to trip the other.
    /// </summary>
    public static IServiceCollection AddDistribution(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Distribution:TokenLookupsPerMinute", 30);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PersonalLinks.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        services.AddScoped<MailingSender>();
        services.AddScoped<SendMailingJob>(); // Scheduled through ISurveyJobs (Jobs/).
        return services;
    }
}
