using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// Marks a scoring run's results released: by the owner ("Release results" on the results page) or by sending
/// respondent reports from the run. Once any run of a survey is released the survey is not reopened
/// (<see cref="Domain.Surveys.Survey.Reopen"/>). Releasing is idempotent: the mark and its audit entry
/// (<see cref="AuditKinds.ResultsReleased"/>) are written once, in one transaction, by a conditional update, so two
/// releases at the same moment (two clicks, a report job run twice) record one.
/// </summary>
public sealed class ResultsRelease(AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    /// <returns>True when this call released the run; false when it was already released (or is not a successful run of the survey).</returns>
    public async Task<bool> ReleaseAsync(ScoringRun run, string by, string why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var now = clock.GetUtcNow().UtcDateTime;
        var who = by.Length > ScoringRun.ReleasedByMaxLength ? by[..ScoringRun.ReleasedByMaxLength] : by;
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var changed = await db.ScoringRuns
            .Where(r => r.Id == run.Id && r.SurveyId == run.SurveyId && r.Status == ScoringRunStatus.Succeeded && r.ReleasedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReleasedAt, now).SetProperty(r => r.ReleasedBy, who), cancellationToken);
        if (changed == 0)
        {
            return false; // Already released: nothing to record.
        }

        var finished = run.FinishedAt is { } at ? $" (finished {at:yyyy-MM-dd HH:mm} UTC, n = {run.N})" : string.Empty;
        await audit.RecordAsync(AuditKinds.ResultsReleased, run.SurveyId,
            $"Results of scoring run {run.Id}{finished} released {why}; the survey can no longer be reopened.", cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return true;
    }
}
