using System.Security.Cryptography;
using System.Text;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// A respondent's hold on their session: the session id and a 256-bit secret, kept in an HttpOnly
/// cookie scoped to the survey's path and in the resume link. Only the secret's SHA-256 is stored.
/// </summary>
public sealed record ResponseCookie(Guid SessionId, string Secret)
{
    public static ResponseCookie New() => new(Guid.NewGuid(), PersonalLinks.New().Token);

    public string Hash => PersonalLinks.Hash(Secret);

    /// <summary>The form in cookies and resume links: <c>{id:N}.{secret}</c>.</summary>
    public string Value => $"{SessionId:N}.{Secret}";

    public bool Matches(string tokenHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash), Encoding.ASCII.GetBytes(tokenHash));

    public static ResponseCookie? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 100)
        {
            return null;
        }

        var parts = value.Split('.', 2);
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var id) && PersonalLinks.LooksValid(parts[1])
            ? new ResponseCookie(id, parts[1])
            : null;
    }

    public static string Name => "sp_response";

    public static ResponseCookie? Read(HttpRequest request) =>
        Parse(request?.Cookies[Name]);

    public void Write(HttpResponse response, string code, int days)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(Name, Value, Options(response, code, days));
    }

    public static void Delete(HttpResponse response, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(Name, Options(response, code, 0));
    }

    private static CookieOptions Options(HttpResponse response, string code, int days) => new()
    {
        Path = $"/s/{code}",
        HttpOnly = true,
        Secure = response.HttpContext.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        IsEssential = true,
        MaxAge = days > 0 ? TimeSpan.FromDays(days) : null,
    };
}
