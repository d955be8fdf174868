using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Security;

/// <summary>The headers every page gets, including what the wapiti scan asked for (docs/security.md, scan record).</summary>
public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/no-such-page")]
    public async Task EveryPage_SendsAStrictPolicy_WithNoPlugins_NoFraming_AndTheLegacyXssAuditorOff(string path)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy")).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("X-XSS-Protection")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }
}
