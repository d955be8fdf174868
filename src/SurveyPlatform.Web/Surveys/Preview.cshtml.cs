using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Respond;

namespace SurveyPlatform.Web.Surveys;

/// <summary>The draft rendered with the respondent components; a post validates (logic included) and stores nothing.</summary>
[Authorize(Policy = Policies.SurveyOwners)]
public sealed class PreviewModel(AppDbContext db) : PageModel
{
    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public SurveyDefinition Definition { get; private set; } = new();
    public AnswerSheet.Result? Result { get; private set; }
    public AnswerForm Form { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Form = AnswerForm.FromPost(Request.Form);
        Result = AnswerSheet.Validate(Definition, Form.Values);
        Form.Errors = Result.Errors;
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
