using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Results;

/// <summary>Readable by the owner and by researchers the survey is shared with.</summary>
public sealed class IndexModel(AppDbContext db, ResultsCsv csv) : PageModel
{
    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public SurveyStatus Status { get; private set; }
    public int Responses { get; private set; }
    public ScoringRun? Current { get; private set; }
    public IReadOnlyList<ScoringRun> Runs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        Id = survey.Id;
        Title = survey.Title;
        Status = survey.Status;
        Responses = await db.Responses.CountAsync(r => r.SurveyId == id, cancellationToken);
        Current = await ResultsCsv.CurrentRunAsync(db, id, cancellationToken);
        Runs = await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id)
            .OrderByDescending(r => r.StartedAt).Take(20).ToListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(Guid id, bool excel, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        var fileName = $"survey-{survey.PublicCode ?? survey.Id.ToString("N")}-responses.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        Response.Headers.CacheControl = "no-store";
        await csv.WriteAsync(survey, Response.Body, excel, cancellationToken);
        return new EmptyResult();
    }
}
