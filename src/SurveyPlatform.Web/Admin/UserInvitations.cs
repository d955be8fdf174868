using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Mail;

namespace SurveyPlatform.Web.Admin;

public sealed class UserInvitations(AppDbContext db, UserManager<AppUser> users, IMailSender mail, TimeProvider clock)
{
    public const string AcceptPath = "/account/invitation";

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Records the invitation, then sends it. Returns an error message for the form, or null.</summary>
    public async Task<string?> InviteAsync(string email, string role, string invitedById, string baseUrl, CancellationToken cancellationToken)
    {
        if (!Roles.All.Contains(role))
        {
            return "Choose one of the listed roles.";
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return "A user with this e-mail address already exists.";
        }

        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var invitation = UserInvitation.Create(email, role, HashToken(token), invitedById, clock.GetUtcNow().UtcDateTime);
        db.UserInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);

        var link = $"{baseUrl.TrimEnd('/')}{AcceptPath}?token={Uri.EscapeDataString(token)}";
        await mail.SendAsync(UserInvitationMail.Compose(invitation.Email, role, link, invitation.ExpiresAt), cancellationToken);
        return null;
    }

    public async Task<UserInvitation?> FindUsableAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = HashToken(token);
        var invitation = await db.UserInvitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.IsUsable(clock.GetUtcNow().UtcDateTime) ? invitation : null;
    }

    /// <summary>Creates the user and uses up the invitation in one transaction.</summary>
    public async Task<(IdentityResult Result, AppUser? User)> AcceptAsync(string? token, string password, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invitation = await FindUsableAsync(token, cancellationToken);
        if (invitation is null)
        {
            return (IdentityResult.Failed(new IdentityError { Code = "Invitation", Description = "This invitation link is not valid, has expired or was already used." }), null);
        }

        var user = new AppUser { UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, invitation.Role);
        }

        if (!result.Succeeded)
        {
            return (result, null);
        }

        invitation.Accept(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (result, user);
    }
}
