using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Scoring;

/// <summary>
/// Computes a closed survey's scores into a new run. The run and all its scores are written in one
/// SaveChanges (one transaction), so a crash leaves either a whole run or none. Scoring the same
/// inputs with the same engine again adds nothing: the existing run is returned.
/// </summary>
public sealed class SurveyScoring(AppDbContext db, TimeProvider clock, ILogger<SurveyScoring> logger)
{
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

        try
        {
            return await ComputeAsync(survey, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Record the failure where owners see it, then let the scheduler retry and log it.
            db.ChangeTracker.Clear();
            var failed = ScoringRun.Start(surveyId, clock.GetUtcNow().UtcDateTime);
            failed.Fail(ex.Message, clock.GetUtcNow().UtcDateTime);
            db.ScoringRuns.Add(failed);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<ScoringRun> ComputeAsync(Survey survey, CancellationToken cancellationToken)
    {
        var definitions = survey.Versions.ToDictionary(v => v.Number, v => v.Definition);
        var run = ScoringRun.Start(survey.Id, clock.GetUtcNow().UtcDateTime);
        var scores = new List<double>();
        using var inputHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        var responses = db.Responses.AsNoTracking()
            .Where(r => r.SurveyId == survey.Id)
            .OrderBy(r => r.Id)
            .Include(r => r.Answers)
            .AsAsyncEnumerable();
        await foreach (var response in responses.WithCancellation(cancellationToken))
        {
            var answers = response.Answers.ToDictionary(a => a.QuestionCode, a => a.Value, StringComparer.OrdinalIgnoreCase);
            if (!definitions.TryGetValue(response.Version, out var definition))
            {
                throw new InvalidOperationException($"Response {response.Id} answers version {response.Version}, which does not exist.");
            }

            var score = (double)ResponseScorer.Score(definition, answers);
            run.AddScore(response.Id, score);
            scores.Add(score);
            AppendToHash(inputHash, response, answers);
        }

        var hash = Convert.ToHexStringLower(inputHash.GetHashAndReset());
        var existing = await db.ScoringRuns.AsNoTracking()
            .Where(r => r.SurveyId == survey.Id && r.Status == ScoringRunStatus.Succeeded
                        && r.InputHash == hash && r.EngineVersion == ResponseScorer.EngineVersion)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        run.Succeed(ScoreSummary.Of(scores), hash, clock.GetUtcNow().UtcDateTime);
        db.ScoringRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Scored survey {SurveyId}: run {RunId}, n = {N}", survey.Id, run.Id, run.N);
        return run;
    }

    private static void AppendToHash(IncrementalHash hash, SurveyResponse response, Dictionary<string, string> answers)
    {
        var sb = new StringBuilder();
        sb.Append(response.Id.ToString("N")).Append('|').Append(response.Version.ToString(CultureInfo.InvariantCulture));
        foreach (var (code, value) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            sb.Append('|').Append(code).Append('=').Append(value);
        }

        sb.Append('\n');
        hash.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
    }
}
