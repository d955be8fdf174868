using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

public sealed class IndexModel(AppDbContext db, TimeProvider clock, AuditTrail audit) : PageModel
{
    public sealed record Row(Guid Id, string Title, SurveyStatus Status, int Version, int Responses, bool IsOwner, bool CanBeDeleted, bool Archived, bool IsEditor);

    public IReadOnlyList<Row> Surveys { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Archived { get; set; }

    /// <summary>A post without a known handler goes back to the page, not to an error.</summary>
    public IActionResult OnPost() => RedirectToPage("/Surveys/Index");

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        var rows = await db.Surveys.ReadableBy(User)
            .Where(s => (s.ArchivedAt != null) == Archived)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new { s.Id, s.Title, s.Status, s.PublishedVersion, Responses = db.Responses.Count(r => r.SurveyId == s.Id), IsOwner = s.OwnerId == userId, Archived = s.ArchivedAt != null, IsEditor = s.Shares.Any(x => x.UserId == userId && x.Role == ShareRole.Editor) })
            .ToListAsync(cancellationToken);
        Surveys = [.. rows.Select(r => new Row(r.Id, r.Title, r.Status, r.PublishedVersion, r.Responses, r.IsOwner, r.Status == SurveyStatus.Draft && r.PublishedVersion == 0, r.Archived, r.IsEditor))];
    }

    public async Task<IActionResult> OnPostDuplicateAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(Roles.SurveyOwner) || await FindAsync(id, cancellationToken) is not { } survey)
        {
            return NotFound();
        }

        var copy = survey.Duplicate(User.UserId(), clock.GetUtcNow().UtcDateTime);
        db.Surveys.Add(copy);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"\"{copy.Title}\" is a new draft.";
        return RedirectToPage("/Surveys/Edit", new { id = copy.Id });
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, bool restore, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } survey)
        {
            return NotFound();
        }

        if (restore)
        {
            survey.Unarchive();
        }
        else
        {
            survey.Archive(clock.GetUtcNow().UtcDateTime);
        }

        await audit.RecordAsync(AuditKinds.SettingsChanged, survey.Id, restore ? "Restored from the archive." : "Archived.", cancellationToken);
        TempData["Message"] = restore ? $"\"{survey.Title}\" is back in the list." : $"\"{survey.Title}\" was archived.";
        return RedirectToPage("/Surveys/Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } survey)
        {
            return NotFound();
        }

        if (!survey.CanBeDeleted)
        {
            TempData["Message"] = "Only a draft that was never published can be deleted; archive it instead.";
            return RedirectToPage("/Surveys/Index");
        }

        db.Surveys.Remove(survey);
        await audit.RecordAsync(AuditKinds.SurveyDeleted, survey.Id, $"Deleted the draft \"{survey.Title}\".", cancellationToken);
        TempData["Message"] = $"The draft \"{survey.Title}\" was deleted.";
        return RedirectToPage("/Surveys/Index");
    }

    private Task<Survey?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Surveys.ManageableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
}
