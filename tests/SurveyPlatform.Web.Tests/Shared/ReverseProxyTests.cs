using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc.Testing;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests;

/// <summary>
/// Behind a TLS proxy: X-Forwarded-Proto and X-Forwarded-For count only from a trusted proxy
/// (ReverseProxy:KnownProxies / KnownNetworks); then the request is HTTPS (Secure cookies, HSTS, no
/// redirect) and rate limits partition on the forwarded client.
/// </summary>
public sealed class ReverseProxyTests
{
    private const string Proxy = "10.0.0.5";
    private const string ProxyInNetwork = "10.1.2.3";
    private const string Stranger = "203.0.113.9";

    private static AppFactory Factory(TestDatabase database, string environment, int lookups = 30) => new(database, new Dictionary<string, string?>
    {
        ["environment"] = environment,
        ["Database:MigrateOnStartup"] = "true",
        ["App:PublicBaseUrl"] = "https://surveys.example.org",
        ["ReverseProxy:KnownProxies"] = Proxy,
        ["ReverseProxy:KnownNetworks"] = "10.1.0.0/16",
        ["Distribution:TokenLookupsPerMinute"] = lookups.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static HtmlSession ThroughProxy(WebApplicationFactory<Program> app, string peer, string client = "198.51.100.7", bool redirects = true) =>
        PeerAddress.Session(app, peer, "http://surveys.example.org/", redirects, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", client));

    private static IEnumerable<string> SetCookies(Page page) =>
        page.Response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task FromATrustedProxy_TheRequestIsHttps_CookiesAreSecure_AndHstsIsSentInProduction()
    {
        await using var database = TestDatabase.Sqlite();
        await using var factory = Factory(database, "Production");
        await using var app = PeerAddress.Enable(factory);

        // The owner works over HTTPS directly (TestServer treats an https URL as HTTPS).
        using var owner = PeerAddress.Session(app, "192.0.2.1", "https://surveys.example.org/");
        await owner.SignInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        var (_, code) = await SurveyPages.PublishFileAsync(owner, TestSurveyFiles.PetsAndColours);

        foreach (var peer in new[] { Proxy, ProxyInNetwork })
        {
            using var browser = ThroughProxy(app, peer, redirects: false);
            var login = await browser.GetAsync("/account/login");
            Assert.True(login.Status == HttpStatusCode.OK, $"From {peer}: {login.Status} to {login.Response.Headers.Location}");
            Assert.True(login.Response.Headers.TryGetValues("Strict-Transport-Security", out var hsts), $"No HSTS from {peer}.");
            Assert.StartsWith("max-age=31536000", hsts!.Single(), StringComparison.Ordinal);
            var antiforgery = Assert.Single(SetCookies(login), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
            Assert.True(IsSecure(antiforgery), antiforgery);

            var survey = await browser.GetAsync($"/s/{code}");
            Assert.Equal(HttpStatusCode.OK, survey.Status);
            var response = Assert.Single(SetCookies(survey), c => c.StartsWith("sp_response=", StringComparison.Ordinal));
            Assert.True(IsSecure(response), response);

            // Sign-in through the proxy: the cookies are carried by hand, since a cookie jar keeps
            // Secure cookies from the plain-HTTP hop between proxy and app.
            var token = login.Document.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Email"] = AppFactory.AdminEmail,
                    ["Input.Password"] = AppFactory.AdminPassword,
                    ["__RequestVerificationToken"] = token,
                }),
            };
            request.Headers.Add("Cookie", antiforgery.Split(';')[0]);
            using var signedIn = await browser.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var auth = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sp.auth=", StringComparison.Ordinal));
            Assert.True(IsSecure(auth), auth);
        }
    }

    [Fact]
    public async Task TheTrustedProxiesAndNetworks_AreReadFromTheSettings_BesideLoopback()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = Factory(database, "Development");
        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.Equal([IPAddress.Parse(Proxy)], options.KnownProxies);
        Assert.Equal(["127.0.0.0/8", "::1/128", "10.1.0.0/16"], options.KnownIPNetworks.Select(n => n.ToString()));
        Assert.Equal(1, options.ForwardLimit);
    }

    [Fact]
    public async Task FromAnUntrustedAddress_TheForwardedHeadersAreIgnored_SoPlainHttpIsRedirected_ButHealthProbesAreNot()
    {
        await using var database = TestDatabase.Sqlite();
        await using var factory = Factory(database, "Production");
        await using var app = PeerAddress.Enable(factory);
        using var stranger = ThroughProxy(app, Stranger, redirects: false);

        var login = await stranger.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, login.Status);
        Assert.Equal("https://surveys.example.org/account/login", login.Response.Headers.Location?.ToString());
        Assert.False(login.Response.Headers.Contains("Strict-Transport-Security"));
        Assert.Empty(SetCookies(login));

        var health = await stranger.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.Status);
    }

    [Fact]
    public async Task InDevelopment_AnUntrustedAddress_GetsNoSecureCookies_ForItsForwardedHttps()
    {
        await using var database = TestDatabase.Sqlite();
        await using var factory = Factory(database, "Development");
        await using var app = PeerAddress.Enable(factory);
        using var stranger = ThroughProxy(app, Stranger, redirects: false);

        var login = await stranger.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        var antiforgery = Assert.Single(SetCookies(login), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.False(IsSecure(antiforgery), antiforgery);

        using var trusted = ThroughProxy(app, Proxy, redirects: false);
        var viaProxy = await trusted.GetAsync("/account/login");
        Assert.True(IsSecure(Assert.Single(SetCookies(viaProxy), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task RateLimits_PartitionOnTheForwardedClient_FromATrustedProxy_AndOnThePeer_FromAnUntrustedOne()
    {
        await using var database = TestDatabase.Sqlite();
        await using var factory = Factory(database, "Development", lookups: 2);
        await using var app = PeerAddress.Enable(factory);

        async Task<HttpStatusCode> LookUpAsync(string peer, string client)
        {
            using var session = ThroughProxy(app, peer, client);
            return (await session.GetAsync($"/i/{new string('A', 43)}")).Status;
        }

        // Two clients behind the one trusted proxy: each has its own window.
        Assert.Equal(HttpStatusCode.NotFound, await LookUpAsync(Proxy, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.NotFound, await LookUpAsync(Proxy, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LookUpAsync(Proxy, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.NotFound, await LookUpAsync(Proxy, "198.51.100.2"));
        Assert.Equal(HttpStatusCode.NotFound, await LookUpAsync(ProxyInNetwork, "198.51.100.3"));

        // An untrusted sender cannot escape its window by naming a new client each time.
        Assert.Equal(HttpStatusCode.NotFound, await LookUpAsync(Stranger, "198.51.100.4"));
        Assert.Equal(HttpStatusCode.NotFound, await LookUpAsync(Stranger, "198.51.100.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LookUpAsync(Stranger, "198.51.100.6"));
    }
}
