using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Mail;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Admin;

[Authorize(Policy = Policies.Administrators)]
public sealed class UsersModel(
    AppDbContext db,
    UserManager<AppUser> users,
    UserInvitations invitations,
    TimeProvider clock,
    IConfiguration configuration,
    AuditTrail audit,
    ILogger<UsersModel> logger) : PageModel
{
    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public IReadOnlyList<UserRow> Users { get; private set; } = [];
    public IReadOnlyList<UserInvitation> Pending { get; private set; } = [];

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Enter the e-mail address to invite.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
        [StringLength(256)]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Choose a role.")]
        public string Role { get; set; } = Roles.SurveyOwner;
    }

    public sealed record UserRow(string Id, string? Email, IReadOnlyList<string> Roles, bool LockedOut, bool Disabled);

    /// <summary>A post without a known handler goes back to the page, not to an error.</summary>
    public IActionResult OnPost() => RedirectToPage("/Admin/Users");

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            string? error;
            try
            {
                error = await invitations.InviteAsync(Invite.Email, Invite.Role, User.UserId(), AppLinks.BaseUrl(Request, configuration), cancellationToken);
            }
            catch (MailDeliveryException failure)
            {
                logger.LogError("The invitation e-mail could not be sent: {Reason}", failure.Reason);
                error = "The invitation was saved, but the e-mail could not be sent. Check the SMTP settings and invite again.";
            }

            if (error is null)
            {
                await audit.RecordAsync(AuditKinds.UserInvited, null, $"Invited {Invite.Email.Trim()} as {Invite.Role}.", cancellationToken);
                TempData["Message"] = $"Invitation sent to {Invite.Email}.";
                return RedirectToPage();
            }

            ModelState.AddModelError(string.Empty, error);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(string userId, string[] roles, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return NotFound();
        }

        var wanted = roles.Where(Roles.All.Contains).ToHashSet();
        if (user.Id == User.UserId() && !wanted.Contains(Roles.Administrator))
        {
            TempData["Message"] = "You cannot remove your own Administrator role.";
            return RedirectToPage();
        }

        var current = await users.GetRolesAsync(user);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.RemoveFromRolesAsync(user, current.Except(wanted));
        if (result.Succeeded)
        {
            result = await users.AddToRolesAsync(user, wanted.Except(current));
        }

        if (result.Succeeded)
        {
            result = await users.UpdateSecurityStampAsync(user);
        }

        if (!result.Succeeded)
        {
            TempData["Message"] = string.Join(" ", result.Errors.Select(e => e.Description));
            return RedirectToPage();
        }

        await audit.RecordAsync(AuditKinds.RolesChanged, null, $"Roles of {user.Email}: {string.Join(", ", current.Order(StringComparer.Ordinal))} -> {string.Join(", ", wanted.Order(StringComparer.Ordinal))}.", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        TempData["Message"] = $"Roles saved for {user.Email}.";
        return RedirectToPage();
    }

    /// <summary>
    /// Disables (locks out indefinitely) or re-enables an account. Disabling updates the security stamp,
    /// so the account's signed-in sessions end at their next stamp check (within a minute).
    /// </summary>
    public async Task<IActionResult> OnPostAccessAsync(string userId, bool disable, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return NotFound();
        }

        if (disable && user.Id == User.UserId())
        {
            TempData["Message"] = "You cannot disable your own account.";
            return RedirectToPage();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.SetLockoutEnabledAsync(user, true);
        if (result.Succeeded)
        {
            result = await users.SetLockoutEndDateAsync(user, disable ? DateTimeOffset.MaxValue : null);
        }

        if (result.Succeeded && !disable)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }

        if (result.Succeeded)
        {
            result = await users.UpdateSecurityStampAsync(user);
        }

        if (!result.Succeeded)
        {
            TempData["Message"] = string.Join(" ", result.Errors.Select(e => e.Description));
            return RedirectToPage();
        }

        await audit.RecordAsync(disable ? AuditKinds.AccountDisabled : AuditKinds.AccountEnabled, null, disable ? $"Account {user.Email} disabled." : $"Account {user.Email} enabled again.", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        TempData["Message"] = disable
            ? $"{user.Email} is disabled: their sessions end within a minute and they cannot sign in."
            : $"{user.Email} is enabled again.";
        return RedirectToPage();
    }

    /// <summary>A lockout this far ahead is a disabled account, not failed sign-ins (those last 15 minutes).</summary>
    private static readonly DateTimeOffset DisabledFrom = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var roleNames = await db.Roles.ToDictionaryAsync(r => r.Id, r => r.Name!, cancellationToken);
        var userRoles = await db.UserRoles.ToListAsync(cancellationToken);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        Users = all.Select(u => new UserRow(
                u.Id,
                u.Email,
                userRoles.Where(r => r.UserId == u.Id).Select(r => roleNames[r.RoleId]).Order(StringComparer.Ordinal).ToList(),
                u.LockoutEnd is { } end && end > now,
                u.LockoutEnd is { } until && until >= DisabledFrom))
            .ToList();
        var nowUtc = now.UtcDateTime;
        Pending = await db.UserInvitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.ExpiresAt > nowUtc)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
    }
}
