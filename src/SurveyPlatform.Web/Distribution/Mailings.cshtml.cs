using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Distribution;

/// <summary>Invitations and reminders: write the message with placeholders, preview it, send now or later.</summary>
[Authorize(Policy = Policies.SurveyOwners)]
public sealed class MailingsModel(AppDbContext db, MailingSender sender, IConfiguration configuration) : PageModel
{
    public sealed record Row(Mailing Mailing, IReadOnlyDictionary<DeliveryStatus, int> Counts);

    public Survey Survey { get; private set; } = null!;
    public IReadOnlyList<Row> Mailings { get; private set; } = [];
    public int People { get; private set; }
    public (string Subject, string Text)? Preview { get; private set; }

    [BindProperty]
    public MailingKind Kind { get; set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    /// <summary>When to send, in the survey's time zone; empty means now.</summary>
    [BindProperty]
    public DateTime? SendAt { get; set; }

    [BindProperty]
    public int RatePerMinute { get; set; }

    [BindProperty]
    public int MaxRounds { get; set; } = 2;

    [BindProperty]
    public int RepeatDays { get; set; } = 7;

    public async Task<IActionResult> OnGetAsync(Guid id, MailingKind kind, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Kind = kind;
        var template = kind == MailingKind.Reminder ? MailTemplate.DefaultReminder : MailTemplate.DefaultInvitation;
        (Subject, Body) = (template.Subject, template.Body);
        RatePerMinute = configuration.GetValue("Distribution:MailsPerMinute", 60);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var template = new MailTemplate(Subject ?? string.Empty, Body ?? string.Empty);
        if (!Report(template.Problems()))
        {
            return Page();
        }

        var sample = await db.Participants.AsNoTracking().Where(p => p.SurveyId == id).OrderBy(p => p.Email).FirstOrDefaultAsync(cancellationToken);
        var baseUrl = AppLinks.BaseUrl(Request, configuration);
        var (subject, text, _) = template.Render(new Dictionary<string, string>
        {
            ["FirstName"] = sample?.FirstName ?? "Ana",
            ["LastName"] = sample?.LastName ?? "Lima",
            ["SurveyTitle"] = Survey.Title,
            ["SurveyLink"] = $"{baseUrl}/i/(personal link)",
            ["OptOutLink"] = $"{baseUrl}/o/(personal link)",
            ["CloseDate"] = Survey.CloseAt?.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "when enough responses are in",
        });
        Preview = (subject, text);
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Survey.Status != SurveyStatus.Open)
        {
            ModelState.AddModelError(string.Empty, "Publish the survey before sending invitations: the links lead to its public version.");
            return Page();
        }

        var (at, timeError) = SurveyTime.ToUtc(SendAt, Survey.TimeZone);
        if (timeError is not null)
        {
            ModelState.AddModelError(nameof(SendAt), timeError);
            return Page();
        }

        var (mailing, errors) = await sender.CreateAsync(id, Kind, new MailTemplate(Subject ?? string.Empty, Body ?? string.Empty), at, RatePerMinute, MaxRounds, RepeatDays, cancellationToken);
        if (mailing is null)
        {
            Report(errors);
            return Page();
        }

        TempData["Message"] = at is null ? "Sending has started." : $"Scheduled for {SurveyTime.Show(mailing.ScheduledAt, Survey.TimeZone)}.";
        return RedirectToPage("/Distribution/Mailings", new { id });
    }

    private bool Report(IReadOnlyList<Domain.Questionnaires.FieldError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        return errors.Count == 0;
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ManageableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Survey = survey;
        People = await db.Participants.CountAsync(p => p.SurveyId == id, cancellationToken);
        var mailings = await db.Mailings.AsNoTracking().Where(m => m.SurveyId == id).OrderByDescending(m => m.CreatedAt).ToListAsync(cancellationToken);
        var ids = mailings.Select(m => m.Id).ToList();
        var counts = await db.Deliveries.Where(d => ids.Contains(d.MailingId)).GroupBy(d => new { d.MailingId, d.Status })
            .Select(g => new { g.Key.MailingId, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
        Mailings = [.. mailings.Select(m => new Row(m, counts.Where(c => c.MailingId == m.Id).ToDictionary(c => c.Status, c => c.Count)))];
        return true;
    }
}
