using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Respond;

[AllowAnonymous]
public sealed class IndexModel(AppDbContext db, TimeProvider clock, ILogger<IndexModel> logger) : PageModel
{
    public enum PageState
    {
        Form,
        NotFound,
        Closed,
    }

    public PageState State { get; private set; }
    public string Title { get; private set; } = "Survey";
    public string? Description { get; private set; }
    public SurveyDefinition Definition { get; private set; } = new();
    public AnswerForm Form { get; private set; } = new();
    public IReadOnlyList<FieldError> Errors => Form.Errors;

    /// <summary>Issued with the form; the response is stored under this id, so a repeated post stores nothing new.</summary>
    [BindProperty]
    public Guid SubmissionId { get; set; }

    /// <summary>A stable shuffle order per response: derived from the form's submission id.</summary>
    public int ShuffleSeed => BitConverter.ToInt32(SubmissionId.ToByteArray(), 0);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var survey = await LoadAsync(code, cancellationToken);
        if (survey is not null && State == PageState.Form)
        {
            SubmissionId = Guid.NewGuid();
        }

        return PageResult();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        var survey = await LoadAsync(code, cancellationToken);
        if (survey is null || State != PageState.Form)
        {
            return PageResult();
        }

        Form = AnswerForm.FromPost(Request.Form);
        var result = AnswerSheet.Validate(Definition, Form.Values);
        if (SubmissionId == Guid.Empty)
        {
            SubmissionId = Guid.NewGuid();
        }

        if (!result.IsValid)
        {
            Form.Errors = result.Errors;
            return Page();
        }

        if (await db.Responses.AnyAsync(r => r.Id == SubmissionId, cancellationToken))
        {
            return Redirect($"/s/{code}/thanks"); // The same form posted again: the first one counts.
        }

        db.Responses.Add(SurveyResponse.Submit(SubmissionId, survey, result.Answers, clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two posts of the same form raced; the other one stored it. Anything else is a real failure.
            if (!await ExistsInFreshQueryAsync(SubmissionId, cancellationToken))
            {
                throw;
            }

            logger.LogInformation("A concurrent duplicate submission for survey {SurveyId} was ignored", survey.Id);
        }

        return Redirect($"/s/{code}/thanks");
    }

    private async Task<bool> ExistsInFreshQueryAsync(Guid id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Responses.AnyAsync(r => r.Id == id, cancellationToken);
    }

    private PageResult PageResult()
    {
        if (State == PageState.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    private async Task<Survey?> LoadAsync(string code, CancellationToken cancellationToken)
    {
        var survey = code.Length > 16 ? null : await db.Surveys.SingleOrDefaultAsync(s => s.PublicCode == code, cancellationToken);
        if (survey is null || survey.Status == SurveyStatus.Draft)
        {
            State = PageState.NotFound;
            return null;
        }

        Title = survey.Title;
        Description = survey.Description;
        if (!survey.IsAcceptingResponses(clock.GetUtcNow().UtcDateTime))
        {
            State = PageState.Closed;
            return survey;
        }

        var version = await db.SurveyVersions.AsNoTracking()
            .SingleAsync(v => v.SurveyId == survey.Id && v.Number == survey.PublishedVersion, cancellationToken);
        Definition = version.Definition;
        State = PageState.Form;
        return survey;
    }
}
