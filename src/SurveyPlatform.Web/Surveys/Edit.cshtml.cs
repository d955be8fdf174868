using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

[Authorize(Policy = Policies.SurveyOwners)]
public sealed class EditModel(AppDbContext db, SurveyLifecycle lifecycle) : PageModel
{
    public Survey Survey { get; private set; } = null!;

    [BindProperty]
    public QuestionInput Question { get; set; } = new();

    public IReadOnlyList<string> PublishErrors { get; private set; } = [];

    /// <summary>The types this editor can build and the respondent pages can render so far.</summary>
    public static readonly QuestionType[] EditorTypes =
        [QuestionType.SingleChoice, QuestionType.MultipleChoice, QuestionType.Rating, QuestionType.ShortText, QuestionType.Number];

    public IEnumerable<SelectListItem> TypeChoices =>
        EditorTypes.Select(t => new SelectListItem(t.ToString(), ((int)t).ToString(CultureInfo.InvariantCulture), t == Question.Type));

    public sealed class QuestionInput
    {
        public QuestionType Type { get; set; }
        public string? Code { get; set; }
        public string? Text { get; set; }
        public bool Required { get; set; }
        public string? Options { get; set; }
        public string? Min { get; set; }
        public string? Max { get; set; }
    }

    /// <summary>A post without a known handler (a stale or hand-made form) goes back to the page, not to an error.</summary>
    public IActionResult OnPost(Guid id) => Redirect($"/surveys/{id}/edit");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Downloads the draft (or the last published version) as a SurveyPlatform .json file.</summary>
    public async Task<IActionResult> OnGetJsonAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var json = Domain.Importing.SurveyDocument.Of(Survey.Title, Survey.Description, Survey.Draft).ToJson();
        return File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"survey-{Survey.Id:N}.json");
    }

    public async Task<IActionResult> OnPostAddAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Survey.IsEditable)
        {
            return Page();
        }

        if (!EditorTypes.Contains(Question.Type))
        {
            ModelState.AddModelError("Question.Type", "Choose one of the listed question types.");
        }

        var (options, optionErrors) = QuestionDraft.ParseOptions(Question.Options);
        foreach (var error in optionErrors)
        {
            ModelState.AddModelError("Question.Options", error);
        }

        var min = ParseBound(Question.Min, "Question.Min");
        var max = ParseBound(Question.Max, "Question.Max");
        var question = new QuestionDefinition
        {
            Code = Question.Code?.Trim() ?? string.Empty,
            Text = Question.Text?.Trim() ?? string.Empty,
            Type = Question.Type,
            Required = Question.Required,
            Options = Question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice ? options : [],
            Min = Question.Type == QuestionType.Number ? min : null,
            Max = Question.Type == QuestionType.Number ? max : null,
        };

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var errors = Survey.AddQuestion(question);
        foreach (var error in errors)
        {
            ModelState.AddModelError($"Question.{error.Field}", error.Message);
        }

        if (errors.Count > 0)
        {
            return Page();
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"Question {question.Code} added.";
        return Redirect($"/surveys/{id}/edit#add");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Survey.IsEditable || Survey.Draft.Find(code) is not { } question)
        {
            return Redirect($"/surveys/{id}/edit");
        }

        var refused = Survey.RemoveQuestion(code, await lifecycle.HasAnswersAsync(id, question, cancellationToken));
        if (refused is null)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Message"] = refused ?? $"Question {code} removed.";
        return Redirect($"/surveys/{id}/edit");
    }

    public async Task<IActionResult> OnPostReviseAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var refused = Survey.StartRevision();
        if (refused is null)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Message"] = refused ?? $"You are editing version {Survey.PublishedVersion + 1}. Version {Survey.PublishedVersion} stays live until you publish.";
        return Redirect($"/surveys/{id}/edit");
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, string code, int offset, CancellationToken cancellationToken) =>
        await ChangeAsync(id, s => s.MoveQuestion(code, Math.Sign(offset)), cancellationToken);

    public async Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        PublishErrors = await lifecycle.PublishAsync(Survey, cancellationToken);
        if (PublishErrors.Count > 0)
        {
            return Page();
        }

        TempData["Message"] = "Published. The public link is open.";
        return Redirect($"/surveys/{id}");
    }

    private async Task<IActionResult> ChangeAsync(Guid id, Action<Survey> change, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Survey.IsEditable)
        {
            change(Survey);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Redirect($"/surveys/{id}/edit");
    }

    private decimal? ParseBound(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        ModelState.AddModelError(key, "Enter a number, like 0 or 12.5.");
        return null;
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.ManageableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Survey = survey;
        return true;
    }
}
