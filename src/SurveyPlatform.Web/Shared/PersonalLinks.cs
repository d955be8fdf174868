using System.Security.Cryptography;
using System.Text;

namespace SurveyPlatform.Web;

/// <summary>
/// The secrets behind personal links, respondents' session cookies and resume links, report links and
/// account invitations: 256 random bits, base64url; only the SHA-256 (hex) is stored. Shared, so the
/// respondent pages do not depend on Distribution (which depends on them).
/// </summary>
public static class PersonalLinks
{
    public const string RateLimitPolicy = "token-lookups";

    public static (string Token, string Hash) New()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A plausible token: anything else is refused before touching the database.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: >= 40 and <= 64 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
