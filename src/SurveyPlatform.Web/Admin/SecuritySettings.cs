using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Admin;

/// <summary>
/// The security settings an Administrator changes on /admin/security, stored in AppSettings so every
/// node reads the same value at once.
/// </summary>
public sealed class SecuritySettings(AppDbContext db, TimeProvider clock)
{
    public const string RequireTwoFactorName = "Security:RequireTwoFactorForAdministratorsAndOwners";

    /// <summary>Whether Administrators and survey owners must use two-factor authentication (off until an Administrator turns it on).</summary>
    public async Task<bool> RequireTwoFactorAsync(CancellationToken cancellationToken = default)
    {
        var value = await db.AppSettings.AsNoTracking().Where(s => s.Name == RequireTwoFactorName)
            .Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
        return string.Equals(value, bool.TrueString, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Saves the setting; returns whether it changed. Saving the value it has already is a no-op.</summary>
    public async Task<bool> SetRequireTwoFactorAsync(bool required, CancellationToken cancellationToken = default)
    {
        var value = required ? bool.TrueString : bool.FalseString;
        var now = clock.GetUtcNow().UtcDateTime;
        var setting = await db.AppSettings.SingleOrDefaultAsync(s => s.Name == RequireTwoFactorName, cancellationToken);
        if (setting is not null)
        {
            var changed = setting.Change(value, now);
            await db.SaveChangesAsync(cancellationToken);
            return changed;
        }

        db.AppSettings.Add(AppSetting.Create(RequireTwoFactorName, value, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another Administrator saved the first value at the same moment: the row exists now, so update it.
            db.ChangeTracker.Clear();
            var saved = await db.AppSettings.SingleAsync(s => s.Name == RequireTwoFactorName, cancellationToken);
            var changed = saved.Change(value, now);
            await db.SaveChangesAsync(cancellationToken);
            return changed;
        }
    }
}
