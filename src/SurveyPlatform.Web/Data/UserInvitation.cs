namespace SurveyPlatform.Web.Data;

/// <summary>
/// An Administrator's invitation for a new user. Only a SHA-256 hash of the token is stored, so
/// a copy of the database does not hand out accounts.
/// </summary>
public sealed class UserInvitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private UserInvitation()
    {
        Email = null!;
        Role = null!;
        TokenHash = null!;
        InvitedById = null!;
    }

    public Guid Id { get; private set; }
    public string Email { get; private set; }
    public string Role { get; private set; }
    public string TokenHash { get; private set; }
    public string InvitedById { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? AcceptedAt { get; private set; }

    public static UserInvitation Create(string email, string role, string tokenHash, string invitedById, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        Email = email.Trim(),
        Role = role,
        TokenHash = tokenHash,
        InvitedById = invitedById,
        CreatedAt = now,
        ExpiresAt = now + Lifetime,
    };

    public bool IsUsable(DateTime now) => AcceptedAt is null && now < ExpiresAt;

    public void Accept(DateTime now)
    {
        if (!IsUsable(now))
        {
            throw new InvalidOperationException("The invitation was already used or has expired.");
        }

        AcceptedAt = now;
    }
}
