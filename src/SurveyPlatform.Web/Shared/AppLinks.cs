namespace SurveyPlatform.Web;

/// <summary>
/// Absolute links, for e-mails and for links people copy: the base (<see cref="BaseUrl"/> in a request,
/// <see cref="PublicBaseUrl"/> in a job, which has none) followed by the page's path from its route.
/// </summary>
public sealed class AppLinks(LinkGenerator links, IConfiguration configuration)
{
    /// <summary>The base for links in e-mails: App:PublicBaseUrl when set, else the current request's origin.</summary>
    public static string BaseUrl(HttpRequest request, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = configuration["App:PublicBaseUrl"];
        return !string.IsNullOrWhiteSpace(configured) ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary>The base for links that jobs mail: App:PublicBaseUrl when set, else the default local address.</summary>
    public string PublicBaseUrl => (configuration["App:PublicBaseUrl"] is { Length: > 0 } configured ? configured : "http://localhost:5000").TrimEnd('/');

    /// <summary>A link to <paramref name="page"/> for a job's e-mail, on <see cref="PublicBaseUrl"/>.</summary>
    public string PageForMail(string page, object values) => PublicBaseUrl + PathOf(page, values);

    /// <summary>A link to <paramref name="page"/> shown or mailed while serving <paramref name="request"/>, on <see cref="BaseUrl"/>.</summary>
    public string PageFor(HttpRequest request, string page, object values) => BaseUrl(request, configuration) + PathOf(page, values);

    // The base already holds any path base, so the page's path is generated without one.
    private string PathOf(string page, object values) =>
        links.GetPathByPage(page, handler: null, values, pathBase: PathString.Empty)
        ?? throw new InvalidOperationException($"No route reaches the page {page} with these values.");
}
