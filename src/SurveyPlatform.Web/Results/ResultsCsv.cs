using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Results;

/// <summary>How the response download is laid out: wide (a row per response) or long (a row per response and answered variable).</summary>
public enum ResponseLayout
{
    RowPerResponse,
    RowPerAnswer,
}

/// <summary>
/// The response-level CSV. Wide (the default): one row per response, a column per variable in
/// questionnaire order (a matrix gives a column per row, <c>CODE_ROW</c>; a multiple choice a 0/1
/// column per option, <c>CODE_OPTION</c>, empty when the question was not answered; a ranking a
/// column per item, <c>CODE_ITEM</c>, holding its rank), a <c>participant_</c> column per participant
/// attribute (filled for responses given through a personal link), then the score columns from the
/// current scoring run, then <c>source, source_id</c> (web or import, and an imported response's id in
/// its file). Long: <c>response_id, submitted_at_utc, version, variable, value, source, source_id</c>, one row
/// per answered variable as stored (a multiple choice or ranking keeps its <c>a;b</c> form), no
/// attributes or scores. With labels, choice answers are written as their option's label
/// (newest version's wording). Streams rows as it reads them. E-mail addresses and names are never exported. In an
/// anonymous survey only the attributes the owner marked as non-identifying are (copied onto each
/// response when it was completed, since nothing links it to its participant), and the submission
/// time is the day only.
/// </summary>
public sealed class ResultsCsv(AppDbContext db)
{
    public static readonly string[] LeadingColumns = ["response_id", "submitted_at_utc", "version"];
    /// <summary>The score columns every scored export has; dimension columns (score_{name}) and weight follow when the model has them.</summary>
    public static readonly string[] ScoreColumns = ["score", "maturity", "percentile_in_segment", "percentile_overall", "maturity_stability"];
    /// <summary>Trailing columns of both layouts: how the response arrived ("web" or "import") and, for an imported one, its id in the source file (empty in an anonymous survey).</summary>
    public static readonly string[] SourceColumns = ["source", "source_id"];
    public static readonly string[] LongColumns = ["response_id", "submitted_at_utc", "version", "variable", "value", .. SourceColumns];
    public const string ParticipantPrefix = "participant_";

    private enum ColumnKind
    {
        Value,
        Chosen,
        Rank,
    }

    /// <summary>One wide column: the answer key it reads, and for a multiple choice or ranking the option it reports.</summary>
    private sealed record Column(string Header, string Key, ColumnKind Kind, string? Option);

    public Task WriteAsync(Survey survey, Stream output, bool excelBom, CancellationToken cancellationToken) =>
        WriteAsync(survey, output, excelBom, ResponseLayout.RowPerResponse, labels: false, cancellationToken);

    public async Task WriteAsync(Survey survey, Stream output, bool excelBom, ResponseLayout layout, bool labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var versions = await db.SurveyVersions.AsNoTracking()
            .Where(v => v.SurveyId == survey.Id)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);
        // Newest version's order first; codes only older versions had follow.
        var questions = versions.SelectMany(v => v.Definition.Questions).ToList();
        var codes = questions.SelectMany(q => q.AnswerKeys())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var columns = WideColumns(questions);
        var optionLabels = labels ? OptionLabels(questions) : null;
        if (layout == ResponseLayout.RowPerAnswer)
        {
            await WriteLongAsync(survey, output, excelBom, codes, optionLabels, cancellationToken);
            return;
        }

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
        CsvFormat.WriteRow(writer, LeadingColumns.Concat(columns.Select(c => c.Header)).Concat(attributeNames.Select(n => ParticipantPrefix + n)).Concat(scoreColumns).Concat(SourceColumns).Select(CsvFormat.Cell.Text));

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
        var row = new List<CsvFormat.Cell>(columns.Count + attributeNames.Count + 4);
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
            foreach (var column in columns)
            {
                row.Add(WideCell(column, answers.GetValueOrDefault(column.Key), optionLabels));
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

            row.Add(CsvFormat.Cell.Text(response.Source));
            row.Add(CsvFormat.Cell.Text(SourceId(survey, response)));

            CsvFormat.WriteRow(writer, row);
            await sink.RowWrittenAsync(cancellationToken);
        }

        await sink.FlushAsync(cancellationToken);
    }

    private async Task WriteLongAsync(Survey survey, Stream output, bool excelBom, IReadOnlyList<string> codes, Dictionary<string, Dictionary<string, string>>? optionLabels, CancellationToken cancellationToken)
    {
        var sink = new CsvChunkWriter(output, excelBom);
        var writer = sink.Rows;
        CsvFormat.WriteRow(writer, LongColumns.Select(CsvFormat.Cell.Text));
        var responses = db.Responses.AsNoTracking().Include(r => r.Answers).Where(r => r.SurveyId == survey.Id)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .AsAsyncEnumerable();
        var submittedFormat = survey.Anonymous ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss'Z'";
        var row = new CsvFormat.Cell[LongColumns.Length];
        await foreach (var response in responses.WithCancellation(cancellationToken))
        {
            var answers = response.Answers.ToDictionary(a => a.QuestionCode, a => a.Value, StringComparer.OrdinalIgnoreCase);
            row[0] = CsvFormat.Cell.Text(response.Id.ToString());
            row[1] = CsvFormat.Cell.Text(response.SubmittedAt.ToString(submittedFormat, CultureInfo.InvariantCulture));
            row[2] = CsvFormat.Cell.Number(response.Version.ToString(CultureInfo.InvariantCulture));
            foreach (var code in codes)
            {
                if (answers.GetValueOrDefault(code) is not { Length: > 0 } value)
                {
                    continue;
                }

                row[3] = CsvFormat.Cell.Text(code);
                row[4] = CsvFormat.Cell.Text(Labelled(code, value, optionLabels));
                row[5] = CsvFormat.Cell.Text(response.Source);
                row[6] = CsvFormat.Cell.Text(SourceId(survey, response));
                CsvFormat.WriteRow(writer, row);
            }

            await sink.RowWrittenAsync(cancellationToken);
        }

        await sink.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The wide answer columns: a multiple choice and a ranking give a column per option (the union
    /// over versions, newest order first), every other answer key one column. A header that another
    /// variable already produced is not repeated.
    /// </summary>
    private static List<Column> WideColumns(IEnumerable<QuestionDefinition> questions)
    {
        var columns = new List<Column>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(Column column)
        {
            if (seen.Add(column.Header))
            {
                columns.Add(column);
            }
        }

        foreach (var question in questions)
        {
            foreach (var key in question.AnswerKeys())
            {
                if (question.Type is QuestionType.MultipleChoice or QuestionType.Ranking && string.Equals(key, question.Code, StringComparison.OrdinalIgnoreCase))
                {
                    var kind = question.Type == QuestionType.Ranking ? ColumnKind.Rank : ColumnKind.Chosen;
                    foreach (var option in question.Options)
                    {
                        Add(new Column($"{question.Code}_{option.Code}", question.Code, kind, option.Code));
                    }
                }
                else
                {
                    Add(new Column(key, key, ColumnKind.Value, null));
                }
            }
        }

        return columns;
    }

    /// <summary>Per answer key holding option codes (choices, matrix single rows, ranking), the label of each code; the newest version's label wins.</summary>
    private static Dictionary<string, Dictionary<string, string>> OptionLabels(IEnumerable<QuestionDefinition> questions)
    {
        var labels = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var question in questions.Where(q => q.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ranking or QuestionType.MatrixSingle))
        {
            var keys = question.Type == QuestionType.MatrixSingle ? question.AnswerKeys() : [question.Code];
            foreach (var key in keys)
            {
                if (!labels.TryGetValue(key, out var byCode))
                {
                    labels[key] = byCode = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                foreach (var option in question.Options)
                {
                    byCode.TryAdd(option.Code, option.Label);
                }
            }
        }

        return labels;
    }

    private static string Labelled(string key, string value, Dictionary<string, Dictionary<string, string>>? optionLabels) =>
        optionLabels?.GetValueOrDefault(key) is { } byCode
            ? string.Join(';', value.Split(';').Select(code => byCode.GetValueOrDefault(code, code)))
            : value;

    private static CsvFormat.Cell WideCell(Column column, string? value, Dictionary<string, Dictionary<string, string>>? optionLabels)
    {
        if (column.Kind == ColumnKind.Value)
        {
            return CsvFormat.Cell.Text(value is null ? null : Labelled(column.Key, value, optionLabels));
        }

        if (string.IsNullOrEmpty(value))
        {
            return CsvFormat.Cell.Text(string.Empty);
        }

        var index = Array.FindIndex(value.Split(';'), code => string.Equals(code, column.Option, StringComparison.OrdinalIgnoreCase));
        return column.Kind == ColumnKind.Chosen
            ? CsvFormat.Cell.Number(index >= 0 ? "1" : "0")
            : index >= 0 ? CsvFormat.Cell.Number((index + 1).ToString(CultureInfo.InvariantCulture)) : CsvFormat.Cell.Text(string.Empty);
    }

    /// <summary>
    /// The attribute columns and each response's values. Only attribute values are read, never
    /// e-mail addresses or names. An invited response is found through its participant's session
    /// (the response has the session's id); an anonymous survey has no such link, so its responses
    /// carry copies of the non-identifying attributes, and no other attribute becomes a column.
    /// </summary>
    internal async Task<(IReadOnlyList<string> Names, Dictionary<Guid, Dictionary<string, string>> ByResponse)> ParticipantAttributesAsync(Survey survey, CancellationToken cancellationToken)
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

    /// <summary>An anonymous survey's export carries nothing that leads back to a person, and a source file's id may.</summary>
    private static string? SourceId(Survey survey, SurveyResponse response) => survey.Anonymous ? null : response.ExternalId;

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
