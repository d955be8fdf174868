using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// The owner's view of who downloaded the survey's data (newest first), and the owner's choice of
/// the highest export level each collaborator role may download. Collaborators get 404 here.
/// </summary>
[Authorize(Policy = Policies.SurveyOwners)]
public sealed class DownloadsLogModel(AppDbContext db, Audit.AuditTrail audit) : PageModel
{
    public const int Listed = 500;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public int Total { get; private set; }
    public IReadOnlyList<DownloadAudit> Entries { get; private set; } = [];

    [BindProperty]
    public LevelsInput Levels { get; set; } = new();

    public sealed class LevelsInput
    {
        public ExportLevel Researcher { get; set; } = ExportLevel.Full;
        public ExportLevel Editor { get; set; } = ExportLevel.Full;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ManageableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        Levels = new LevelsInput { Researcher = survey.ResearcherExportLevel, Editor = survey.EditorExportLevel };
        await LoadAsync(survey.Id, survey.Title, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostLevelsAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.ManageableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        // A value that is not a level fails binding (the binder's own message) or is an undefined number: one message for both.
        foreach (var (key, level) in new[] { ("Levels.Researcher", Levels.Researcher), ("Levels.Editor", Levels.Editor) })
        {
            if (ModelState[key]?.Errors.Count > 0 || !Enum.IsDefined(level))
            {
                ModelState.Remove(key);
                ModelState.AddModelError(key, "Choose full or de-identified.");
            }
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(survey.Id, survey.Title, cancellationToken);
            return Page();
        }

        survey.SetExportLevels(Levels.Researcher, Levels.Editor);
        await audit.RecordAsync(Audit.AuditKinds.SettingsChanged, id, $"Export levels: researchers {DownloadFormats.Describe(Levels.Researcher)}, editors {DownloadFormats.Describe(Levels.Editor)}.", cancellationToken);
        TempData["Message"] = $"Researchers may now download {DownloadFormats.Describe(Levels.Researcher)} data, editors {DownloadFormats.Describe(Levels.Editor)} data.";
        return RedirectToPage("/Results/DownloadsLog", new { id });
    }

    private async Task LoadAsync(Guid id, string title, CancellationToken cancellationToken)
    {
        Id = id;
        Title = title;
        var log = db.DownloadAudits.AsNoTracking().Where(a => a.SurveyId == id);
        Total = await log.CountAsync(cancellationToken);
        Entries = await log.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Listed).ToListAsync(cancellationToken);
    }
}
