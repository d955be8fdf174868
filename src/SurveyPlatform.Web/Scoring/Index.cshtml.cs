using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Scoring;

/// <summary>
/// The survey's scoring model: readable by the owner, editors and researchers; the owner and editors
/// can save a new revision (checked against the newest published questionnaire, every problem listed,
/// nothing saved until it is valid), reset it to the default and re-score a closed survey (that form
/// posts to the Results page's handler). Each save is a new <see cref="SurveyScoringModel"/> with the
/// next version number; the highest is the one runs use.
/// </summary>
public sealed class IndexModel(AppDbContext db, TimeProvider clock, Audit.AuditTrail audit) : PageModel
{
    /// <summary>Longer posts are refused before parsing; the flagship model is about 5,000 characters.</summary>
    public const int MaxJsonLength = 500_000;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public SurveyStatus Status { get; private set; }

    /// <summary>The user may save, reset and re-score (owner or editor).</summary>
    public bool CanEdit { get; private set; }

    /// <summary>The questionnaire version models are checked against; null when the survey was never published (its draft is used).</summary>
    public int? DefinitionVersion { get; private set; }

    /// <summary>The newest saved revision, or null when the default model is in force.</summary>
    public SurveyScoringModel? Saved { get; private set; }

    /// <summary>The model in force: the saved revision; null when none is chosen (runs then report descriptive statistics only).</summary>
    public ScoringModel? InForce { get; private set; }

    /// <summary>What "Use the default readiness model" would save: null when no question scores.</summary>
    public ScoringModel? Offered { get; private set; }

    public bool OfferedIsFlagship { get; private set; }

    public string? InForceHash { get; private set; }

    /// <summary>Why the saved revision could not be read (it is shown as stored).</summary>
    public string? SavedUnreadable { get; private set; }

    /// <summary>What is wrong with the model in force against the current questionnaire (runs would fail).</summary>
    public IReadOnlyList<ScoringModelProblem> InForceProblems { get; private set; } = [];

    /// <summary>The editor's text: the model in force on a GET, the posted text after a refused save.</summary>
    [BindProperty]
    public string? Json { get; set; }

    /// <summary>The JSON could not be read: shown in the error summary and beside the text area.</summary>
    public string? JsonError { get; private set; }

    /// <summary>Everything the validator found in the posted model, or a refusal of the whole save.</summary>
    public IReadOnlyList<ScoringModelProblem> Problems { get; private set; } = [];

    public bool HasErrors => JsonError is not null || Problems.Count > 0;

    private SurveyDefinition _definition = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, db.Surveys.ReadableBy(User), cancellationToken))
        {
            return NotFound();
        }

        Json = SavedUnreadable is not null ? Saved!.Json : (InForce ?? Offered ?? new ScoringModel()).ToJson();
        return Page();
    }

    /// <summary>A post without a known handler (a stale or hand-made form) goes back to the page, not to an error.</summary>
    public IActionResult OnPost(Guid id) => RedirectToPage("/Scoring/Index", new { id });

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, db.Surveys.EditableBy(User), cancellationToken))
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(Json))
        {
            JsonError = "Enter the scoring model as JSON.";
            return Page();
        }

        if (Json.Length > MaxJsonLength)
        {
            JsonError = $"The scoring model is {Json.Length:N0} characters long; it can be at most {MaxJsonLength:N0}.";
            return Page();
        }

        ScoringModel model;
        try
        {
            model = ScoringModel.FromJson(Json);
        }
        catch (FormatException e)
        {
            JsonError = e.Message;
            return Page();
        }

        return await SaveAsync(model, "Saved", cancellationToken);
    }

    /// <summary>Saves the flagship model when the questionnaire fits it, otherwise the default model derived from the questions.</summary>
    public async Task<IActionResult> OnPostResetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, db.Surveys.EditableBy(User), cancellationToken))
        {
            return NotFound();
        }

        Json = SavedUnreadable is not null ? Saved!.Json : InForce?.ToJson();
        var (model, fitsFlagship) = ScoringModels.Offered(_definition);
        if (model is null)
        {
            Problems = [new ScoringModelProblem(string.Empty, ScoringProblemKind.NoDimensions, "This survey has no question that scores (choices with different points, ratings, NPS or rating matrices), so there is no default model to reset to.")];
            return Page();
        }

        var done = (Saved is null, fitsFlagship) switch
        {
            (true, true) => "Chose the healthcare AI readiness model and saved it",
            (true, false) => "Chose the default readiness model and saved it",
            (false, true) => "Reset to the flagship model and saved",
            (false, false) => "Reset to the default model and saved",
        };
        return await SaveAsync(model, done, cancellationToken);
    }

    private async Task<IActionResult> SaveAsync(ScoringModel model, string done, CancellationToken cancellationToken)
    {
        Problems = ScoringModelValidator.Validate(model, _definition);
        if (Problems.Count > 0)
        {
            return Page();
        }

        if (Saved is not null && SavedUnreadable is null && (model with { Version = Saved.Version }).ComputeHash() == Saved.Hash)
        {
            TempData["Message"] = $"No change: this is version {Saved.Version}, the model in force. Nothing was saved.";
            return RedirectToPage("/Scoring/Index", new { id = Id });
        }

        // The next version after the newest; if another save takes the same number first, the unique
        // index on (survey, version) refuses this one rather than letting two revisions share it.
        var version = (await db.ScoringModels.Where(m => m.SurveyId == Id).MaxAsync(m => (int?)m.Version, cancellationToken) ?? 0) + 1;
        var versioned = model with { Version = version };
        db.ScoringModels.Add(new SurveyScoringModel(Id, version, versioned.ToJson(), versioned.ComputeHash(), User.Identity?.Name, clock.GetUtcNow().UtcDateTime));
        try
        {
            await audit.RecordAsync(Audit.AuditKinds.ScoringModelChanged, Id, $"Scoring model version {version} saved (hash {versioned.ComputeHash()[..12]}).", cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await VersionExistsAsync(version))
            {
                throw;
            }

            Problems = [new ScoringModelProblem(string.Empty, ScoringProblemKind.InvalidVersion, $"Someone saved version {version} of the model meanwhile, so yours was not saved. Reload the page to see their version, then make your change again.")];
            return Page();
        }

        TempData["Message"] = Status == SurveyStatus.Closed
            ? $"{done} as version {version}. The results still come from the previous run: re-score to apply it."
            : $"{done} as version {version}.";
        return RedirectToPage("/Scoring/Index", new { id = Id });
    }

    /// <summary>How an item without its own scores scores, from the questionnaire: the options' points, the scale or the number range.</summary>
    public string OwnScoring(string key)
    {
        var question = _definition.Questions.FirstOrDefault(q =>
            q.IsAnswerable && (string.Equals(q.Code, key, StringComparison.OrdinalIgnoreCase)
                || q.IsMatrix && q.Rows.Any(r => string.Equals(q.RowKey(r.Code), key, StringComparison.OrdinalIgnoreCase))));
        return question switch
        {
            null => "Not a question of this survey",
            { Type: QuestionType.MatrixRating or QuestionType.Rating or QuestionType.Nps } => $"The scale {question.ScaleStart}–{question.ScaleMax}",
            { Type: QuestionType.Number } => $"The range {question.Min?.ToString(CultureInfo.InvariantCulture) ?? "?"}–{question.Max?.ToString(CultureInfo.InvariantCulture) ?? "?"}",
            { HasOptions: true } => "The options' points: " + string.Join(", ", question.Options.Select(o => $"{o.Code} {o.Points.ToString(CultureInfo.InvariantCulture)}")),
            _ => $"A {question.Type} question",
        };
    }

    private async Task<bool> VersionExistsAsync(int version)
    {
        db.ChangeTracker.Clear();
        return await db.ScoringModels.AnyAsync(m => m.SurveyId == Id && m.Version == version, CancellationToken.None);
    }

    private async Task<bool> LoadAsync(Guid id, IQueryable<Survey> allowed, CancellationToken cancellationToken)
    {
        var survey = await allowed.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Id = survey.Id;
        Title = survey.Title;
        Status = survey.Status;
        CanEdit = await db.Surveys.EditableBy(User).AnyAsync(s => s.Id == id, cancellationToken);

        // Runs score with the newest published version; a survey that was never published has only its draft.
        var newest = await db.SurveyVersions.AsNoTracking().Where(v => v.SurveyId == id)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        _definition = newest?.Definition ?? survey.Draft;
        DefinitionVersion = newest?.Number;

        Saved = await ScoringModels.SavedAsync(db, id, cancellationToken);
        (Offered, OfferedIsFlagship) = ScoringModels.Offered(_definition);
        if (Saved is not null)
        {
            try
            {
                InForce = ScoringModel.FromJson(Saved.Json);
            }
            catch (FormatException e)
            {
                SavedUnreadable = e.Message;
            }
        }

        InForceHash = Saved?.Hash ?? InForce?.ComputeHash();
        InForceProblems = InForce is null ? [] : ScoringModelValidator.Validate(InForce, _definition);
        return true;
    }
}
