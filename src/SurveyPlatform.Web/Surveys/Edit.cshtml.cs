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
        public int Page { get; set; } = -1;
        public string? Help { get; set; }
        public string? Rows { get; set; }
        public int? Scale { get; set; }
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
            Question = FromDefinition(existing);
        }
        else
        {
            EditingCode = null;
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

        if (!EditorTypes.Contains(Question.Type))
        {
            ModelState.AddModelError("Question.Type", "Choose one of the listed question types.");
        }

        var (options, optionErrors) = QuestionDraft.ParseOptions(Question.Options);
        foreach (var error in optionErrors)
        {
            ModelState.AddModelError("Question.Options", error);
        }

        var (rows, rowErrors) = QuestionDraft.ParseOptions(Question.Rows);
        foreach (var error in rowErrors)
        {
            ModelState.AddModelError("Question.Rows", error.Replace("Option line", "Row line", StringComparison.Ordinal));
        }

        var min = ParseBound(Question.Min, "Question.Min");
        var max = ParseBound(Question.Max, "Question.Max");
        var question = new QuestionDefinition
        {
            Code = Question.Code?.Trim() ?? string.Empty,
            Text = Question.Text?.Trim() ?? string.Empty,
            Type = Question.Type,
            Required = Question.Required,
            Options = Question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ranking or QuestionType.MatrixSingle ? options : [],
            Rows = Question.Type is QuestionType.MatrixSingle or QuestionType.MatrixRating ? rows : [],
            Min = Question.Type == QuestionType.Number ? min : null,
            Max = Question.Type == QuestionType.Number ? max : null,
            Help = string.IsNullOrWhiteSpace(Question.Help) ? null : Question.Help.Trim(),
            Scale = Question.Type is QuestionType.Rating or QuestionType.MatrixRating ? Question.Scale : null,
            LowLabel = Blank(Question.LowLabel),
            HighLabel = Blank(Question.HighLabel),
            AllowNotApplicable = Question.AllowNotApplicable && Question.Type is QuestionType.Rating or QuestionType.MatrixRating or QuestionType.MatrixSingle,
            MinSelections = Question.Type == QuestionType.MultipleChoice ? Question.MinSelections : null,
            MaxSelections = Question.Type == QuestionType.MultipleChoice ? Question.MaxSelections : null,
            ExclusiveOption = Question.Type == QuestionType.MultipleChoice ? Blank(Question.ExclusiveOption) : null,
            SharesBase = Question.Type == QuestionType.MultipleChoice && Enum.IsDefined(Question.SharesBase) ? Question.SharesBase : SharesBase.Shown,
            OtherOption = Question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice ? Blank(Question.OtherOption) : null,
            WholeNumbers = Question.Type == QuestionType.Number && Question.WholeNumbers,
            Unit = Question.Type == QuestionType.Number ? Blank(Question.Unit) : null,
            Validation = Question.Type == QuestionType.ShortText ? Question.Validation : TextValidation.None,
            Pattern = Question.Type == QuestionType.ShortText && Question.Validation == TextValidation.Regex ? Blank(Question.Pattern) : null,
            Condition = ComposeCondition(Question),
            Shuffle = Question.Shuffle && Question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice,
            Display = Question.Type == QuestionType.SingleChoice && Question.Dropdown ? ChoiceDisplay.Dropdown : ChoiceDisplay.Auto,
        };

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var errors = EditingCode is { } original ? Survey.ReplaceQuestion(original, question) : Survey.AddQuestion(question, Question.Page);
        foreach (var error in errors)
        {
            ModelState.AddModelError($"Question.{error.Field}", error.Message);
        }

        if (errors.Count > 0)
        {
            return Page();
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = EditingCode is null ? $"Question {question.Code} added." : $"Question {question.Code} saved.";
        return Redirect($"/surveys/{id}/edit#add");
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

    public async Task<IActionResult> OnPostCopyAsync(Guid id, string code, CancellationToken cancellationToken) =>
        await ChangeAsync(id, s => TempData["Message"] = s.CopyQuestion(code) ?? $"Question {code} copied.", cancellationToken);

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
