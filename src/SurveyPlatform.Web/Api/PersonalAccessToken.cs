using System.Security.Cryptography;
using System.Text;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Web.Api;

/// <summary>
/// A user's token for the REST API. It acts as its user, limited to its scopes, until it expires or
/// is revoked. Only the SHA-256 of the secret is stored, so a copy of the database hands out no
/// access; the secret is shown once, when the token is made.
/// </summary>
public sealed class PersonalAccessToken
{
    /// <summary>Every secret starts with this, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string SecretPrefix = "spat_";
    public const int NameMaxLength = 100;
    public const int MaxLifetimeDays = 365;

    /// <summary>The secret's first characters, kept so the owner can tell tokens apart.</summary>
    public const int HintLength = 9;

    private PersonalAccessToken()
    {
        UserId = null!;
        Name = null!;
        TokenHash = null!;
        Hint = null!;
        Scopes = null!;
    }

    public Guid Id { get; private set; }
    public string UserId { get; private set; }
    public string Name { get; private set; }
    public string TokenHash { get; private set; }
    public string Hint { get; private set; }

    /// <summary>The granted scopes, space-separated (as in OAuth).</summary>
    public string Scopes { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Checks a request for a token; the errors name the field they belong to.</summary>
    public static IReadOnlyList<FieldError> Check(string? name, IReadOnlyCollection<string> scopes, int? lifetimeDays, bool mayManageSurveys)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new FieldError("Name", "Enter a name that says what the token is for."));
        }
        else if (name.Trim().Length > NameMaxLength)
        {
            errors.Add(new FieldError("Name", $"Keep the name to {NameMaxLength} characters or fewer."));
        }

        if (scopes.Count == 0)
        {
            errors.Add(new FieldError("Scopes", "Choose at least one scope."));
        }
        else if (scopes.FirstOrDefault(s => !ApiScopes.All.Contains(s)) is { } unknown)
        {
            errors.Add(new FieldError("Scopes", $"\"{unknown}\" is not a scope."));
        }
        else if (scopes.Contains(ApiScopes.SurveysManage) && !mayManageSurveys)
        {
            errors.Add(new FieldError("Scopes", $"Only survey owners can grant {ApiScopes.SurveysManage}."));
        }

        if (lifetimeDays is not { } days || days < 1 || days > MaxLifetimeDays)
        {
            errors.Add(new FieldError("ExpiresInDays", $"Enter an expiry from 1 to {MaxLifetimeDays} days."));
        }

        return errors;
    }

    /// <summary>A new token and its secret, which the caller shows once and never stores.</summary>
    public static (PersonalAccessToken Token, string Secret) Create(string userId, string name, IEnumerable<string> scopes, int lifetimeDays, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (lifetimeDays is < 1 or > MaxLifetimeDays)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetimeDays), $"A token lives from 1 to {MaxLifetimeDays} days.");
        }

        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new PersonalAccessToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name.Trim(),
            TokenHash = Hash(secret),
            Hint = secret[..HintLength],
            Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            CreatedAt = now,
            ExpiresAt = now.AddDays(lifetimeDays),
        };
        return (token, secret);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A plausible secret: anything else is refused before touching the database.</summary>
    public static bool LooksValid(string? secret) =>
        secret is { Length: >= 40 and <= 80 }
        && secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
        && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public bool IsUsable(DateTime now) => RevokedAt is null && now < ExpiresAt;

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Revokes the token; revoking twice keeps the first time.</summary>
    public void Revoke(DateTime now) => RevokedAt ??= now;
}
