using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Reports;

/// <summary>The owner's choice to send respondents their own reports after scoring, and how long mailed links work.</summary>
[Authorize(Policy = Policies.SurveyOwners)]
public sealed class SettingsModel(AppDbContext db, Audit.AuditTrail audit) : PageModel
{
    public sealed record RunDeliveries(DateTime ScoredAt, IReadOnlyDictionary<ReportDeliveryStatus, int> Counts);

    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public bool Anonymous { get; private set; }
    public RunDeliveries? Latest { get; private set; }
    public bool Saved { get; private set; }

    /// <summary>The lifetime as typed, shown again beside its error.</summary>
    public string? PostedDays { get; private set; }

    [BindProperty]
    public bool Enabled { get; set; }

    [BindProperty]
    public int? LinkDays { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var settings = await db.ReportSettings.AsNoTracking().SingleOrDefaultAsync(s => s.SurveyId == id, cancellationToken) ?? ReportSettings.For(id);
        (Enabled, LinkDays, Saved) = (settings.Enabled, settings.LinkDays, saved);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        PostedDays = Request.Form[nameof(LinkDays)].ToString();
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError(nameof(LinkDays), $"Enter a number of days from 1 to {ReportSettings.MaxLinkDays}.");
            return Page();
        }

        var settings = await db.ReportSettings.SingleOrDefaultAsync(s => s.SurveyId == id, cancellationToken);
        var isNew = settings is null;
        settings ??= ReportSettings.For(id);
        var errors = settings.Change(Enabled, LinkDays);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            return Page();
        }

        if (isNew)
        {
            db.ReportSettings.Add(settings);
        }

        var what = $"Respondents' reports {(Enabled ? "on" : "off")}, links valid {LinkDays} days.";
        try
        {
            await audit.RecordAsync(Audit.AuditKinds.SettingsChanged, id, what, cancellationToken);
        }
        catch (DbUpdateException) when (isNew)
        {
            // A second post of the same form created the row first: apply the change to it.
            db.ChangeTracker.Clear();
            var existing = await db.ReportSettings.SingleAsync(s => s.SurveyId == id, cancellationToken);
            existing.Change(Enabled, LinkDays);
            await audit.RecordAsync(Audit.AuditKinds.SettingsChanged, id, what, cancellationToken);
        }

        return RedirectToPage("/Reports/Settings", new { id, saved = "true" });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.ManageableBy(User).AsNoTracking()
            .Where(s => s.Id == id).Select(s => new { s.Title, s.Anonymous }).SingleOrDefaultAsync(cancellationToken);
        if (survey is null)
        {
            return false;
        }

        (Id, Title, Anonymous) = (id, survey.Title, survey.Anonymous);
        if (await RespondentReport.CurrentRunAsync(db, id, cancellationToken) is { } run)
        {
            var counts = await db.ReportDeliveries.AsNoTracking().Where(d => d.RunId == run.Id)
                .GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            Latest = new RunDeliveries(run.FinishedAt ?? run.StartedAt, counts.ToDictionary(c => c.Key, c => c.Count));
        }

        return true;
    }
}
