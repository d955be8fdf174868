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
    public QuestionInput Question { get; set; } = new();

    /// <summary>
    /// The page "Add a question" adds to (0-based; -1 the last). Not on <see cref="QuestionInput"/>: a form without
    /// that input's fields would bind the page's own "page" route value to it.
    /// </summary>
    [BindProperty]
    public int AddToPage { get; set; } = -1;

    /// <summary>The edit form that opens in place, in the row of the question <see cref="EditingCode"/>.</summary>
    [BindProperty]
    public QuestionInput Edit { get; set; } = new();

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

    public sealed class QuestionInput
    {
        public QuestionType Type { get; set; }
        public string? Code { get; set; }
        public string? Text { get; set; }
        public bool Required { get; set; }
        public string? Options { get; set; }
        public string? Min { get; set; }
        public string? Max { get; set; }
        public string? Help { get; set; }
        public string? Rows { get; set; }
        public int? Scale { get; set; }
        public int? RowsPerPage { get; set; }
        public string? LowLabel { get; set; }
        public string? HighLabel { get; set; }
        public bool AllowNotApplicable { get; set; }
        public int? MinSelections { get; set; }
        public int? MaxSelections { get; set; }
        public string? ExclusiveOption { get; set; }
        public SharesBase SharesBase { get; set; }
        public string? OtherOption { get; set; }
        public bool WholeNumbers { get; set; }
        public string? Unit { get; set; }
        public TextValidation Validation { get; set; }
        public string? Pattern { get; set; }
        public string? Condition { get; set; }
        public string? ConditionCode { get; set; }
        public string? ConditionOperator { get; set; }
        public string? ConditionValue { get; set; }
        public bool Shuffle { get; set; }
        public bool Dropdown { get; set; }
    }

    /// <summary>The builder's three fields as an expression, joined with any typed condition by "and".</summary>
    private static string? ComposeCondition(QuestionInput input)
    {
        var typed = string.IsNullOrWhiteSpace(input.Condition) ? null : input.Condition.Trim();
        if (string.IsNullOrWhiteSpace(input.ConditionCode) || string.IsNullOrWhiteSpace(input.ConditionOperator))
        {
            return typed is not null && Domain.Logic.ConditionParser.Parse(typed).Condition is { } only ? Domain.Logic.ConditionParser.Format(only) : typed;
        }

        var built = input.ConditionOperator.Contains("answered", StringComparison.Ordinal)
            ? $"{input.ConditionCode} {input.ConditionOperator}"
            : $"{input.ConditionCode} {input.ConditionOperator} '{(input.ConditionValue ?? string.Empty).Replace("'", string.Empty, StringComparison.Ordinal)}'";
        var combined = typed is null ? built : $"({typed}) and {built}";
        var (parsed, _) = Domain.Logic.ConditionParser.Parse(combined);
        return parsed is null ? combined : Domain.Logic.ConditionParser.Format(parsed);
    }

    /// <summary>A post without a known handler (a stale or hand-made form) goes back to the page, not to an error.</summary>
    public IActionResult OnPost(Guid id) => Redirect($"/surveys/{id}/edit");

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
            Edit = FromDefinition(existing);
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

    private static QuestionInput FromDefinition(QuestionDefinition q) => new()
    {
        Type = q.Type,
        Code = q.Code,
        Text = q.Text,
        Required = q.Required,
        Options = string.Join('\n', q.Options.Select(o => $"{o.Code} | {o.Label} | {o.Points.ToString(CultureInfo.InvariantCulture)}")),
        Rows = string.Join('\n', q.Rows.Select(r => $"{r.Code} | {r.Label}")),
        Min = q.Min?.ToString(CultureInfo.InvariantCulture),
        Max = q.Max?.ToString(CultureInfo.InvariantCulture),
        Help = q.Help,
        Scale = q.Scale,
        RowsPerPage = q.RowsPerPage,
        LowLabel = q.LowLabel,
        HighLabel = q.HighLabel,
        AllowNotApplicable = q.AllowNotApplicable,
        MinSelections = q.MinSelections,
        MaxSelections = q.MaxSelections,
        ExclusiveOption = q.ExclusiveOption,
        SharesBase = q.SharesBase,
        OtherOption = q.OtherOption,
        WholeNumbers = q.WholeNumbers,
        Unit = q.Unit,
        Validation = q.Validation,
        Pattern = q.Pattern,
        Condition = q.Condition,
        Shuffle = q.Shuffle,
        Dropdown = q.Display == ChoiceDisplay.Dropdown,
    };

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
        return Redirect($"/surveys/{id}/edit#add");
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
            return Redirect($"/surveys/{id}/edit");
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
        return Redirect($"/surveys/{id}/edit#q-{Uri.EscapeDataString(question.Code)}");
    }

    private QuestionDefinition Build(QuestionInput input, string prefix)
    {
        if (!EditorTypes.Contains(input.Type))
        {
            ModelState.AddModelError($"{prefix}.Type", "Choose one of the listed question types.");
        }

        var (options, optionErrors) = QuestionDraft.ParseOptions(input.Options);
        foreach (var error in optionErrors)
        {
            ModelState.AddModelError($"{prefix}.Options", error);
        }

        var (rows, rowErrors) = QuestionDraft.ParseOptions(input.Rows);
        foreach (var error in rowErrors)
        {
            ModelState.AddModelError($"{prefix}.Rows", error.Replace("Option line", "Row line", StringComparison.Ordinal));
        }

        var min = ParseBound(input.Min, $"{prefix}.Min");
        var max = ParseBound(input.Max, $"{prefix}.Max");
        return new QuestionDefinition
        {
            Code = input.Code?.Trim() ?? string.Empty,
            Text = input.Text?.Trim() ?? string.Empty,
            Type = input.Type,
            Required = input.Required,
            Options = input.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ranking or QuestionType.MatrixSingle ? options : [],
            Rows = input.Type is QuestionType.MatrixSingle or QuestionType.MatrixRating ? rows : [],
            Min = input.Type == QuestionType.Number ? min : null,
            Max = input.Type == QuestionType.Number ? max : null,
            Help = string.IsNullOrWhiteSpace(input.Help) ? null : input.Help.Trim(),
            Scale = input.Type is QuestionType.Rating or QuestionType.MatrixRating ? input.Scale : null,
            RowsPerPage = input.Type is QuestionType.MatrixSingle or QuestionType.MatrixRating ? input.RowsPerPage : null,
            LowLabel = Blank(input.LowLabel),
            HighLabel = Blank(input.HighLabel),
            AllowNotApplicable = input.AllowNotApplicable && input.Type is QuestionType.Rating or QuestionType.MatrixRating or QuestionType.MatrixSingle,
            MinSelections = input.Type == QuestionType.MultipleChoice ? input.MinSelections : null,
            MaxSelections = input.Type == QuestionType.MultipleChoice ? input.MaxSelections : null,
            ExclusiveOption = input.Type == QuestionType.MultipleChoice ? Blank(input.ExclusiveOption) : null,
            SharesBase = input.Type == QuestionType.MultipleChoice && Enum.IsDefined(input.SharesBase) ? input.SharesBase : SharesBase.Shown,
            OtherOption = input.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice ? Blank(input.OtherOption) : null,
            WholeNumbers = input.Type == QuestionType.Number && input.WholeNumbers,
            Unit = input.Type == QuestionType.Number ? Blank(input.Unit) : null,
            Validation = input.Type == QuestionType.ShortText ? input.Validation : TextValidation.None,
            Pattern = input.Type == QuestionType.ShortText && input.Validation == TextValidation.Regex ? Blank(input.Pattern) : null,
            Condition = ComposeCondition(input),
            Shuffle = input.Shuffle && input.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice,
            Display = input.Type == QuestionType.SingleChoice && input.Dropdown ? ChoiceDisplay.Dropdown : ChoiceDisplay.Auto,
        };
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
        return Redirect($"/surveys/{id}/edit");
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
            return Redirect($"/surveys/{id}/edit");
        }

        var (copy, refused) = Survey.CopyQuestion(code ?? string.Empty);
        if (copy is null)
        {
            return Refuse(id, $"q-{code}", refused!);
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"Question {code} duplicated as {copy}.";
        return Redirect($"/surveys/{id}/edit#q-{Uri.EscapeDataString(copy)}");
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
            return Redirect($"/surveys/{id}/edit");
        }

        var refused = page is { } toPage && position is { } toPosition
            ? Survey.MoveQuestionTo(code, toPage, toPosition)
            : Survey.MoveQuestion(code, Math.Sign(offset));
        if (refused is not null)
        {
            return Refuse(id, $"q-{code}", refused);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Redirect($"/surveys/{id}/edit#q-{Uri.EscapeDataString(code)}");
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
            return Redirect($"/surveys/{id}/edit");
        }

        var refused = to is { } target ? Survey.MovePageTo(page, target) : Survey.MovePage(page, Math.Sign(offset));
        if (refused is not null)
        {
            return Refuse(id, $"page-{page}", refused);
        }

        await db.SaveChangesAsync(cancellationToken);
        var now = Math.Clamp(to ?? page + Math.Sign(offset), 0, Survey.Draft.Pages.Count - 1);
        return Redirect($"/surveys/{id}/edit#page-{now}");
    }

    /// <summary>Post-redirect-get with the reason shown beside the row or page it concerns.</summary>
    private RedirectResult Refuse(Guid id, string anchor, string message)
    {
        TempData["RefusedAt"] = anchor;
        TempData["Refused"] = message;
        return Redirect($"/surveys/{id}/edit#{Uri.EscapeDataString(anchor)}");
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

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

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
        var survey = await db.Surveys.EditableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Survey = survey;
        return true;
    }
}
