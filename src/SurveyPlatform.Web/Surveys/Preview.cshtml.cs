using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Respond;

namespace SurveyPlatform.Web.Surveys;

/// <summary>
/// The draft as respondents see it, page by page, with the same flow, renderer and logic as the
/// public link (<see cref="ResponseFlow"/> and <c>_SurveyPage</c>). Nothing is stored: the answers so
/// far travel in a protected hidden field, and the last page shows what would be stored.
/// </summary>
[Authorize(Policy = Policies.SurveyOwners)]
public sealed class PreviewModel(AppDbContext db, IDataProtectionProvider protection) : PageModel
{
    private IDataProtector Protector => protection.CreateProtector("SurveyPlatform.Preview");

    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public SurveyDefinition Definition { get; private set; } = new();
    public PageView? View { get; private set; }
    public RespondText Text { get; private set; } = RespondText.English;

    /// <summary>Set when the last page was posted: the answers a response would store.</summary>
    public IReadOnlyDictionary<string, string>? Stored { get; private set; }

    /// <summary>Questions the preview's answers did not ask (hidden by conditions).</summary>
    public IReadOnlyList<string> NotAsked { get; private set; } = [];

    [BindProperty]
    public string? State { get; set; }

    [BindProperty]
    public int PageIndex { get; set; }

    [BindProperty(Name = "nav")]
    public string? Nav { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Definition.Pages.Count == 0)
        {
            return Page();
        }

        var empty = new Dictionary<string, string>();
        var path = ResponseFlow.Path(Definition, empty);
        View = NewView(path.Count > 0 ? path[0] : 0, empty, AnswerForm.FromStored(Definition, empty));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var stored = Unprotect(State);
        if (Definition.Pages.Count == 0 || PageIndex < 0 || PageIndex >= Definition.Pages.Count)
        {
            return await OnGetAsync(id, cancellationToken);
        }

        var posted = AnswerForm.FromPost(Request.Form);
        if (Nav == "back")
        {
            var kept = ResponseFlow.Post(Definition, PageIndex, stored, posted.Values, lenient: true).Answers;
            var previous = ResponseFlow.Previous(ResponseFlow.Path(Definition, kept), PageIndex) ?? PageIndex;
            View = NewView(previous, kept, AnswerForm.FromStored(Definition, kept));
            return Page();
        }

        var outcome = ResponseFlow.Post(Definition, PageIndex, stored, posted.Values, lenient: false);
        if (!outcome.IsValid)
        {
            View = NewView(PageIndex, stored, posted.WithErrors(outcome.Errors));
            return Page();
        }

        if (ResponseFlow.Next(ResponseFlow.Path(Definition, outcome.Answers), PageIndex) is { } next)
        {
            View = NewView(next, outcome.Answers, AnswerForm.FromStored(Definition, outcome.Answers));
            return Page();
        }

        var completion = ResponseFlow.Finish(Definition, outcome.Answers);
        if (!completion.IsComplete)
        {
            View = NewView(completion.FirstPageWithError, outcome.Answers, AnswerForm.FromStored(Definition, outcome.Answers).WithErrors(completion.Errors));
            return Page();
        }

        Stored = completion.Answers;
        var hidden = AnswerSheet.Validate(Definition, ResponseFlow.AsPosted(Definition, completion.Answers)).HiddenQuestions;
        NotAsked = [.. Definition.Questions.Where(q => q.IsAnswerable && hidden.Contains(q.Code)).Select(q => q.Code).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
        return Page();
    }

    private PageView NewView(int page, IReadOnlyDictionary<string, string> stored, AnswerForm form) => new()
    {
        Definition = Definition,
        PageIndex = page,
        Stored = stored,
        Form = form,
        Text = Text,
        ShuffleSeed = 1,
        HiddenFields = new Dictionary<string, string>
        {
            [nameof(State)] = Protector.Protect(JsonSerializer.Serialize(stored)),
            [nameof(PageIndex)] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    private Dictionary<string, string> Unprotect(string? state)
    {
        try
        {
            return string.IsNullOrEmpty(state)
                ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(Protector.Unprotect(state)) ?? [], StringComparer.OrdinalIgnoreCase);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); // A tampered or stale state starts over.
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().EditableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        Id = survey.Id;
        Title = survey.Title;
        Definition = survey.Draft.RespondentPages(); // A long matrix split by its author shows as its chunks.
        Text = RespondText.For(survey.Language, Request);
        return true;
    }
}
