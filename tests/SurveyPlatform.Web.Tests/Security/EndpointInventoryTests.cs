using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Security;

/// <summary>
/// "Access proven for every endpoint": every endpoint the app maps (each Razor Pages handler, each
/// API route, the health checks, OpenAPI) and everything middleware serves has a row in
/// <see cref="AccessRules"/>, and the row agrees with what the endpoint declares.
/// </summary>
public sealed class EndpointInventoryTests
{
    public sealed record Served(string Key, Endpoint? Endpoint);

    /// <summary>Every endpoint key of the running app, from its EndpointDataSource, with page handlers expanded.</summary>
    public static async Task<IReadOnlyList<Served>> EnumerateAsync(AppFactory app)
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        var served = new List<Served>();
        foreach (var endpoint in source.Endpoints)
        {
            if (endpoint is not RouteEndpoint route)
            {
                served.Add(new Served($"? {endpoint.DisplayName}", endpoint));
                continue;
            }

            var pattern = "/" + (route.RoutePattern.RawText ?? string.Empty).Trim('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods)
                {
                    var key = $"{handler.HttpMethod.ToUpperInvariant()} {pattern}" + (handler.Name is null ? string.Empty : $"?handler={handler.Name}");
                    served.Add(new Served(key, endpoint));
                }

                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var method in methods.Count == 0 ? ["*"] : methods)
            {
                served.Add(new Served($"{method} {pattern}", endpoint));
            }
        }

        var webRoot = app.Services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        foreach (var file in Files(webRoot, string.Empty))
        {
            served.Add(new Served($"GET {file}", null));
        }

        return served.DistinctBy(s => s.Key).ToList();
    }

    /// <summary>The rule for a key: an endpoint row, or a middleware row ("/css/*" covers everything under /css/).</summary>
    public static AccessRule? RuleFor(string key)
    {
        if (AccessRules.Endpoints.TryGetValue(key, out var rule))
        {
            return rule;
        }

        return AccessRules.Middleware
            .Where(m => m.Key.EndsWith("/*", StringComparison.Ordinal) && key.StartsWith(m.Key[..^1], StringComparison.Ordinal))
            .Select(m => m.Value).FirstOrDefault();
    }

    [Fact]
    public async Task EveryEndpointAndStaticFile_HasADeclaredAccessRule_AndEveryRuleAnEndpoint()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var _ = app.CreateClient(); // starts the host, so every data source is populated

        var served = await EnumerateAsync(app);
        Assert.True(served.Count(s => s.Key.Contains("?handler=", StringComparison.Ordinal)) > 40, "Page handlers were not enumerated.");

        var undeclared = served.Where(s => RuleFor(s.Key) is null).Select(s => s.Key).ToList();
        var keys = served.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var stale = AccessRules.Endpoints.Keys.Where(k => !keys.Contains(k)).ToList();
        var unusedFolders = AccessRules.Middleware.Keys
            .Where(k => k.EndsWith("/*", StringComparison.Ordinal) && !keys.Any(s => s.StartsWith(k[..^1], StringComparison.Ordinal)))
            .ToList();

        Assert.True(
            undeclared.Count == 0 && stale.Count == 0 && unusedFolders.Count == 0,
            "Endpoints without a rule in Security/AccessRules.cs (add one):\n  " + string.Join("\n  ", undeclared)
            + "\nRules that match no endpoint (remove or correct them):\n  " + string.Join("\n  ", stale.Concat(unusedFolders)));
    }

    [Fact]
    public async Task EachEndpointsOwnMetadata_AgreesWithItsRule()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var _ = app.CreateClient();

        var mismatches = new List<string>();
        foreach (var (key, endpoint) in await EnumerateAsync(app))
        {
            if (endpoint is null || RuleFor(key) is not { } rule)
            {
                continue;
            }

            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var opensToAnyone = rule.Access is Access.Anonymous or Access.RespondentToken;
            if (anonymous != opensToAnyone)
            {
                mismatches.Add($"{key}: the rule is {rule.Access} but the endpoint {(anonymous ? "allows" : "does not allow")} anonymous callers.");
            }

            // The fallback policy (signed in) covers every other endpoint; a role rule must be declared on the endpoint too.
            if (rule.Access == Access.Administrator && !policies.Contains(Policies.Administrators))
            {
                mismatches.Add($"{key}: the rule is Administrator but the endpoint does not require the {Policies.Administrators} policy.");
            }

            if (rule.Access == Access.SurveyOwnerRole && !policies.Contains(Policies.SurveyOwners))
            {
                mismatches.Add($"{key}: the rule is SurveyOwnerRole but the endpoint does not require the {Policies.SurveyOwners} policy.");
            }

            if (rule.Scope is not null && !policies.Any(p => p is not null && p.Contains(rule.Scope, StringComparison.Ordinal)))
            {
                mismatches.Add($"{key}: the rule needs the {rule.Scope} scope but the endpoint's policies are [{string.Join(", ", policies)}].");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static IEnumerable<string> Files(IFileProvider provider, string folder)
    {
        foreach (var entry in provider.GetDirectoryContents(folder))
        {
            var path = $"{folder}/{entry.Name}";
            if (entry.IsDirectory)
            {
                foreach (var file in Files(provider, path))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
