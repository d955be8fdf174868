using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Scoring;

/// <summary>
/// Which run's scores a survey shows, and reading them, for every feature that shows scores
/// (results, downloads, reports, the API). The rule: the <em>current</em> run is the survey's newest
/// successful one (by finish time); an older successful run can be asked for by id; a failed,
/// queued or running run has no results.
/// </summary>
public static class RunResults
{
    /// <summary>The current run among <paramref name="runs"/> (runs already read), or null.</summary>
    public static ScoringRun? Current(IEnumerable<ScoringRun> runs) =>
        runs.Where(r => r.Status == ScoringRunStatus.Succeeded).MaxBy(r => r.FinishedAt);

    /// <summary>The survey's current run, or null when it has never been scored successfully.</summary>
    public static Task<ScoringRun?> CurrentRunAsync(AppDbContext db, Guid surveyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ScoringRuns.AsNoTracking()
            .Where(r => r.SurveyId == surveyId && r.Status == ScoringRunStatus.Succeeded)
            .OrderByDescending(r => r.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The successful run <paramref name="wanted"/> of this survey, or the current run when none is asked for; null when there is no such run.</summary>
    public static async Task<ScoringRun?> ChosenOrCurrentAsync(AppDbContext db, Guid surveyId, Guid? wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return wanted is { } id
            ? await db.ScoringRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.SurveyId == surveyId && r.Status == ScoringRunStatus.Succeeded, cancellationToken)
            : await CurrentRunAsync(db, surveyId, cancellationToken);
    }

    /// <summary>A run's results document, or null when the run has none (it has not succeeded, or its results were erased).</summary>
    public static async Task<ScoringResults?> ReadAsync(AppDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var json = await db.ScoringResults.AsNoTracking().Where(r => r.RunId == runId).Select(r => r.Json).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : ScoringResults.FromJson(json);
    }
}
