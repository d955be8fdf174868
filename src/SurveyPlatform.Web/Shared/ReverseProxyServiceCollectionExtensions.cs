using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;

namespace SurveyPlatform.Web;

/// <summary>
/// Running behind a TLS-terminating proxy: X-Forwarded-For and X-Forwarded-Proto are believed only
/// from the proxies named in ReverseProxy:KnownProxies / ReverseProxy:KnownNetworks (and loopback,
/// where the shipped nginx layout runs it), so the app sees the client's address (rate limits) and
/// scheme (Secure cookies, redirects). Outside Development: HSTS and HTTPS redirection.
/// </summary>
public static class ReverseProxyServiceCollectionExtensions
{
    public const string Section = "ReverseProxy";

    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = List(section, "KnownProxies")
            .Select(p => IPAddress.TryParse(p, out var address) ? address : throw Invalid("KnownProxies", p, "an IP address")).ToList();
        var networks = List(section, "KnownNetworks")
            .Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network : throw Invalid("KnownNetworks", n, "an IP network like 10.0.0.0/8")).ToList();
        var forwardLimit = section.GetValue("ForwardLimit", 1);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = forwardLimit;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
            o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("::1/128"));
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });

        // Secure whenever the request is HTTPS as seen after the forwarded headers. Antiforgery and
        // TempData cookies would otherwise never be Secure.
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        var httpsPort = section.GetValue<int?>("HttpsPort")
            ?? (Uri.TryCreate(configuration["App:PublicBaseUrl"], UriKind.Absolute, out var publicUrl) && publicUrl.Scheme == Uri.UriSchemeHttps ? publicUrl.Port : null);
        services.AddHttpsRedirection(o => o.HttpsPort = httpsPort);
        return services;
    }

    /// <summary>
    /// Forwarded headers first (everything after sees the client's address and scheme); outside
    /// Development, HSTS and a redirect of plain HTTP to HTTPS. Health checks are not redirected:
    /// probes on the internal port speak plain HTTP.
    /// </summary>
    public static WebApplication UseReverseProxy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase), branch => branch.UseHttpsRedirection());
        }

        return app;
    }

    // A list in appsettings.json, or one comma-separated value (an environment variable).
    private static IEnumerable<string> List(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        var values = child.Value is { } single ? single.Split(',') : child.GetChildren().Select(c => c.Value ?? string.Empty);
        return values.Select(v => v.Trim()).Where(v => v.Length > 0);
    }

    private static InvalidOperationException Invalid(string key, string text, string expected) =>
        new($"{Section}:{key} has \"{text}\", which is not {expected}.");
}
