using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// One front address (http://localhost) in front of app nodes, as browsers see a cluster behind a
/// load balancer: every request, each redirect included, goes to the next node in turn. A node is an
/// app process on its port or the in-process app's test server, and the nodes can be swapped between
/// requests (an app restarted behind the balancer). Cookies are kept per browser for the front address,
/// so a cookie one node set is sent to the next.
/// </summary>
public sealed class LoadBalancer : IDisposable
{
    public static readonly Uri Front = new("http://localhost/");

    private readonly List<HttpMessageInvoker> _invokers = [];
    private (Uri Address, HttpMessageInvoker Invoker)[] _nodes = [];
    private int _next;

    /// <summary>Sends the following requests to these app processes, in turn.</summary>
    public void RouteTo(params AppNode[] nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _nodes = [.. nodes.Select(n => (n.Address, Own(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })))];
    }

    /// <summary>Sends the following requests to the in-process app.</summary>
    public void RouteTo(AppFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _nodes = [(app.Server.BaseAddress, Own(app.Server.CreateHandler()))];
    }

    /// <summary>A new browser: its own cookies, redirects followed (each through the balancer).</summary>
    public HtmlSession Session() =>
        new(new HttpClient(new RedirectHandler { InnerHandler = new CookieContainerHandler { InnerHandler = new Link(this) } }) { BaseAddress = Front });

    private HttpMessageInvoker Own(HttpMessageHandler handler)
    {
        var invoker = new HttpMessageInvoker(handler);
        _invokers.Add(invoker);
        return invoker;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_nodes.Length == 0)
        {
            throw new InvalidOperationException("The load balancer has no node to route to.");
        }

        var (address, invoker) = _nodes[(Interlocked.Increment(ref _next) - 1) % _nodes.Length];
        var front = request.RequestUri!;
        request.RequestUri = new Uri(address, front.PathAndQuery);
        request.Headers.Host = front.Authority;
        var response = await invoker.SendAsync(request, cancellationToken);

        // Cookies, redirects and the page's own address stay on the front address, as in a browser.
        request.RequestUri = front;
        return response;
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }

    private sealed class Link(LoadBalancer balancer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            balancer.SendAsync(request, cancellationToken);
    }
}
