using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

[Authorize(Policy = Policies.SurveyOwners)]
public sealed class DetailsModel(AppDbContext db, SurveyLifecycle lifecycle, UserManager<AppUser> users, IConfiguration configuration, AuditTrail audit) : PageModel
{
    public Survey Survey { get; private set; } = null!;
    public int Responses { get; private set; }

    /// <summary>Unfinished responses (partials), resumable or not.</summary>
    public int Partials { get; private set; }
    public string? PublicUrl { get; private set; }
    public IReadOnlyList<(string Id, string? Email, ShareRole Role)> SharedWith { get; private set; } = [];

    [BindProperty]
    public DateTime? CloseAt { get; set; }

    [BindProperty]
    public string? ShareEmail { get; set; }

    [BindProperty]
    public RespondingInput Responding { get; set; } = new();

    /// <summary>When the link opens, the response limit, the grace period, partial expiry and the respondent pages' language.</summary>
    public sealed class RespondingInput
    {
        public DateTime? OpensAt { get; set; }
        public int? ResponseLimit { get; set; }
        public int GraceMinutes { get; set; } = Survey.DefaultGraceMinutes;
        public int PartialExpiryDays { get; set; } = Survey.DefaultPartialExpiryDays;
        public string? Language { get; set; }

        public string TimeZone { get; set; } = "UTC";
    }

    /// <summary>Saves the respondent settings; every invalid value is reported beside its field.</summary>
    public async Task<IActionResult> OnPostRespondingAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (Survey.SetTimeZone(Responding.TimeZone) is { } zoneError)
        {
            ModelState.AddModelError($"{nameof(Responding)}.{nameof(RespondingInput.TimeZone)}", zoneError);
            return Page();
        }

        var (opensAt, timeError) = SurveyTime.ToUtc(Responding.OpensAt, Survey.TimeZone);
        if (timeError is not null)
        {
            ModelState.AddModelError($"{nameof(Responding)}.{nameof(RespondingInput.OpensAt)}", timeError);
            return Page();
        }

        var errors = Survey.ConfigureResponding(opensAt, Responding.ResponseLimit, Responding.GraceMinutes, Responding.PartialExpiryDays, string.IsNullOrEmpty(Responding.Language) ? null : Responding.Language);
        foreach (var error in errors)
        {
            ModelState.AddModelError($"{nameof(Responding)}.{error.Field}", error.Message);
        }

        if (errors.Count > 0)
        {
            return Page();
        }

        await audit.RecordAsync(AuditKinds.SettingsChanged, id, $"Respondent settings: opens {Survey.OpensAt:u}, limit {Survey.ResponseLimit}, grace {Survey.GraceMinutes} min, partials kept {Survey.PartialExpiryDays} days, language {Survey.Language ?? "browser"}, time zone {Survey.TimeZone}.", cancellationToken);
        TempData["Message"] = "Respondent settings saved.";
        return Redirect($"/surveys/{id}");
    }

    [BindProperty]
    public AccessInput Access { get; set; } = new();

    /// <summary>Who may answer, anonymous mode, and the participant attributes marked non-identifying.</summary>
    public sealed class AccessInput
    {
        public AccessMode Mode { get; set; } = AccessMode.Both;
        public bool Anonymous { get; set; }

        /// <summary>Attribute names separated by commas, spaces or lines.</summary>
        public string? NonIdentifying { get; set; }
    }

    /// <summary>Saves the access mode and anonymity; a refusal (say, turning anonymity off after responses) is shown beside its field.</summary>
    public async Task<IActionResult> OnPostAccessAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (Survey.SetAccessMode(Access.Mode) is { } modeError)
        {
            ModelState.AddModelError($"{nameof(Access)}.{nameof(AccessInput.Mode)}", modeError);
        }

        var names = (Access.NonIdentifying ?? string.Empty).Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var error in Survey.ConfigureAnonymity(Access.Anonymous, names, Responses))
        {
            var field = error.Field == nameof(Survey.Anonymous) ? nameof(AccessInput.Anonymous) : nameof(AccessInput.NonIdentifying);
            ModelState.AddModelError($"{nameof(Access)}.{field}", error.Message);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await audit.RecordAsync(AuditKinds.SettingsChanged, id, $"Access: {Survey.AccessMode}, anonymous {(Survey.Anonymous ? "yes" : "no")}, non-identifying attributes: {string.Join(", ", Survey.NonIdentifyingAttributes)}.", cancellationToken);
        TempData["Message"] = "Access settings saved.";
        return Redirect($"/surveys/{id}");
    }

    [BindProperty]
    public RetentionInput Retention { get; set; } = new();

    /// <summary>What happens to the responses and participant data after the close, and after how many days.</summary>
    public sealed class RetentionInput
    {
        public RetentionAction Action { get; set; } = RetentionAction.None;

        /// <summary>Text, so a non-number gets the same message as an out-of-range number.</summary>
        public string? Days { get; set; }
    }

    /// <summary>Saves the retention choice; a missing or out-of-range number of days is shown beside its field.</summary>
    public async Task<IActionResult> OnPostRetentionAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        int? days = int.TryParse(Retention.Days?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        foreach (var error in Survey.ConfigureRetention(Retention.Action, days))
        {
            var field = error.Field == nameof(Survey.RetentionDays) ? nameof(RetentionInput.Days) : nameof(RetentionInput.Action);
            ModelState.AddModelError($"{nameof(Retention)}.{field}", error.Message);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = "Retention saved.";
        return Redirect($"/surveys/{id}");
    }

    [BindProperty]
    public ShareRole ShareRole { get; set; }

    /// <summary>A post without a known handler (a stale or hand-made form) goes back to the page, not to an error.</summary>
    public IActionResult OnPost(Guid id) => Redirect($"/surveys/{id}");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        CloseAt = SurveyTime.ToLocal(Survey.CloseAt, Survey.TimeZone);
        Responding = new RespondingInput
        {
            OpensAt = SurveyTime.ToLocal(Survey.OpensAt, Survey.TimeZone),
            TimeZone = Survey.TimeZone,
            ResponseLimit = Survey.ResponseLimit,
            GraceMinutes = Survey.GraceMinutes,
            PartialExpiryDays = Survey.PartialExpiryDays,
            Language = Survey.Language,
        };
        Access = new AccessInput
        {
            Mode = Survey.AccessMode,
            Anonymous = Survey.Anonymous,
            NonIdentifying = string.Join(", ", Survey.NonIdentifyingAttributes),
        };
        Retention = new RetentionInput { Action = Survey.RetentionAction, Days = Survey.RetentionDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = await lifecycle.CloseAsync(Survey, cancellationToken)
            ? "The survey is closed. Scoring has started."
            : "The survey was not open.";
        return Redirect($"/surveys/{id}");
    }

    public async Task<IActionResult> OnPostScheduleAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (closeAt, timeError) = SurveyTime.ToUtc(CloseAt, Survey.TimeZone);
        var error = timeError ?? await lifecycle.SetCloseTimeAsync(Survey, closeAt, cancellationToken);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(CloseAt), error);
            return Page();
        }

        TempData["Message"] = closeAt is null ? "Automatic close removed." : "Close time saved.";
        return Redirect($"/surveys/{id}");
    }

    public async Task<IActionResult> OnPostShareAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var user = string.IsNullOrWhiteSpace(ShareEmail) ? null : await users.FindByEmailAsync(ShareEmail.Trim());
        var needed = ShareRole == ShareRole.Editor ? Roles.SurveyOwner : Roles.Researcher;
        if (user is null || !await users.IsInRoleAsync(user, needed))
        {
            ModelState.AddModelError(nameof(ShareEmail), ShareRole == ShareRole.Editor
                ? "No survey owner has this e-mail address; editors need the SurveyOwner role."
                : "No researcher has this e-mail address. An administrator can invite them.");
            return Page();
        }

        Survey.ShareWith(user.Id, ShareRole);
        await audit.RecordAsync(AuditKinds.SurveyShared, id, $"Shared with {user.Email} as {ShareRole}.", cancellationToken);
        TempData["Message"] = ShareRole == ShareRole.Editor ? $"{user.Email} can now edit this survey." : $"Results shared with {user.Email}.";
        return Redirect($"/surveys/{id}");
    }

    public async Task<IActionResult> OnPostUnshareAsync(Guid id, string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var email = SharedWith.FirstOrDefault(s => s.Id == userId).Email ?? userId;
        Survey.Unshare(userId);
        await audit.RecordAsync(AuditKinds.SurveyUnshared, id, $"No longer shared with {email}.", cancellationToken);
        return Redirect($"/surveys/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.ManageableBy(User).Include(s => s.Shares).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Survey = survey;
        Responses = await db.Responses.CountAsync(r => r.SurveyId == id, cancellationToken);
        Partials = await db.ResponseSessions.CountAsync(r => r.SurveyId == id && r.CompletedAt == null, cancellationToken);
        PublicUrl = survey.PublicCode is null ? null : $"{AppLinks.BaseUrl(Request, configuration)}/s/{survey.PublicCode}";
        var roles = survey.Shares.ToDictionary(x => x.UserId, x => x.Role);
        var ids = roles.Keys.ToList();
        SharedWith = (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken))
            .Select(u => (u.Id, u.Email, roles[u.Id])).ToList();
        return true;
    }
}
