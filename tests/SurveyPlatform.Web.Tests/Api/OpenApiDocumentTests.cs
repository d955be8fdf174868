using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Api;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApiDocument_ListsEveryApiEndpoint_WithTheBearerScheme()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var client = ApiPages.Client(app);
        using var response = await client.GetAsync(ApiPages.Url("/openapi/v1.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        // Every endpoint the app maps under /api/v1, from the app's own routing table.
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m.ToLowerInvariant(), Path: Normalise(e.RoutePattern.RawText!))))
            .ToHashSet();
        Assert.True(mapped.Count >= 8, $"Only {mapped.Count} API endpoints are mapped.");
        var documented = root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Method: o.Name, Path: p.Name)))
            .ToHashSet();
        Assert.Equal(mapped.OrderBy(e => e.Path).ThenBy(e => e.Method), documented.OrderBy(e => e.Path).ThenBy(e => e.Method));

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Single();
        Assert.Equal("http", scheme.Value.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.Value.GetProperty("scheme").GetString());
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var security = operation.Value.GetProperty("security");
                Assert.True(security.EnumerateArray().Any(r => r.TryGetProperty(scheme.Name, out _)), $"{operation.Name} {path.Name} does not require the bearer scheme.");
            }
        }
    }

    /// <summary>"/api/v1/surveys/{id:guid}/close" as OpenAPI writes it: "/api/v1/surveys/{id}/close".</summary>
    private static string Normalise(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([A-Za-z]+)(:[^}]*)?\}", "{$1}");
}
