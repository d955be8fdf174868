using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using SurveyPlatform.Web.Accounts;

namespace SurveyPlatform.Web.Api;

/// <summary>The authorisation policies of /api/v1: each names the bearer scheme alone, so cookies never count.</summary>
public static class ApiPolicies
{
    /// <summary>A valid token, whatever its scopes.</summary>
    public const string AnyScope = "api";
    public const string ResultsRead = "api:" + ApiScopes.ResultsRead;

    /// <summary>The scope, and the SurveyOwner role the owner's pages require.</summary>
    public const string SurveysManage = "api:" + ApiScopes.SurveysManage;
}

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Personal access tokens, the bearer scheme, the API's policies and rate limit
    /// (Api:RequestsPerMinute per token, default 120), and the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);

        AuthorizationPolicyBuilder Token() => new AuthorizationPolicyBuilder(AccessTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.AnyScope, Token().Build())
            .AddPolicy(ApiPolicies.ResultsRead, Token().RequireClaim(ApiScopes.ClaimType, ApiScopes.ResultsRead).Build())
            .AddPolicy(ApiPolicies.SurveysManage, Token().RequireClaim(ApiScopes.ClaimType, ApiScopes.SurveysManage).RequireRole(Roles.SurveyOwner).Build());

        var permits = configuration.GetValue("Api:RequestsPerMinute", 120);
        services.AddRateLimiter(o => o.AddPolicy(ApiEndpoints.RateLimitPolicy, new PerTokenRateLimit(permits)));

        // Statuses read as words ("Closed", "Succeeded") in the API's JSON, as in the definition document.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<BearerSchemeTransformer>();
        });
        return services;
    }

    /// <summary>
    /// A fixed window per token. The limiter runs before authentication, so the partition is the
    /// hash of the presented secret (never the secret itself); calls without one share their
    /// client address's window.
    /// </summary>
    private sealed class PerTokenRateLimit(int permits) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"This token made more than {permits} calls in a minute. Wait and try again.");
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var secret = AccessTokenAuthenticationHandler.BearerSecret(httpContext.Request);
            var key = secret is null
                ? "address:" + (httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown")
                : "token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }
    }
}
