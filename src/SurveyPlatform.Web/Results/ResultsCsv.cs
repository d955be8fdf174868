using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// The response-level CSV: one row per response, a column per question code (in questionnaire
/// order; a matrix gives a column per row), a <c>participant_</c> column per participant attribute
/// (filled for responses given through a personal link), then the score columns from the current
/// scoring run. Streams rows as it reads them. E-mail addresses and names are never exported. In an
/// anonymous survey only the attributes the owner marked as non-identifying are (copied onto each
/// response when it was completed, since nothing links it to its participant), and the submission
/// time is the day only.
/// </summary>
public sealed class ResultsCsv(AppDbContext db)
{
    public static readonly string[] LeadingColumns = ["response_id", "submitted_at_utc", "version"];
    /// <summary>The score columns every scored export has; dimension columns (score_{name}) and weight follow when the model has them.</summary>
    public static readonly string[] ScoreColumns = ["score", "maturity", "percentile_in_segment", "percentile_overall", "maturity_stability"];
    public const string ParticipantPrefix = "participant_";

    public async Task WriteAsync(Survey survey, Stream output, bool excelBom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var versions = await db.SurveyVersions.AsNoTracking()
            .Where(v => v.SurveyId == survey.Id)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);
        // Newest version's order first; codes only older versions had follow.
        var codes = versions.SelectMany(v => v.Definition.Questions.SelectMany(q => q.AnswerKeys()))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var run = await CurrentRunAsync(db, survey.Id, cancellationToken);
        var results = run is null ? null : await ResultsAsync(db, run.Id, cancellationToken);
        var dimensionNames = results is { Dimensions.Count: > 1 } ? results.Dimensions.Select(d => d.Name).ToList() : [];
        var weighted = results?.Weighting is not null;
        var scoreColumns = ScoreColumns
            .Concat(dimensionNames.Select(n => "score_" + Slug(n)))
            .Concat(dimensionNames.Select(n => "percentile_in_segment_" + Slug(n)))
            .Concat(dimensionNames.Select(n => "percentile_overall_" + Slug(n)))
            .Concat(weighted ? ["weight"] : [])
            .ToList();

        var (attributeNames, attributesByResponse) = await ParticipantAttributesAsync(survey, cancellationToken);

        var sink = new CsvChunkWriter(output, excelBom);
        var writer = sink.Rows;
        CsvFormat.WriteRow(writer, LeadingColumns.Concat(codes).Concat(attributeNames.Select(n => ParticipantPrefix + n)).Concat(scoreColumns).Select(CsvFormat.Cell.Text));

        // Each response with its score row in the current run, read in one ordered query as the rows
        // are written. A response without a row (no run yet, or one the run did not score) keeps its
        // place with empty score cells.
        var runId = run?.Id;
        var responses = (
            from response in db.Responses.AsNoTracking().Include(r => r.Answers).Where(r => r.SurveyId == survey.Id)
            join stored in db.RespondentScores.AsNoTracking().Where(s => s.RunId == runId)
                on response.Id equals stored.ResponseId into scored
            from score in scored.DefaultIfEmpty()
            orderby response.SubmittedAt, response.Id
            select new { Response = response, Score = score })
            .AsAsyncEnumerable();
        var row = new List<CsvFormat.Cell>(codes.Count + attributeNames.Count + 4);
        var submittedFormat = survey.Anonymous ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss'Z'";
        await foreach (var item in responses.WithCancellation(cancellationToken))
        {
            var response = item.Response;
            var score = item.Score;
            row.Clear();
            row.Add(CsvFormat.Cell.Text(response.Id.ToString()));
            row.Add(CsvFormat.Cell.Text(response.SubmittedAt.ToString(submittedFormat, CultureInfo.InvariantCulture)));
            row.Add(CsvFormat.Cell.Number(response.Version.ToString(CultureInfo.InvariantCulture)));
            var answers = response.Answers.ToDictionary(a => a.QuestionCode, a => a.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var code in codes)
            {
                row.Add(CsvFormat.Cell.Text(answers.GetValueOrDefault(code)));
            }

            var attributes = attributesByResponse.GetValueOrDefault(response.Id);
            foreach (var name in attributeNames)
            {
                row.Add(CsvFormat.Cell.Text(attributes?.GetValueOrDefault(name)));
            }

            row.Add(Number(score?.Overall));
            row.Add(CsvFormat.Cell.Text(score?.Maturity));
            row.Add(Number(score?.PercentileInSegment));
            row.Add(Number(score?.PercentileOverall));
            row.Add(Number(score?.MaturityStability));
            foreach (var values in new[] { score?.DimensionScores(), score?.DimensionPercentilesInSegmentValues(), score?.DimensionPercentilesOverallValues() })
            {
                for (var d = 0; d < dimensionNames.Count; d++)
                {
                    row.Add(Number(values is not null && d < values.Count ? values[d] : null));
                }
            }

            if (weighted)
            {
                row.Add(Number(score?.Weight));
            }

            CsvFormat.WriteRow(writer, row);
            await sink.RowWrittenAsync(cancellationToken);
        }

        await sink.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The attribute columns and each response's values. Only attribute values are read, never
    /// e-mail addresses or names. An invited response is found through its participant's session
    /// (the response has the session's id); an anonymous survey has no such link, so its responses
    /// carry copies of the non-identifying attributes, and no other attribute becomes a column.
    /// </summary>
    private async Task<(IReadOnlyList<string> Names, Dictionary<Guid, Dictionary<string, string>> ByResponse)> ParticipantAttributesAsync(Survey survey, CancellationToken cancellationToken)
    {
        var participants = await db.Participants.AsNoTracking()
            .Where(p => p.SurveyId == survey.Id)
            .Select(p => new { p.SessionId, p.AttributesJson })
            .ToListAsync(cancellationToken);
        var names = participants.SelectMany(p => Parse(p.AttributesJson).Keys).ToHashSet(StringComparer.Ordinal);
        Dictionary<Guid, Dictionary<string, string>> byResponse;
        if (survey.Anonymous)
        {
            var kept = await db.Set<ResponseAttributes>().AsNoTracking()
                .Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == survey.Id))
                .ToListAsync(cancellationToken);
            byResponse = kept.ToDictionary(a => a.ResponseId, a => Parse(a.AttributesJson));
            names.UnionWith(byResponse.Values.SelectMany(a => a.Keys));
            var allowed = survey.NonIdentifyingAttributes.ToHashSet(StringComparer.OrdinalIgnoreCase);
            names.RemoveWhere(n => !allowed.Contains(n));
        }
        else
        {
            byResponse = participants.Where(p => p.SessionId is not null)
                .GroupBy(p => p.SessionId!.Value)
                .ToDictionary(g => g.Key, g => Parse(g.First().AttributesJson));
        }

        names.RemoveWhere(Survey.IdentifyingNames.Contains);
        return (names.Order(StringComparer.Ordinal).ToList(), byResponse);
    }

    private static CsvFormat.Cell Number(double? value) =>
        value is { } v ? CsvFormat.Cell.Number(v.ToString("R", CultureInfo.InvariantCulture)) : CsvFormat.Cell.Text(string.Empty);

    /// <summary>A dimension name as a column suffix: lower case letters and digits, other runs as one underscore ("Data &amp; platform" → data_platform).</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        return sb.ToString().TrimEnd('_');
    }

    public static async Task<ScoringResults?> ResultsAsync(AppDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var json = await db.ScoringResults.AsNoTracking().Where(r => r.RunId == runId).Select(r => r.Json).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : ScoringResults.FromJson(json);
    }

    private static Dictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public static Task<ScoringRun?> CurrentRunAsync(AppDbContext db, Guid surveyId, CancellationToken cancellationToken) =>
        db.ScoringRuns.AsNoTracking()
            .Where(r => r.SurveyId == surveyId && r.Status == ScoringRunStatus.Succeeded)
            .OrderByDescending(r => r.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
}
