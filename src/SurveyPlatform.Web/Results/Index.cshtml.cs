using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Analysis;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// Readable by the owner and by researchers the survey is shared with; editors and the owner can
/// also start a re-score. Shows the current run (the newest successful one) or, with ?run=, any
/// older run of the survey. Every figure comes from the run's results document, where small groups
/// are already suppressed.
/// </summary>
public sealed class IndexModel(AppDbContext db, SurveyDownloads downloads, SurveyScoring scoring, ResultsCharts charts, ResultsRelease release) : PageModel
{
    private const int RunsListed = 20;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public SurveyStatus Status { get; private set; }
    public int Responses { get; private set; }
    public bool CanRescore { get; private set; }
    public bool IsOwner { get; private set; }

    /// <summary>The highest export level the caller may download.</summary>
    public ExportLevel ExportLevel { get; private set; } = ExportLevel.Full;
    public ScoringRun? Shown { get; private set; }
    public ScoringRun? Current { get; private set; }
    public ScoringResults? Results { get; private set; }
    public IReadOnlyList<ScoringRun> Runs { get; private set; } = [];

    /// <summary>The first run whose results were released, if any (the survey then cannot be reopened).</summary>
    public ScoringRun? Released { get; private set; }

    /// <summary>The owner may release the current run's results: the survey is closed and they are not released yet.</summary>
    public bool CanRelease => IsOwner && Status == SurveyStatus.Closed && Current is { IsReleased: false };
    public ResultsOverview? Overview { get; private set; }
    /// <summary>The shown run's overall readiness distribution; null when the run has no readiness index.</summary>
    public ScoreHistogram? Histogram { get; private set; }

    /// <summary>JTBD table order from the query string (?sort=…&amp;dir=asc|desc), so it sorts without scripts.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Dir { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? run, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        Id = survey.Id;
        Title = survey.Title;
        Status = survey.Status;
        CanRescore = survey.Status == SurveyStatus.Closed && await db.Surveys.EditableBy(User).AnyAsync(s => s.Id == id, cancellationToken);
        Responses = await db.Responses.CountAsync(r => r.SurveyId == id, cancellationToken);
        IsOwner = survey.OwnerId == User.UserId();
        ExportLevel = await downloads.HighestLevelAsync(survey, User, cancellationToken);
        Runs = await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id)
            .OrderByDescending(r => r.StartedAt).Take(RunsListed).ToListAsync(cancellationToken);
        // A survey's runs are scored one at a time (its scoring job never runs concurrently), so the
        // newest successful run among the newest started is the newest successful one of all; only
        // when none of the listed runs succeeded can an older, unlisted run be current.
        Current = RunResults.Current(Runs)
            ?? (Runs.Count < RunsListed ? null : await RunResults.CurrentRunAsync(db, id, cancellationToken));
        Released = await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id && r.ReleasedAt != null).OrderBy(r => r.ReleasedAt).FirstOrDefaultAsync(cancellationToken);
        Shown = run is { } wanted
            ? Runs.FirstOrDefault(r => r.Id == wanted)
                ?? await db.ScoringRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == wanted && r.SurveyId == id, cancellationToken)
            : Current;
        if (run is not null && Shown is null)
        {
            return NotFound();
        }

        Results = Shown is { Status: ScoringRunStatus.Succeeded } ? await RunResults.ReadAsync(db, Shown.Id, cancellationToken) : null;
        Overview = await charts.OverviewAsync(survey, cancellationToken);
        Histogram = Results is { Overall: not null } && Shown is not null ? await charts.HistogramAsync(Shown.Id, Results, cancellationToken) : null;
        return Page();
    }

    /// <param name="format">"long" for a row per response and variable; anything else is wide.</param>
    /// <param name="values">"labels" writes choice answers as their labels; anything else writes codes.</param>
    /// <param name="level">"full" or "deidentified"; none means the highest the caller may use.</param>
    public Task<IActionResult> OnGetCsvAsync(Guid id, bool excel, string? format, string? values, string? level, CancellationToken cancellationToken) =>
        SendAsync(id, string.Equals(format, "long", StringComparison.OrdinalIgnoreCase) ? DownloadFormat.ResponsesLongCsv : DownloadFormat.ResponsesCsv, level, values, excel, cancellationToken);

    /// <summary>The Excel workbook: Responses (wide), Scores, JTBD index and Codebook sheets.</summary>
    public Task<IActionResult> OnGetXlsxAsync(Guid id, string? values, string? level, CancellationToken cancellationToken) =>
        SendAsync(id, DownloadFormat.Xlsx, level, values, excel: false, cancellationToken);

    /// <summary>Per response scores of the current run.</summary>
    public Task<IActionResult> OnGetScoresAsync(Guid id, bool excel, string? level, CancellationToken cancellationToken) =>
        SendAsync(id, DownloadFormat.ScoresCsv, level, values: null, excel, cancellationToken);

    /// <summary>The current run's JTBD index per segment.</summary>
    public Task<IActionResult> OnGetJtbdAsync(Guid id, bool excel, string? level, CancellationToken cancellationToken) =>
        SendAsync(id, DownloadFormat.JtbdCsv, level, values: null, excel, cancellationToken);

    private async Task<IActionResult> SendAsync(Guid id, DownloadFormat format, string? level, string? values, bool excel, CancellationToken cancellationToken)
    {
        if (!DownloadFormats.TryParseLevel(level, out var wanted))
        {
            return BadRequest("Unknown export level: use level=full or level=deidentified.");
        }

        var labels = string.Equals(values, "labels", StringComparison.OrdinalIgnoreCase);
        return await downloads.SendAsync(id, new DownloadRequest(format, wanted, labels, excel), HttpContext, cancellationToken);
    }

    /// <summary>The run's results document as JSON (suppressed groups carry only their label).</summary>
    public Task<IActionResult> OnGetJsonAsync(Guid id, Guid? run, [FromServices] DownloadFiles files, CancellationToken cancellationToken) =>
        downloads.SendFileAsync(id, files.ResultsJson(run), HttpContext, cancellationToken);

    /// <summary>The run's figures as a long CSV (one row per figure), suppressed groups marked and without numbers.</summary>
    public Task<IActionResult> OnGetSummaryAsync(Guid id, Guid? run, [FromServices] DownloadFiles files, CancellationToken cancellationToken) =>
        downloads.SendFileAsync(id, files.Figures(run), HttpContext, cancellationToken);

    /// <summary>
    /// One chart as an SVG file, the same markup the page shows, rendered by the same component:
    /// chart = funnel or responses-per-day (the survey's responses), or from the run (the current
    /// one unless ?run=): options-{question}, question-{question}, quadrant-{segment}, readiness-histogram, maturity,
    /// dimensions-by-segment.
    /// </summary>
    public async Task<IActionResult> OnGetChartSvgAsync(Guid id, Guid? run, string? chart, CancellationToken cancellationToken)
    {
        var svg = await ChartAsync(id, run, chart, cancellationToken);
        if (svg is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        // Chart ids are made of id-safe characters only (ChartFormat), so they are safe file names.
        return File(System.Text.Encoding.UTF8.GetBytes(svg), "image/svg+xml", $"{chart}.svg");
    }

    /// <summary>The same chart as <see cref="OnGetChartSvgAsync"/>, rasterised to PNG.</summary>
    public async Task<IActionResult> OnGetChartPngAsync(Guid id, Guid? run, string? chart, CancellationToken cancellationToken)
    {
        var svg = await ChartAsync(id, run, chart, cancellationToken);
        if (svg is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(ResultsCharts.ToPng(svg), "image/png", $"{chart}.png");
    }

    private async Task<string?> ChartAsync(Guid id, Guid? run, string? chart, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (chart is null || survey is null)
        {
            return null;
        }

        var found = await RunAsync(id, run, cancellationToken);
        if (run is not null && found is null)
        {
            return null;
        }

        return await charts.SvgAsync(survey, found, chart, cancellationToken);
    }

    /// <summary>
    /// The owner marks the current run's results released (for a report, a board, a publication). Idempotent: a second
    /// release changes and records nothing. Afterwards the survey cannot be reopened.
    /// </summary>
    public async Task<IActionResult> OnPostReleaseAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ManageableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        var current = survey.Status == SurveyStatus.Closed ? await RunResults.CurrentRunAsync(db, id, cancellationToken) : null;
        if (current is null)
        {
            TempData["Message"] = "There are no results to release yet: results are released from a finished scoring run of a closed survey.";
            return RedirectToPage("/Results/Index", new { id });
        }

        var by = User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "the owner";
        TempData["Message"] = await release.ReleaseAsync(current, by, "by the owner", cancellationToken)
            ? "Results released. The survey can no longer be reopened; duplicate it to collect more responses."
            : $"These results were already released on {current.ReleasedAt:yyyy-MM-dd HH:mm} UTC.";
        return RedirectToPage("/Results/Index", new { id });
    }

    /// <summary>Queues a run of the model in force over every response, then shows this page; the Scoring page's form posts here too.</summary>
    public async Task<IActionResult> OnPostRescoreAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().EditableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        if (survey.Status != SurveyStatus.Closed)
        {
            TempData["Message"] = "Scores are computed once the survey is closed.";
            return RedirectToPage("/Results/Index", new { id });
        }

        await scoring.RequestAsync(id, SurveyScoring.RescoreTrigger, cancellationToken);
        TempData["Message"] = "Re-scoring is queued. The new run appears below when it finishes.";
        return RedirectToPage("/Results/Index", new { id });
    }

    private async Task<ScoringRun?> RunAsync(Guid id, Guid? run, CancellationToken cancellationToken)
    {
        if (!await db.Surveys.ReadableBy(User).AnyAsync(s => s.Id == id, cancellationToken))
        {
            return null;
        }

        return await RunResults.ChosenOrCurrentAsync(db, id, run, cancellationToken);
    }
}
