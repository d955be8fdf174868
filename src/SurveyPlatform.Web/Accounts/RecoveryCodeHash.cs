using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// How a recovery code is kept: PBKDF2-HMAC-SHA256 with its own random salt, as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (Base64). Identity's codes carry about 47 random bits
/// (ten characters from 26); a fast unsalted hash of so small a space could be searched from a stolen
/// database in hours, this one not in years, while checking all ten codes at sign-in stays well under
/// a second.
/// </summary>
public static class RecoveryCodeHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 20_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>What the person typed, as the code was issued: no spaces or hyphens, upper case.</summary>
    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var text = new StringBuilder(code.Length);
        foreach (var c in code)
        {
            if (!char.IsWhiteSpace(c) && c != '-')
            {
                text.Append(char.ToUpperInvariant(c));
            }
        }

        return text.ToString();
    }

    public static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(Normalize(code), salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Matches(string stored, string code)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(Normalize(code), salt, iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Derive(string code, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
