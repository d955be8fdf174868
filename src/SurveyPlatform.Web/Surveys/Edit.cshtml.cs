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

    /// <summary>The "Add a question" form.</summary>
    [BindProperty]
    public QuestionForm Question { get; set; } = new();

    /// <summary>
    /// The page "Add a question" adds to (0-based; -1 the last). Not on <see cref="QuestionForm"/>: a form without
    /// that input's fields would bind the page's own "page" route value to it.
    /// </summary>
    [BindProperty]
    public int AddToPage { get; set; } = -1;

    /// <summary>The edit form that opens in place, in the row of the question <see cref="EditingCode"/>.</summary>
    [BindProperty]
    public QuestionForm Edit { get; set; } = new();

    /// <summary>A refused reorder: its reason, and the row or page (an element id) it is shown beside.</summary>
    public (string Anchor, string Message)? Refused { get; private set; }

    public IReadOnlyList<string> PublishErrors { get; private set; } = [];

    /// <summary>Every type the respondent form renders.</summary>
    public static readonly QuestionType[] EditorTypes = Enum.GetValues<QuestionType>();

    public static readonly (string Value, string Label)[] ConditionOperators =
        [("=", "is"), ("!=", "is not"), (">", "is more than"), (">=", "is at least"), ("<", "is less than"), ("<=", "is at most"), ("is answered", "is answered"), ("is not answered", "is not answered")];

    [BindProperty]
    public PageInput NewPage { get; set; } = new();

    public sealed class PageInput
    {
        public string? Title { get; set; }
        public string? Intro { get; set; }
        public string? Condition { get; set; }
    }

    /// <summary>The type choice, by the names authors read (<see cref="QuestionTypeNames"/>).</summary>
    public static IEnumerable<SelectListItem> TypeChoices(QuestionType selected) =>
        EditorTypes.Select(t => new SelectListItem(t.DisplayName(), ((int)t).ToString(CultureInfo.InvariantCulture), t == selected));

    /// <summary>A post without a known handler (a stale or hand-made form) goes back to the page, not to an error.</summary>
    public IActionResult OnPost(Guid id) => RedirectToPage("/Surveys/Edit", new { id });

    /// <summary>The question being changed, when the form edits one in place.</summary>
    [BindProperty(SupportsGet = true, Name = "question")]
    public string? EditingCode { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (EditingCode is not null && Survey.Draft.Find(EditingCode) is { } existing)
        {
            Edit = QuestionForm.Of(existing);
        }
        else
        {
            EditingCode = null;
        }

        if (TempData["RefusedAt"] is string anchor && TempData["Refused"] is string message)
        {
            Refused = (anchor, message);
        }

        return Page();
    }

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

        EditingCode = null;
        var question = Build(Question, nameof(Question));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var errors = Survey.AddQuestion(question, AddToPage);
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
        return RedirectToPage("/Surveys/Edit", null, new { id }, "add");
    }

    /// <summary>Saves the form that opened in the question's row; errors show in that row, success returns to it.</summary>
    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Survey.IsEditable || EditingCode is null || Survey.Draft.Find(EditingCode) is null)
        {
            EditingCode = null;
            return RedirectToPage("/Surveys/Edit", new { id });
        }

        var question = Build(Edit, nameof(Edit));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var errors = Survey.ReplaceQuestion(EditingCode, question);
        foreach (var error in errors)
        {
            ModelState.AddModelError($"Edit.{error.Field}", error.Message);
        }

        if (errors.Count > 0)
        {
            return Page();
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"Question {question.Code} saved.";
        return RedirectToPage("/Surveys/Edit", null, new { id }, $"q-{Uri.EscapeDataString(question.Code)}");
    }

    /// <summary>The form's question; what could not be read is added to the model state under the form's <paramref name="prefix"/>.</summary>
    private QuestionDefinition Build(QuestionForm form, string prefix)
    {
        var (question, errors) = form.ToDefinition();
        foreach (var error in errors)
        {
            ModelState.AddModelError($"{prefix}.{error.Field}", error.Message);
        }

        return question;
    }

    public async Task<IActionResult> OnPostAddPageAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Survey.IsEditable)
        {
            return Page();
        }

        ModelState.Clear();
        var refused = Survey.AddPage(NewPage.Title ?? string.Empty, NewPage.Intro, NewPage.Condition);
        if (refused is not null)
        {
            ModelState.AddModelError("NewPage.Title", refused);
            return Page();
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"Page \"{NewPage.Title!.Trim()}\" added.";
        return RedirectToPage("/Surveys/Edit", new { id });
    }

    public async Task<IActionResult> OnPostRemovePageAsync(Guid id, int page, CancellationToken cancellationToken) =>
        await ChangeAsync(id, s => s.RemoveEmptyPage(page), cancellationToken);

    /// <summary>Duplicates a question right after itself (code role becomes role_2) and returns to the copy.</summary>
    public async Task<IActionResult> OnPostCopyAsync(Guid id, string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Survey.IsEditable)
        {
            return RedirectToPage("/Surveys/Edit", new { id });
        }

        var (copy, refused) = Survey.CopyQuestion(code ?? string.Empty);
        if (copy is null)
        {
            return Refuse(id, $"q-{code}", refused!);
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"Question {code} duplicated as {copy}.";
        return RedirectToPage("/Surveys/Edit", null, new { id }, $"q-{Uri.EscapeDataString(copy)}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Survey.IsEditable || Survey.Draft.Find(code) is not { } question)
        {
            return RedirectToPage("/Surveys/Edit", new { id });
        }

        var refused = Survey.RemoveQuestion(code, await lifecycle.HasAnswersAsync(id, question, cancellationToken));
        if (refused is null)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Message"] = refused ?? $"Question {code} removed.";
        return RedirectToPage("/Surveys/Edit", new { id });
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
        return RedirectToPage("/Surveys/Edit", new { id });
    }

    /// <summary>
    /// Moves a question: one place up or down (<paramref name="offset"/>, the buttons), or to a
    /// <paramref name="position"/> on a <paramref name="page"/> (drag and drop posts these). A move that breaks
    /// the logic is refused with its reason beside the question.
    /// </summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid id, string code, int offset, int? page, int? position, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        code ??= string.Empty;
        if (!Survey.IsEditable || Survey.Draft.Find(code) is null)
        {
            return RedirectToPage("/Surveys/Edit", new { id });
        }

        var refused = page is { } toPage && position is { } toPosition
            ? Survey.MoveQuestionTo(code, toPage, toPosition)
            : Survey.MoveQuestion(code, Math.Sign(offset));
        if (refused is not null)
        {
            return Refuse(id, $"q-{code}", refused);
        }

        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage("/Surveys/Edit", null, new { id }, $"q-{Uri.EscapeDataString(code)}");
    }

    /// <summary>
    /// Swaps a page with the one before or after it (<paramref name="offset"/>, the buttons), or moves it to become page
    /// <paramref name="to"/> (drag and drop posts this); refused when a condition would then look ahead.
    /// </summary>
    public async Task<IActionResult> OnPostMovePageAsync(Guid id, int page, int offset, int? to, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!Survey.IsEditable || page < 0 || page >= Survey.Draft.Pages.Count)
        {
            return RedirectToPage("/Surveys/Edit", new { id });
        }

        var refused = to is { } target ? Survey.MovePageTo(page, target) : Survey.MovePage(page, Math.Sign(offset));
        if (refused is not null)
        {
            return Refuse(id, $"page-{page}", refused);
        }

        await db.SaveChangesAsync(cancellationToken);
        var now = Math.Clamp(to ?? page + Math.Sign(offset), 0, Survey.Draft.Pages.Count - 1);
        return RedirectToPage("/Surveys/Edit", null, new { id }, $"page-{now}");
    }

    /// <summary>Post-redirect-get with the reason shown beside the row or page it concerns.</summary>
    private RedirectToPageResult Refuse(Guid id, string anchor, string message)
    {
        TempData["RefusedAt"] = anchor;
        TempData["Refused"] = message;
        return RedirectToPage("/Surveys/Edit", null, new { id }, Uri.EscapeDataString(anchor));
    }

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
        return RedirectToPage("/Surveys/Details", new { id });
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

        return RedirectToPage("/Surveys/Edit", new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.EditableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Survey = survey;
        return true;
    }
}
