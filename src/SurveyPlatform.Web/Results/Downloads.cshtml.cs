using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// Every download of a survey on one page, for the owner and the people it is shared with (as the
/// Results page). Every file goes out through <see cref="SendAsync"/>: the one place that finds the
/// survey the user may read, and where access levels and the download audit belong.
/// </summary>
public sealed class DownloadsModel(AppDbContext db, ResultsCsv csv, AnalysisDownloads analysis) : PageModel
{
    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public int Responses { get; private set; }
    public ScoringRun? CurrentRun { get; private set; }

    /// <summary>A file to send: its name, type and how to write it.</summary>
    public sealed record Download(string FileName, string ContentType, Func<Stream, CancellationToken, Task> WriteAsync);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        Id = survey.Id;
        Title = survey.Title;
        Responses = await db.Responses.CountAsync(r => r.SurveyId == id, cancellationToken);
        CurrentRun = await ResultsCsv.CurrentRunAsync(db, id, cancellationToken);
        return Page();
    }

    /// <param name="format">"long" for a row per response and variable; anything else is wide.</param>
    /// <param name="values">"labels" writes choice answers as their labels; anything else writes codes.</param>
    public Task<IActionResult> OnGetResponsesAsync(Guid id, bool excel, string? format, string? values, CancellationToken cancellationToken)
    {
        var layout = string.Equals(format, "long", StringComparison.OrdinalIgnoreCase) ? ResponseLayout.RowPerAnswer : ResponseLayout.RowPerResponse;
        var labels = string.Equals(values, "labels", StringComparison.OrdinalIgnoreCase);
        return SendAsync(id, (survey, _) => Task.FromResult<Download?>(new Download(
            $"{FileStem(survey)}-responses{(layout == ResponseLayout.RowPerAnswer ? "-long" : string.Empty)}.csv",
            "text/csv; charset=utf-8",
            (output, ct) => csv.WriteAsync(survey, output, excel, layout, labels, ct))), cancellationToken);
    }

    public Task<IActionResult> OnGetResponsesJsonAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync(id, (survey, _) => Task.FromResult<Download?>(new Download(
            $"{FileStem(survey)}-responses.json", "application/json; charset=utf-8",
            (output, ct) => analysis.WriteResponsesJsonAsync(survey, output, ct))), cancellationToken);

    /// <param name="format">"csv" for the CSV codebook; anything else is HTML.</param>
    public Task<IActionResult> OnGetCodebookAsync(Guid id, string? format, bool excel, CancellationToken cancellationToken)
    {
        var asCsv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        return SendAsync(id, async (survey, ct) =>
        {
            var variables = await analysis.CodebookAsync(survey, ct);
            return asCsv
                ? new Download($"{FileStem(survey)}-codebook.csv", "text/csv; charset=utf-8", (output, c) => AnalysisDownloads.WriteCodebookCsvAsync(variables, output, excel, c))
                : new Download($"{FileStem(survey)}-codebook.html", "text/html; charset=utf-8", (output, c) => AnalysisDownloads.WriteCodebookHtmlAsync(survey.Title, variables, output, c));
        }, cancellationToken);
    }

    /// <param name="package">spss, r or stata.</param>
    public Task<IActionResult> OnGetPackageAsync(Guid id, string? package, CancellationToken cancellationToken)
    {
        AnalysisPackage? chosen = package?.ToLowerInvariant() switch
        {
            "spss" => AnalysisPackage.Spss,
            "r" => AnalysisPackage.R,
            "stata" => AnalysisPackage.Stata,
            _ => null,
        };
        return SendAsync(id, (survey, _) => Task.FromResult(chosen is { } p
            ? new Download($"{FileStem(survey)}-{p.ToString().ToLowerInvariant()}.zip", "application/zip", (output, ct) => analysis.WritePackageAsync(survey, p, output, ct))
            : null), cancellationToken);
    }

    /// <summary>The current run's results document (suppressed groups carry only their label).</summary>
    public Task<IActionResult> OnGetResultsJsonAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync(id, async (survey, ct) =>
        {
            var run = await ResultsCsv.CurrentRunAsync(db, survey.Id, ct);
            var json = run is null ? null : await db.ScoringResults.AsNoTracking().Where(r => r.RunId == run.Id).Select(r => r.Json).SingleOrDefaultAsync(ct);
            return json is null ? null : new Download($"scoring-run-{run!.Id:N}.json", "application/json; charset=utf-8",
                (output, c) => output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json), c).AsTask());
        }, cancellationToken);

    /// <summary>The current run's figures as a long CSV, suppressed groups marked and without numbers.</summary>
    public Task<IActionResult> OnGetFiguresAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync(id, async (survey, ct) =>
        {
            var run = await ResultsCsv.CurrentRunAsync(db, survey.Id, ct);
            var results = run is null ? null : await ResultsCsv.ResultsAsync(db, run.Id, ct);
            return results is null ? null : new Download($"scoring-run-{run!.Id:N}-summary.csv", "text/csv; charset=utf-8",
                (output, c) => ResultsSummaryCsv.WriteAsync(results, output, c));
        }, cancellationToken);

    /// <summary>
    /// The one way a download leaves this page: the survey must be readable by the user (else 404,
    /// whether it does not exist or is someone else's), the file must exist (else 404), and it is
    /// streamed to the response body with no caching.
    /// </summary>
    private async Task<IActionResult> SendAsync(Guid id, Func<Survey, CancellationToken, Task<Download?>> prepare, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null || await prepare(survey, cancellationToken) is not { } download)
        {
            return NotFound();
        }

        Response.ContentType = download.ContentType;
        // File names are built from ids, the public code and fixed words: no quoting needed.
        Response.Headers.ContentDisposition = $"attachment; filename=\"{download.FileName}\"";
        Response.Headers.CacheControl = "no-store";
        await download.WriteAsync(Response.Body, cancellationToken);
        return new EmptyResult();
    }

    private static string FileStem(Survey survey) => $"survey-{survey.PublicCode ?? survey.Id.ToString("N")}";
}
