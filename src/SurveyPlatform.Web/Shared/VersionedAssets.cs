using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.StaticFiles;

namespace SurveyPlatform.Web;

/// <summary>
/// Static files linked with <c>asp-append-version</c> carry their content's hash (<c>?v=…</c>), so a
/// request whose hash is the file's current one can be cached for a year without asking again: a new
/// file gets a new URL. Any other request (no hash, or an old one) keeps the default: revalidated by ETag.
/// </summary>
public static class VersionedAssets
{
    public const string Immutable = "public, max-age=31536000, immutable";

    public static StaticFileOptions Options() => new() { OnPrepareResponse = Prepare };

    private static void Prepare(StaticFileResponseContext context)
    {
        var http = context.Context;
        if (http.Request.Query["v"] is not [{ Length: > 0 } version])
        {
            return;
        }

        var versions = http.RequestServices.GetRequiredService<IFileVersionProvider>();
        var current = versions.AddFileVersionToPath(http.Request.PathBase, http.Request.Path);
        if (current.EndsWith("?v=" + version, StringComparison.Ordinal))
        {
            http.Response.Headers.CacheControl = Immutable;
        }
    }
}
