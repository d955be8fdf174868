using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

[Authorize(Policy = Policies.SurveyOwners)]
public sealed class DetailsModel(AppDbContext db, SurveyLifecycle lifecycle, UserManager<AppUser> users, AppLinks links, AuditTrail audit, TimeProvider clock) : PageModel
{
    public Survey Survey { get; private set; } = null!;
    public int Responses { get; private set; }

    /// <summary>Unfinished responses (partials), resumable or not.</summary>
    public int Partials { get; private set; }
    public string? PublicUrl { get; private set; }

    /// <summary>The close time is set and has passed (reopening clears it).</summary>
    public bool CloseTimePassed { get; private set; }

    /// <summary>The first scoring run whose results were released, if any: the survey then cannot be reopened.</summary>
    public Domain.Scoring.ScoringRun? Released { get; private set; }
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
    }

    /// <summary>The survey's time zone (IANA id): every time on the page is entered and shown in it, and stored as UTC.</summary>
    [BindProperty]
    public string? TimeZone { get; set; }

    /// <summary>Changes the zone; stored times keep their moment and are shown in the new zone.</summary>
    public async Task<IActionResult> OnPostTimeZoneAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Survey.SetTimeZone(TimeZone) is { } zoneError)
        {
            ModelState.AddModelError(nameof(TimeZone), zoneError);
            return Redisplay(nameof(TimeZone));
        }

        await audit.RecordAsync(AuditKinds.SettingsChanged, id, $"Time zone set to {Survey.TimeZone}.", cancellationToken);
        TempData["Message"] = $"Times on this page are now entered and shown in {Survey.TimeZone}.";
        return RedirectToPage("/Surveys/Details", new { id });
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
            return Redisplay(nameof(Responding));
        }

        var (opensAt, timeError) = SurveyTime.ToUtc(Responding.OpensAt, Survey.TimeZone);
        if (timeError is not null)
        {
            ModelState.AddModelError($"{nameof(Responding)}.{nameof(RespondingInput.OpensAt)}", timeError);
            return Redisplay(nameof(Responding));
        }

        var errors = Survey.ConfigureResponding(opensAt, Responding.ResponseLimit, Responding.GraceMinutes, Responding.PartialExpiryDays, string.IsNullOrEmpty(Responding.Language) ? null : Responding.Language);
        foreach (var error in errors)
        {
            ModelState.AddModelError($"{nameof(Responding)}.{error.Field}", error.Message);
        }

        if (errors.Count > 0)
        {
            return Redisplay(nameof(Responding));
        }

        await audit.RecordAsync(AuditKinds.SettingsChanged, id, $"Respondent settings: opens {Survey.OpensAt:u}, limit {Survey.ResponseLimit}, grace {Survey.GraceMinutes} min, partials kept {Survey.PartialExpiryDays} days, language {Survey.Language ?? "browser"}.", cancellationToken);
        TempData["Message"] = "Respondent settings saved.";
        return RedirectToPage("/Surveys/Details", new { id });
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
            return Redisplay(nameof(Access));
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
            return Redisplay(nameof(Access));
        }

        await audit.RecordAsync(AuditKinds.SettingsChanged, id, $"Access: {Survey.AccessMode}, anonymous {(Survey.Anonymous ? "yes" : "no")}, non-identifying attributes: {string.Join(", ", Survey.NonIdentifyingAttributes)}.", cancellationToken);
        TempData["Message"] = "Access settings saved.";
        return RedirectToPage("/Surveys/Details", new { id });
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
            return Redisplay(nameof(Retention));
        }

        int? days = int.TryParse(Retention.Days?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        foreach (var error in Survey.ConfigureRetention(Retention.Action, days))
        {
            var field = error.Field == nameof(Survey.RetentionDays) ? nameof(RetentionInput.Days) : nameof(RetentionInput.Action);
            ModelState.AddModelError($"{nameof(Retention)}.{field}", error.Message);
        }

        if (!ModelState.IsValid)
        {
            return Redisplay(nameof(Retention));
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = "Retention saved.";
        return RedirectToPage("/Surveys/Details", new { id });
    }

    [BindProperty]
    public ShareRole ShareRole { get; set; }

    /// <summary>A post without a known handler (a stale or hand-made form) goes back to the page, not to an error.</summary>
    public IActionResult OnPost(Guid id) => RedirectToPage("/Surveys/Details", new { id });

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        return Redisplay();
    }

    /// <summary>
    /// The page with every form showing the survey's stored values (times in its zone), except the
    /// one that was <paramref name="posted"/>, which keeps what was typed beside its errors.
    /// </summary>
    private PageResult Redisplay(string? posted = null)
    {
        if (posted != nameof(CloseAt))
        {
            CloseAt = SurveyTime.ToLocal(Survey.CloseAt, Survey.TimeZone);
        }

        if (posted != nameof(TimeZone))
        {
            TimeZone = Survey.TimeZone;
        }

        if (posted != nameof(Responding))
        {
            Responding = new RespondingInput
            {
                OpensAt = SurveyTime.ToLocal(Survey.OpensAt, Survey.TimeZone),
                ResponseLimit = Survey.ResponseLimit,
                GraceMinutes = Survey.GraceMinutes,
                PartialExpiryDays = Survey.PartialExpiryDays,
                Language = Survey.Language,
            };
        }

        if (posted != nameof(Access))
        {
            Access = new AccessInput
            {
                Mode = Survey.AccessMode,
                Anonymous = Survey.Anonymous,
                NonIdentifying = string.Join(", ", Survey.NonIdentifyingAttributes),
            };
        }

        if (posted != nameof(Retention))
        {
            Retention = new RetentionInput { Action = Survey.RetentionAction, Days = Survey.RetentionDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return Page();
    }

    /// <summary>Set by the confirmation step: "Yes, close it" and "Yes, reopen it" post it as true.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    /// <summary>The action waiting for the owner's confirmation ("close" or "reopen"); its dialog is shown open.</summary>
    public string? Confirming { get; private set; }

    /// <summary>Why the survey could not be reopened, shown beside the Reopen button.</summary>
    public string? ReopenError { get; private set; }

    /// <summary>Closes by hand, but only with <see cref="Confirm"/>: a post without it shows the confirmation step and changes nothing.</summary>
    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Confirm)
        {
            Confirming = Survey.Status == SurveyStatus.Open ? "close" : null;
            return Redisplay();
        }

        TempData["Message"] = await lifecycle.CloseAsync(Survey, CloseReason.Manual, cancellationToken)
            ? "The survey is closed. Scoring has started."
            : "The survey was not open.";
        return RedirectToPage("/Surveys/Details", new { id });
    }

    /// <summary>Reopens a closed survey, only with <see cref="Confirm"/>; a refusal (say, the response limit is reached) is shown beside the button.</summary>
    public async Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Survey.Status != SurveyStatus.Closed)
        {
            TempData["Message"] = "The survey is not closed.";
            return RedirectToPage("/Surveys/Details", new { id });
        }

        if (!Confirm)
        {
            Confirming = "reopen";
            return Redisplay();
        }

        ReopenError = await lifecycle.ReopenAsync(Survey, cancellationToken);
        if (ReopenError is not null)
        {
            return Redisplay();
        }

        TempData["Message"] = "The survey is open again. Its responses are kept; closing it again starts a new scoring run.";
        return RedirectToPage("/Surveys/Details", new { id });
    }

    public async Task<IActionResult> OnPostScheduleAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Redisplay(nameof(CloseAt));
        }

        var (closeAt, timeError) = SurveyTime.ToUtc(CloseAt, Survey.TimeZone);
        var error = timeError ?? await lifecycle.SetCloseTimeAsync(Survey, closeAt, cancellationToken);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(CloseAt), error);
            return Redisplay(nameof(CloseAt));
        }

        TempData["Message"] = closeAt is null ? "Automatic close removed." : "Close time saved.";
        return RedirectToPage("/Surveys/Details", new { id });
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
            return Redisplay();
        }

        Survey.ShareWith(user.Id, ShareRole);
        await audit.RecordAsync(AuditKinds.SurveyShared, id, $"Shared with {user.Email} as {ShareRole}.", cancellationToken);
        TempData["Message"] = ShareRole == ShareRole.Editor ? $"{user.Email} can now edit this survey." : $"Results shared with {user.Email}.";
        return RedirectToPage("/Surveys/Details", new { id });
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
        return RedirectToPage("/Surveys/Details", new { id });
    }

    /// <summary>The public link as a QR code, PNG (shown on the page, or downloaded with <paramref name="download"/>).</summary>
    public Task<IActionResult> OnGetQrPngAsync(Guid id, bool download, CancellationToken cancellationToken) =>
        QrCodeAsync(id, svg: false, download, cancellationToken);

    /// <summary>The public link as a QR code, SVG (for print), downloaded.</summary>
    public Task<IActionResult> OnGetQrSvgAsync(Guid id, CancellationToken cancellationToken) =>
        QrCodeAsync(id, svg: true, download: true, cancellationToken);

    private async Task<IActionResult> QrCodeAsync(Guid id, bool svg, bool download, CancellationToken cancellationToken)
    {
        var code = await db.Surveys.AsNoTracking().ManageableBy(User).Where(s => s.Id == id).Select(s => s.PublicCode).SingleOrDefaultAsync(cancellationToken);
        if (code is null)
        {
            return NotFound(); // not this owner's survey, or a draft with no public link yet
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(PublicLink(code), QRCodeGenerator.ECCLevel.M);
        var name = $"survey-{code}-qr.{(svg ? "svg" : "png")}";
        if (svg)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(new SvgQRCode(data).GetGraphic(10));
            return File(bytes, "image/svg+xml", name);
        }

        var png = new PngByteQRCode(data).GetGraphic(8);
        return download ? File(png, "image/png", name) : File(png, "image/png");
    }

    private string PublicLink(string code) => links.PageFor(Request, "/Respond/Index", new { code });

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
        PublicUrl = survey.PublicCode is null ? null : PublicLink(survey.PublicCode);
        CloseTimePassed = survey.CloseAt is { } closeAt && closeAt <= clock.GetUtcNow().UtcDateTime;
        Released = await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id && r.ReleasedAt != null).OrderBy(r => r.ReleasedAt).FirstOrDefaultAsync(cancellationToken);
        var roles = survey.Shares.ToDictionary(x => x.UserId, x => x.Role);
        var ids = roles.Keys.ToList();
        SharedWith = (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken))
            .Select(u => (u.Id, u.Email, roles[u.Id])).ToList();
        return true;
    }
}
