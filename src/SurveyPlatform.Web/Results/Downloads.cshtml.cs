using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// Every download of a survey on one page, for the owner and the people it is shared with (as the
/// Results page). Every file goes out through <see cref="SurveyDownloads"/>: the one place that
/// finds the survey the user may read, applies the export level the owner allows the user's role,
/// and records the download in the audit log.
/// </summary>
public sealed class DownloadsModel(AppDbContext db, SurveyDownloads downloads, DownloadFiles files) : PageModel
{
    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public int Responses { get; private set; }
    public ScoringRun? CurrentRun { get; private set; }

    /// <summary>The highest export level the user may download at.</summary>
    public ExportLevel Level { get; private set; }

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
        CurrentRun = await RunResults.CurrentRunAsync(db, id, cancellationToken);
        Level = await downloads.HighestLevelAsync(survey, User, cancellationToken);
        return Page();
    }

    /// <param name="format">"long" for a row per response and variable, "xlsx" for the workbook; anything else is the wide CSV.</param>
    /// <param name="values">"labels" writes choice answers as their labels; anything else writes codes.</param>
    /// <param name="level">full or deidentified; empty: the highest the user may have.</param>
    public async Task<IActionResult> OnGetResponsesAsync(Guid id, bool excel, string? format, string? values, string? level, CancellationToken cancellationToken)
    {
        if (!DownloadFormats.TryParseLevel(level, out var wanted))
        {
            return BadRequest("Unknown export level: use level=full or level=deidentified.");
        }

        var chosen = format?.ToLowerInvariant() switch
        {
            "long" => DownloadFormat.ResponsesLongCsv,
            "xlsx" => DownloadFormat.Xlsx,
            _ => DownloadFormat.ResponsesCsv,
        };
        var labels = string.Equals(values, "labels", StringComparison.OrdinalIgnoreCase);
        return await downloads.SendAsync(id, new DownloadRequest(chosen, wanted, labels, excel), HttpContext, cancellationToken);
    }

    /// <param name="table">scores or jtbd.</param>
    public async Task<IActionResult> OnGetTableAsync(Guid id, string? table, bool excel, string? level, CancellationToken cancellationToken)
    {
        if (!DownloadFormats.TryParseLevel(level, out var wanted))
        {
            return BadRequest("Unknown export level: use level=full or level=deidentified.");
        }

        DownloadFormat? chosen = table?.ToLowerInvariant() switch
        {
            "scores" => DownloadFormat.ScoresCsv,
            "jtbd" => DownloadFormat.JtbdCsv,
            _ => null,
        };
        return chosen is { } f
            ? await downloads.SendAsync(id, new DownloadRequest(f, wanted, Labels: false, excel), HttpContext, cancellationToken)
            : NotFound();
    }

    public Task<IActionResult> OnGetResponsesJsonAsync(Guid id, CancellationToken cancellationToken) =>
        downloads.SendFileAsync(id, files.ResponsesJson(), HttpContext, cancellationToken);

    /// <param name="format">"csv" for the CSV codebook; anything else is HTML.</param>
    public Task<IActionResult> OnGetCodebookAsync(Guid id, string? format, bool excel, CancellationToken cancellationToken) =>
        downloads.SendFileAsync(id, files.Codebook(string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase), excel), HttpContext, cancellationToken);

    /// <param name="package">spss, r or stata.</param>
    public async Task<IActionResult> OnGetPackageAsync(Guid id, string? package, CancellationToken cancellationToken) =>
        DownloadFiles.ParsePackage(package) is { } p ? await downloads.SendFileAsync(id, files.Package(p), HttpContext, cancellationToken) : NotFound();

    public Task<IActionResult> OnGetResultsJsonAsync(Guid id, CancellationToken cancellationToken) =>
        downloads.SendFileAsync(id, files.ResultsJson(run: null), HttpContext, cancellationToken);

    public Task<IActionResult> OnGetFiguresAsync(Guid id, CancellationToken cancellationToken) =>
        downloads.SendFileAsync(id, files.Figures(run: null), HttpContext, cancellationToken);
}
