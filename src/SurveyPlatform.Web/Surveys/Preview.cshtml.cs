using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

/// <summary>The draft rendered with the respondent components; a post validates (logic included) and stores nothing.</summary>
[Authorize(Policy = Policies.SurveyOwners)]
public sealed class PreviewModel(AppDbContext db) : PageModel
{
    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public SurveyDefinition Definition { get; private set; } = new();
    public AnswerSheet.Result? Result { get; private set; }
    public IReadOnlyList<FieldError> Errors => Result?.Errors ?? [];
    public Dictionary<string, IReadOnlyList<string>> Values { get; private set; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> ValuesFor(string code) => Values.TryGetValue(code, out var v) ? v : [];

    public string? ErrorFor(string code) => Errors.FirstOrDefault(e => string.Equals(e.Field, code, StringComparison.OrdinalIgnoreCase))?.Message;

    public IReadOnlyDictionary<string, string> RowErrorsFor(QuestionDefinition question) =>
        Errors.Where(e => !string.Equals(e.Field, question.Code, StringComparison.OrdinalIgnoreCase) && question.AnswerKeys().Contains(e.Field, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(e => e.Field, e => e.Message, StringComparer.OrdinalIgnoreCase);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Values = Request.Form
            .Where(f => f.Key.StartsWith("a.", StringComparison.Ordinal))
            .ToDictionary(f => f.Key[2..], f => (IReadOnlyList<string>)[.. f.Value.Select(v => v ?? string.Empty)], StringComparer.OrdinalIgnoreCase);
        Result = AnswerSheet.Validate(Definition, Values);
        return Page();
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
        Definition = survey.Draft;
        return true;
    }
}
