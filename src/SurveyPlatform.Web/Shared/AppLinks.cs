namespace SurveyPlatform.Web;

public static class AppLinks
{
    /// <summary>The base for links in e-mails: App:PublicBaseUrl when set, else the current request's origin.</summary>
    public static string BaseUrl(HttpRequest request, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = configuration["App:PublicBaseUrl"];
        return !string.IsNullOrWhiteSpace(configured) ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
