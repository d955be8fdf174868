using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Reports;

/// <summary>One dimension of a respondent's report: their score, and their segment's and everyone's mean (or why it is not shown).</summary>
public sealed record ReportDimension(string Name, double? Yours, double? SegmentMean, string? SegmentSuppressed, double? AllMean, string? AllSuppressed);

/// <summary>
/// What a respondent's report shows, from the survey's current run: their own scores (always theirs to
/// see) and peer figures exactly as the run published them, so a segment below k stays suppressed here
/// too. Built by hand from the stored run; nothing is recomputed.
/// </summary>
public sealed record RespondentReport(
    string SurveyTitle,
    string? Language,
    DateTime ScoredAt,
    double? Overall,
    string? Maturity,
    IReadOnlyList<string> Levels,
    IReadOnlyList<ReportDimension> Dimensions,
    string? SegmentLabel,
    double? PercentileInSegment,
    string? PeersSuppressed,
    double? SegmentOverallMean,
    double? AllOverallMean,
    JtbdSegmentResult? Jtbd,
    IReadOnlyDictionary<string, string> OwnStages)
{
    /// <summary>The survey's current run, when it has a readiness index (a scoring model): otherwise there are no reports.</summary>
    public static async Task<ScoringRun?> CurrentRunAsync(AppDbContext db, Guid surveyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var run = await Scoring.RunResults.CurrentRunAsync(db, surveyId, cancellationToken);
        return run is { ModelHash: not null } ? run : null;
    }

    /// <summary>The report of one response, or null while there is none (not scored yet, no readiness index, or no overall score for it).</summary>
    public static async Task<RespondentReport?> LoadAsync(AppDbContext db, Guid responseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var surveyId = await db.Responses.AsNoTracking().Where(r => r.Id == responseId).Select(r => (Guid?)r.SurveyId).SingleOrDefaultAsync(cancellationToken);
        var run = surveyId is { } sid ? await CurrentRunAsync(db, sid, cancellationToken) : null;
        if (run is null)
        {
            return null;
        }

        var mine = await db.RespondentScores.AsNoTracking().SingleOrDefaultAsync(s => s.RunId == run.Id && s.ResponseId == responseId, cancellationToken);
        if (mine?.Overall is null)
        {
            return null;
        }

        var survey = await db.Surveys.AsNoTracking().Include(s => s.Versions).SingleAsync(s => s.Id == run.SurveyId, cancellationToken);
        var json = await db.ScoringResults.AsNoTracking().Where(r => r.RunId == run.Id).Select(r => r.Json).SingleAsync(cancellationToken);
        var results = ScoringResults.FromJson(json);
        var definition = survey.Versions.OrderByDescending(v => v.Number).First().Definition;
        var model = await ModelOfAsync(db, run, definition, cancellationToken);

        var segment = mine.Segment is null ? null : results.Segments.FirstOrDefault(s => s.Segment == mine.Segment);
        var yours = mine.DimensionScores();
        var dimensions = results.Dimensions.Select((d, i) =>
        {
            var peer = segment?.Dimensions.FirstOrDefault(x => x.Name == d.Name)?.Figure;
            return new ReportDimension(
                d.Name,
                i < yours.Count ? yours[i] : null,
                segment?.Suppressed is null ? peer?.Mean : null,
                segment?.Suppressed ?? peer?.Suppressed,
                d.Figure.Suppressed is null ? d.Figure.Mean : null,
                d.Figure.Suppressed);
        }).ToList();

        var jtbd = mine.Segment is null ? null : results.Jtbd?.Segments.FirstOrDefault(s => s.Segment == mine.Segment);
        var ownStages = jtbd is null || model?.Jtbd is null
            ? new Dictionary<string, string>()
            : await OwnStagesAsync(db, responseId, model.Jtbd, mine.Segment!, definition, cancellationToken);

        return new RespondentReport(
            survey.Title,
            survey.Language,
            run.FinishedAt ?? run.StartedAt,
            mine.Overall,
            mine.Maturity,
            [.. (model?.Bands ?? MaturityBand.Defaults()).Select(b => b.Name)],
            dimensions,
            segment?.Label ?? jtbd?.Label ?? mine.Segment,
            segment?.Suppressed is null ? mine.PercentileInSegment : null,
            segment?.Suppressed ?? (mine.Segment is not null && mine.PercentileInSegment is null ? "not ranked" : null),
            segment?.Suppressed is null ? segment?.Overall.Mean : null,
            results.Overall?.Suppressed is null ? results.Overall?.Mean : null,
            jtbd,
            ownStages);
    }

    private static async Task<ScoringModel?> ModelOfAsync(AppDbContext db, ScoringRun run, SurveyDefinition definition, CancellationToken cancellationToken)
    {
        if (run.ModelVersion is not { } version)
        {
            return DefaultScoringModel.For(definition);
        }

        var saved = await db.ScoringModels.AsNoTracking().Where(m => m.SurveyId == run.SurveyId && m.Version == version).Select(m => m.Json).SingleOrDefaultAsync(cancellationToken);
        return saved is null ? null : ScoringModel.FromJson(saved);
    }

    /// <summary>
    /// The jobs this respondent has started on (a stage with adoption weight above zero), by row code,
    /// with the stage they gave: these are highlighted on their segment's chart.
    /// </summary>
    private static async Task<Dictionary<string, string>> OwnStagesAsync(
        AppDbContext db, Guid responseId, JtbdModel jtbd, string segmentCode, SurveyDefinition definition, CancellationToken cancellationToken)
    {
        var own = new Dictionary<string, string>(StringComparer.Ordinal);
        var segment = jtbd.Segments.FirstOrDefault(s => string.Equals(s.Segment, segmentCode, StringComparison.OrdinalIgnoreCase));
        var matrix = segment is null ? null : definition.Pages.SelectMany(p => p.Questions).FirstOrDefault(q => q.Code == segment.StageMatrix);
        if (matrix is null)
        {
            return own;
        }

        var prefix = matrix.Code + "_";
        var answers = await db.Answers.AsNoTracking()
            .Where(a => a.ResponseId == responseId && a.QuestionCode.StartsWith(prefix))
            .Select(a => new { a.QuestionCode, a.Value }).ToListAsync(cancellationToken);
        foreach (var answer in answers)
        {
            var row = answer.QuestionCode[prefix.Length..];
            var index = matrix.Options.ToList().FindIndex(o => o.Code == answer.Value);
            if (index >= 0 && index < jtbd.StageWeights.Count && jtbd.StageWeights[index] > 0 && matrix.Rows.Any(r => r.Code == row))
            {
                own[row] = matrix.Options[index].Label;
            }
        }

        return own;
    }
}
