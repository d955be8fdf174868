using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
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

    public static IServiceCollection AddReverseProxy(this IServiceCollection services)
    {
        // Absolute links on the public address the proxy serves (App:PublicBaseUrl).
        services.AddSingleton<AppLinks>();

        // Read from the final configuration when the options are built, and checked at start
        // (ValidateOnStart), so a mistyped address stops the app with a clear message.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var section = configuration.GetSection(Section);
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = section.GetValue("ForwardLimit", 1);
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
            o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("::1/128"));
            foreach (var proxy in List(section, "KnownProxies"))
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address : throw Invalid("KnownProxies", proxy, "an IP address"));
            }

            foreach (var network in List(section, "KnownNetworks"))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed : throw Invalid("KnownNetworks", network, "an IP network like 10.0.0.0/8"));
            }
        }).ValidateOnStart();

        // Secure whenever the request is HTTPS as seen after the forwarded headers. Antiforgery and
        // TempData cookies would otherwise never be Secure.
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddHttpsRedirection(_ => { });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IConfiguration>((o, configuration) =>
            o.HttpsPort = configuration.GetValue<int?>($"{Section}:HttpsPort")
                ?? (Uri.TryCreate(configuration["App:PublicBaseUrl"], UriKind.Absolute, out var publicUrl) && publicUrl.Scheme == Uri.UriSchemeHttps ? publicUrl.Port : null));
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
