using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;

namespace SurveyPlatform.Web.Scoring;

/// <summary>
/// Scoring runs. A run is queued (by a close, or by an owner's re-score), then an attempt marks it
/// Running (committed, so the Jobs and Results pages see it), streams the responses through the
/// <see cref="ScoringEngine"/>, and writes every respondent row, the results document and the run's
/// success in one transaction: a crash leaves the run Running with no results, and the recovered job
/// finishes that same run. A failure is recorded on the run and rethrown, so the scheduler retries
/// with backoff until <see cref="ScoringRun.MaxAttempts"/>; the final attempt throws
/// <see cref="ScoringRunFailedException"/>, which the job system records as a failed job, not retried.
/// </summary>
public sealed partial class SurveyScoring(
    AppDbContext db, ISurveyJobs jobs, TimeProvider clock, IOptions<FaultInjection> faults, ILogger<SurveyScoring> logger, Audit.AuditTrail audit)
{
    public const string CloseTrigger = "close";
    public const string RescoreTrigger = "rescore";

    /// <summary>Queues a run (or returns the one already waiting) and asks the scheduler to run the survey's scoring job.</summary>
    public async Task<ScoringRun> RequestAsync(Guid surveyId, string trigger, CancellationToken cancellationToken)
    {
        var waiting = await QueueRunAsync(db, surveyId, trigger, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await audit.RecordAsync(Audit.AuditKinds.Rescore, surveyId, $"Scoring requested ({trigger}).", cancellationToken);
        await jobs.EnqueueScoringAsync(surveyId, cancellationToken);
        return waiting;
    }

    /// <summary>
    /// The one place that creates runs: adds a queued run to <paramref name="db"/> (unsaved, so a
    /// close commits it in its own transaction) unless one is already waiting, which it returns.
    /// The run record is the durable intent to score: the job scores pending runs and never makes
    /// one for a survey that has any, so a job that runs twice has one effect.
    /// </summary>
    public static async Task<ScoringRun> QueueRunAsync(AppDbContext db, Guid surveyId, string trigger, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var waiting = db.ScoringRuns.Local.FirstOrDefault(r => r.SurveyId == surveyId && r.Status == ScoringRunStatus.Queued)
                      ?? await db.ScoringRuns
                          .Where(r => r.SurveyId == surveyId && r.Status == ScoringRunStatus.Queued)
                          .OrderBy(r => r.QueuedAt)
                          .FirstOrDefaultAsync(cancellationToken);
        if (waiting is null)
        {
            waiting = ScoringRun.Queue(surveyId, trigger, now);
            db.ScoringRuns.Add(waiting);
        }

        return waiting;
    }

    /// <summary>
    /// The job's work: finishes the survey's pending run, or starts one when the close enqueued the job
    /// directly. Returns the finished run, or null when there was nothing to do; a failed attempt throws.
    /// </summary>
    public async Task<ScoringRun?> ScoreAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking()
            .Include(s => s.Versions)
            .SingleOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        if (survey is null || survey.Status != SurveyStatus.Closed)
        {
            logger.LogInformation("Scoring skipped for survey {SurveyId}: it is missing or not closed", surveyId);
            return null;
        }

        if (await PendingRunAsync(surveyId, cancellationToken) is not { } run)
        {
            logger.LogInformation("Scoring skipped for survey {SurveyId}: no run is pending", surveyId);
            return null;
        }

        try
        {
            return await ComputeAsync(survey, run, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            var failed = await db.ScoringRuns.SingleAsync(r => r.Id == run.Id, CancellationToken.None);
            failed.Fail(ex is ScoringModelException model ? model.Message : $"{ex.GetType().Name}: {ex.Message}", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogError(ex, "Scoring run {RunId} of survey {SurveyId} failed (attempt {Attempt} of {Max})", run.Id, surveyId, failed.Attempts, ScoringRun.MaxAttempts);
            if (failed.WillRetry)
            {
                throw;
            }

            throw new ScoringRunFailedException(failed, ex);
        }
    }

    /// <summary>
    /// The run this job finishes: the oldest queued or running one, or the newest failed one with
    /// attempts left. A closed survey that has never had a run (closed before runs were recorded,
    /// or the demo data) gets its first; otherwise null, and a duplicate job does nothing.
    /// </summary>
    private async Task<ScoringRun?> PendingRunAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var pending = await db.ScoringRuns
            .Where(r => r.SurveyId == surveyId && (r.Status == ScoringRunStatus.Queued || r.Status == ScoringRunStatus.Running))
            .OrderBy(r => r.QueuedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            return pending;
        }

        var newest = await db.ScoringRuns
            .Where(r => r.SurveyId == surveyId)
            .OrderByDescending(r => r.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (newest is not null)
        {
            return newest.WillRetry ? newest : null;
        }

        var run = await QueueRunAsync(db, surveyId, CloseTrigger, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    private async Task<ScoringRun> ComputeAsync(Survey survey, ScoringRun run, CancellationToken cancellationToken)
    {
        var definition = survey.Versions.OrderByDescending(v => v.Number).First().Definition;
        var (model, version) = await ScoringModels.EffectiveAsync(db, survey.Id, definition, cancellationToken);
        var seed = SeedFor(survey.Id);
        CompiledScoringModel? compiled;
        try
        {
            compiled = model is null ? null : CompiledScoringModel.Compile(model, definition);
        }
        catch (ScoringModelException)
        {
            // The attempt counts although nothing was computed: a model that no longer fits the
            // questions fails for good on the last attempt instead of being retried for ever.
            run.Begin(version, null, seed, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            throw;
        }

        run.Begin(version, compiled?.Hash, seed, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);

        var options = new ScoringEngineOptions { Seed = seed };
        var started = clock.GetTimestamp();
        await using var spill = SpillFile();
        var outcome = await RunEngineAsync(db, survey.Id, definition, compiled, version, options, cancellationToken, [.. survey.Versions.Select(v => (v.Number, v.Definition))], spill);
        var scored = clock.GetTimestamp();
        await StoreAsync(run, outcome, cancellationToken);
        logger.LogInformation(
            "Scored survey {SurveyId}: run {RunId}, n = {N}, engine {EngineSeconds:F1} s, store {StoreSeconds:F1} s",
            survey.Id, run.Id, run.N, clock.GetElapsedTime(started, scored).TotalSeconds, clock.GetElapsedTime(scored).TotalSeconds);
        return run;
    }

    /// <summary>
    /// The engine's spill (each respondent's row until it is stored, about 90 bytes a response): a new file in
    /// the temp folder (TMPDIR), deleted when closed, so a run's memory does not grow with its responses.
    /// </summary>
    public static FileStream SpillFile() => new(
        Path.Combine(Path.GetTempPath(), $"surveyplatform-scoring-{Guid.NewGuid():N}.tmp"),
        FileMode.CreateNew,
        FileAccess.ReadWrite,
        FileShare.None,
        bufferSize: 0,
        FileOptions.DeleteOnClose);

    /// <summary>
    /// Streams the survey's responses through the engine (shared with the benchmark). With the
    /// survey's published versions, each response's "saw the question" is read from the version it answered.
    /// The outcome's respondents are read from <paramref name="spill"/> (null: memory), which must stay open until they are.
    /// </summary>
    public static async Task<ScoringOutcome> RunEngineAsync(
        AppDbContext db, Guid surveyId, SurveyDefinition definition, CompiledScoringModel? compiled, int? modelVersion, ScoringEngineOptions options, CancellationToken cancellationToken,
        IReadOnlyList<(int Number, SurveyDefinition Definition)>? versions = null, Stream? spill = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var hash = new ScoringInputHash();
        var engine = new ScoringEngine(definition, compiled, options, string.Empty, modelVersion, spill);
        foreach (var (number, published) in versions ?? [])
        {
            engine.AddVersion(number, published);
        }

        await foreach (var response in ResponseReader.ReadAsync(db, surveyId, cancellationToken))
        {
            hash.Add(response.Id, response.Version, response.Answers);
            engine.Add(response.Id, response.Answers, response.Version);
        }

        var outcome = engine.Finish();
        return outcome with { Results = outcome.Results with { InputHash = hash.Finish() } };
    }

    private async Task StoreAsync(ScoringRun run, ScoringOutcome outcome, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RespondentScores.Where(s => s.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        await db.ScoringResults.Where(s => s.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        await RespondentScoreWriter.WriteAsync(db, run.Id, outcome.Respondents, (rows, token) => RowsWrittenAsync(run.Id, rows, token), cancellationToken);

        var results = outcome.Results;
        var overall = results.Overall;
        db.ScoringResults.Add(new ScoringRunResult(run.Id, results.ToJson()));
        run.Succeed(results.Responses, overall?.Mean, overall?.StandardDeviation, results.InputHash, clock.GetUtcNow().UtcDateTime); // run is tracked (Begin saved it)
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // Progress of the bulk write (Debug), and the crash test's pause inside the open transaction (FaultInjection.ScoringPauseAfterRows).
    private async Task RowsWrittenAsync(Guid runId, int rows, CancellationToken cancellationToken)
    {
        LogRowsWritten(logger, runId, rows);
        if (faults.Value.ScoringPauseAfterRows is { } pauseAt && rows >= pauseAt && rows - RespondentScoreWriter.ProgressEvery < pauseAt)
        {
            await Task.Delay(TimeSpan.FromSeconds(faults.Value.ScoringPauseSeconds), clock, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId}: {Rows} respondent rows written, not committed yet")]
    private static partial void LogRowsWritten(ILogger logger, Guid runId, int rows);

    /// <summary>The survey's seed: the first 8 bytes of SHA-256("surveyplatform.seed/" + id), so every rerun draws the same numbers.</summary>
    public static ulong SeedFor(Guid surveyId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("surveyplatform.seed/" + surveyId.ToString("N")));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
