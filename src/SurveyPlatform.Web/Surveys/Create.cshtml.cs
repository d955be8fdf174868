using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

[Authorize(Policy = Policies.SurveyOwners)]
public sealed class CreateModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter a title.")]
        [StringLength(Survey.TitleMaxLength, ErrorMessage = "Keep the title to 200 characters or fewer.")]
        public string Title { get; set; } = string.Empty;

        [StringLength(Survey.DescriptionMaxLength, ErrorMessage = "Keep the description to 4,000 characters or fewer.")]
        public string? Description { get; set; }
    }

    public const long MaxImportBytes = 5 * 1024 * 1024;

    public IReadOnlyList<SurveyTemplate> Templates => SurveyTemplate.All;

    /// <summary>Set after an import: the new draft and what could not be mapped.</summary>
    public Guid? ImportedId { get; private set; }
    public IReadOnlyList<string> ImportNotes { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostTemplateAsync(string key, CancellationToken cancellationToken)
    {
        if (SurveyTemplate.Find(key) is not { } template)
        {
            ModelState.AddModelError("template", "Choose one of the listed templates.");
            return Page();
        }

        var survey = Survey.CreateFrom(User.UserId(), template.Title, template.Description, template.Definition, clock.GetUtcNow().UtcDateTime);
        db.Surveys.Add(survey);
        if (template.Scoring is { } scoring)
        {
            db.ScoringModels.Add(new SurveyScoringModel(survey.Id, 1, scoring.ToJson(), scoring.ComputeHash(), User.Identity?.Name, clock.GetUtcNow().UtcDateTime));
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"Draft created from the template \"{template.Title}\".";
        return Redirect($"/surveys/{survey.Id}/edit");
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        ModelState.Clear(); // The blank-survey fields are not part of this form.
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose a file to import.");
            return Page();
        }

        if (file.Length > MaxImportBytes)
        {
            ModelState.AddModelError("file", "The file is larger than 5 MB.");
            return Page();
        }

        byte[] bytes;
        await using (var stream = file.OpenReadStream())
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        var name = Path.GetFileNameWithoutExtension(file.FileName);
        try
        {
            var (title, description, result) = Path.GetExtension(file.FileName).ToLowerInvariant() switch
            {
                ".json" => FromDocument(SurveyDocument.FromJson(bytes)),
                ".csv" => (name, "Imported from a REDCap data dictionary.", RedcapDictionaryImporter.Import(bytes)),
                ".lss" or ".xml" => FromLimeSurvey(bytes),
                _ => throw new ImportFormatException("Import a SurveyPlatform .json file, a REDCap data dictionary (.csv) or a LimeSurvey survey structure (.lss)."),
            };
            var survey = Survey.CreateFrom(User.UserId(), string.IsNullOrWhiteSpace(title) ? "Imported survey" : title, description, result.Definition, clock.GetUtcNow().UtcDateTime);
            db.Surveys.Add(survey);
            await db.SaveChangesAsync(cancellationToken);
            ImportedId = survey.Id;
            ImportNotes = result.Notes;
            return Page();
        }
        catch (ImportFormatException ex)
        {
            ModelState.AddModelError("file", ex.Message);
            return Page();
        }
    }

    private static (string, string, ImportResult) FromDocument(SurveyDocument document) =>
        (document.Title, document.Description, new ImportResult(document.Definition, []));

    private static (string, string, ImportResult) FromLimeSurvey(byte[] bytes)
    {
        var result = LimeSurveyImporter.Import(bytes, out var title);
        return (title, "Imported from a LimeSurvey survey structure.", result);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var survey = Survey.Create(User.UserId(), Input.Title, Input.Description, clock.GetUtcNow().UtcDateTime);
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        return Redirect($"/surveys/{survey.Id}/edit");
    }
}
