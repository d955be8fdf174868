using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// TestServer has no network peer. This startup filter runs before the app's pipeline and sets the
/// connection's remote address from the test-only header X-Test-Peer, as Kestrel would from the socket.
/// </summary>
public sealed class PeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            if (context.Request.Headers.Remove(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            await following(context);
        });
        next(app);
    };

    /// <summary>The app with the filter: use only this factory (its own host) for the whole test.</summary>
    public static WebApplicationFactory<Program> Enable(AppFactory app) =>
        app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerAddress>()));

    /// <summary>A cookie-keeping session whose requests come from <paramref name="peer"/>, with extra headers.</summary>
    public static HtmlSession Session(WebApplicationFactory<Program> app, string peer, string baseAddress = "http://localhost/", bool redirects = true, params (string Name, string Value)[] headers)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = redirects, HandleCookies = true, BaseAddress = new Uri(baseAddress) });
        client.DefaultRequestHeaders.Add(Header, peer);
        foreach (var (name, value) in headers)
        {
            client.DefaultRequestHeaders.Add(name, value);
        }

        return new HtmlSession(client);
    }
}
