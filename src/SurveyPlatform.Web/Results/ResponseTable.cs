using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Web.Results;

/// <summary>What a response download holds: layout, codes or labels, and the export level.</summary>
public sealed record ResponseTableOptions(ResponseLayout Layout = ResponseLayout.RowPerResponse, bool Labels = false, ExportLevel Level = ExportLevel.Full);

/// <summary>
/// The typed tables every download is written from (CSV and .xlsx alike), read from the database
/// row by row as the writer asks for them.
/// Responses, wide (the default): one row per response, a column per variable in questionnaire order
/// (a matrix gives a column per row, <c>CODE_ROW</c>; a multiple choice a 0/1 column per option,
/// <c>CODE_OPTION</c>, empty when the question was not answered; a ranking a column per item,
/// <c>CODE_ITEM</c>, holding its rank), a <c>participant_</c> column per participant attribute (filled
/// for responses given through a personal link), then the score columns from the current scoring run.
/// Long: one row per answered variable as stored (a multiple choice or ranking keeps its <c>a;b</c>
/// form), no attributes or scores. With labels, choice answers are written as their option's label
/// (newest version's wording). E-mail addresses and names are never exported. In an anonymous
/// survey only the attributes the owner marked as non-identifying are, and the submission time is
/// the day only; so in a survey whose retention anonymised its responses (the participants are gone,
/// their non-identifying attributes kept on each response).
/// De-identified (REDCap's level): the response id becomes a row number (<c>record</c>, in
/// submission order, the same in every table of one download), the submission time becomes whole
/// days from the survey's first submission and so do date answers, free text (short and long text,
/// "please specify" answers) is dropped, and only the attributes marked non-identifying remain.
/// </summary>
public sealed class ResponseTable(AppDbContext db)
{
    public static readonly string[] DeIdentifiedLeadingColumns = ["record", "days_from_first_submission", "version"];
    /// <summary>A de-identified table keeps whether a response was imported, not its id in the source file.</summary>
    public static readonly string[] DeIdentifiedSourceColumns = ["source"];
    public static readonly string[] DeIdentifiedLongColumns = ["record", "days_from_first_submission", "version", "variable", "value", .. DeIdentifiedSourceColumns];

    private enum ColumnKind
    {
        Value,
        Chosen,
        Rank,
    }

    /// <summary>One answer column: the answer key it reads, its question's type, and for a multiple choice or ranking the option it reports.</summary>
    private sealed record Column(string Header, string Key, ColumnKind Kind, string? Option, QuestionDefinition Question);

    private sealed record Questionnaire(List<QuestionDefinition> Questions, List<Column> Columns, Dictionary<string, QuestionDefinition> ByKey);

    public async Task<ExportSheet> ResponsesAsync(Survey survey, ResponseTableOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(options);
        var deIdentified = options.Level == ExportLevel.DeIdentified;
        var questionnaire = await QuestionnaireAsync(survey.Id, deIdentified, cancellationToken);
        var optionLabels = options.Labels ? OptionLabels(questionnaire.Questions) : null;
        var first = deIdentified ? await FirstSubmissionAsync(survey.Id, cancellationToken) : null;
        if (options.Layout == ResponseLayout.RowPerAnswer)
        {
            var codes = questionnaire.Columns.Select(c => c.Key).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return new ExportSheet("Responses", deIdentified ? DeIdentifiedLongColumns : ResultsCsv.LongColumns,
                LongRowsAsync(survey, codes, questionnaire.ByKey, optionLabels, first, cancellationToken));
        }

        var run = await RunResults.CurrentRunAsync(db, survey.Id, cancellationToken);
        var results = run is null ? null : await RunResults.ReadAsync(db, run.Id, cancellationToken);
        var dimensionNames = DimensionNames(results);
        var weighted = results?.Weighting is not null;
        var scoreColumns = ResultsCsv.ScoreColumns
            .Concat(dimensionNames.Select(n => "score_" + ResultsCsv.Slug(n)))
            .Concat(dimensionNames.Select(n => "percentile_in_segment_" + ResultsCsv.Slug(n)))
            .Concat(dimensionNames.Select(n => "percentile_overall_" + ResultsCsv.Slug(n)))
            .Concat(weighted ? ["weight"] : [])
            .ToList();
        var (attributeNames, attributesByResponse) = await ParticipantAttributesAsync(survey, deIdentified, cancellationToken);
        var header = (deIdentified ? DeIdentifiedLeadingColumns : ResultsCsv.LeadingColumns)
            .Concat(questionnaire.Columns.Select(c => c.Header))
            .Concat(attributeNames.Select(n => ResultsCsv.ParticipantPrefix + n))
            .Concat(scoreColumns)
            .Concat(deIdentified ? DeIdentifiedSourceColumns : ResultsCsv.SourceColumns)
            .ToList();
        return new ExportSheet("Responses", header,
            WideRowsAsync(survey, questionnaire.Columns, optionLabels, attributeNames, attributesByResponse, run?.Id, dimensionNames.Count, weighted, first, header.Count, cancellationToken));
    }

    private async IAsyncEnumerable<IReadOnlyList<ExportCell>> WideRowsAsync(
        Survey survey,
        List<Column> columns,
        Dictionary<string, Dictionary<string, string>>? optionLabels,
        IReadOnlyList<string> attributeNames,
        Dictionary<Guid, Dictionary<string, string>> attributesByResponse,
        Guid? runId,
        int dimensions,
        bool weighted,
        DateTime? first,
        int width,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Each response with its score row in the current run, read in one ordered query as the rows
        // are written. A response without a row (no run yet, or one the run did not score) keeps its
        // place with empty score cells.
        var responses = (
            from response in db.Responses.AsNoTracking().Include(r => r.Answers).Where(r => r.SurveyId == survey.Id)
            join stored in db.RespondentScores.AsNoTracking().Where(s => s.RunId == runId)
                on response.Id equals stored.ResponseId into scored
            from score in scored.DefaultIfEmpty()
            orderby response.SubmittedAt, response.Id
            select new { Response = response, Score = score })
            .AsAsyncEnumerable();
        var row = new List<ExportCell>(width);
        long record = 0;
        await foreach (var item in responses.WithCancellation(cancellationToken))
        {
            var response = item.Response;
            var score = item.Score;
            row.Clear();
            AddLeading(row, survey, response.Id, response.SubmittedAt, response.Version, first, ++record);
            var answers = response.Answers.ToDictionary(a => a.QuestionCode, a => a.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var column in columns)
            {
                row.Add(WideCell(column, answers.GetValueOrDefault(column.Key), optionLabels, first));
            }

            var attributes = attributesByResponse.GetValueOrDefault(response.Id);
            foreach (var name in attributeNames)
            {
                row.Add(ExportCell.OfText(attributes?.GetValueOrDefault(name)));
            }

            row.Add(ExportCell.OfNumber(score?.Overall));
            row.Add(ExportCell.OfText(score?.Maturity));
            row.Add(ExportCell.OfNumber(score?.PercentileInSegment));
            row.Add(ExportCell.OfNumber(score?.PercentileOverall));
            row.Add(ExportCell.OfNumber(score?.MaturityStability));
            foreach (var values in new[] { score?.DimensionScores(), score?.DimensionPercentilesInSegmentValues(), score?.DimensionPercentilesOverallValues() })
            {
                for (var d = 0; d < dimensions; d++)
                {
                    row.Add(ExportCell.OfNumber(values is not null && d < values.Count ? values[d] : null));
                }
            }

            if (weighted)
            {
                row.Add(ExportCell.OfNumber(score?.Weight));
            }

            AddSource(row, survey, response, first);
            yield return row;
        }
    }

    private async IAsyncEnumerable<IReadOnlyList<ExportCell>> LongRowsAsync(
        Survey survey,
        List<string> codes,
        Dictionary<string, QuestionDefinition> byKey,
        Dictionary<string, Dictionary<string, string>>? optionLabels,
        DateTime? first,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var responses = db.Responses.AsNoTracking().Include(r => r.Answers).Where(r => r.SurveyId == survey.Id)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .AsAsyncEnumerable();
        var row = new List<ExportCell>(7);
        long record = 0;
        await foreach (var response in responses.WithCancellation(cancellationToken))
        {
            record++;
            var answers = response.Answers.ToDictionary(a => a.QuestionCode, a => a.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var code in codes)
            {
                if (answers.GetValueOrDefault(code) is not { Length: > 0 } value)
                {
                    continue;
                }

                row.Clear();
                AddLeading(row, survey, response.Id, response.SubmittedAt, response.Version, first, record);
                row.Add(ExportCell.OfText(code));
                row.Add(AnswerCell(byKey[code], code, value, optionLabels, first, multiple: true));
                AddSource(row, survey, response, first);
                yield return row;
            }
        }
    }

    /// <summary>
    /// How the response arrived ("web" or "import") and, in a full table of a survey that is not
    /// anonymous, an imported response's id in its source file (a de-identified table, marked by
    /// <paramref name="first"/>, has no source_id column: a source file's id may lead back to a person).
    /// </summary>
    private static void AddSource(List<ExportCell> row, Survey survey, SurveyResponse response, DateTime? first)
    {
        row.Add(ExportCell.OfText(response.Source));
        if (first is null)
        {
            row.Add(ExportCell.OfText(survey.Anonymous ? null : response.ExternalId));
        }
    }

    /// <summary>
    /// Per response of the current run: segment, overall, maturity, percentiles and dimension scores,
    /// in the Responses table's order (so a de-identified record number means the same response in
    /// both). A percentile within a segment the run suppressed (fewer than k respondents) is left empty.
    /// </summary>
    public async Task<ExportSheet> ScoresAsync(Survey survey, ExportLevel level, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var run = await RunResults.CurrentRunAsync(db, survey.Id, cancellationToken);
        var results = run is null ? null : await RunResults.ReadAsync(db, run.Id, cancellationToken);
        var dimensionNames = DimensionNames(results);
        var suppressed = (results?.Segments ?? []).Where(s => s.Suppressed is not null).Select(s => s.Segment).ToHashSet(StringComparer.Ordinal);
        var header = new List<string> { level == ExportLevel.DeIdentified ? "record" : "response_id", "segment", "overall", "maturity", "percentile_in_segment", "percentile_overall" };
        header.AddRange(dimensionNames.Select(n => "score_" + ResultsCsv.Slug(n)));
        header.AddRange(dimensionNames.Select(n => "percentile_in_segment_" + ResultsCsv.Slug(n)));
        header.AddRange(dimensionNames.Select(n => "percentile_overall_" + ResultsCsv.Slug(n)));
        return new ExportSheet("Scores", header, ScoreRowsAsync(survey.Id, run?.Id, level, dimensionNames.Count, suppressed, header.Count, cancellationToken));
    }

    private async IAsyncEnumerable<IReadOnlyList<ExportCell>> ScoreRowsAsync(Guid surveyId, Guid? runId, ExportLevel level, int dimensions, HashSet<string> suppressed, int width, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (runId is null)
        {
            yield break;
        }

        var rows = (
            from response in db.Responses.AsNoTracking().Where(r => r.SurveyId == surveyId)
            join stored in db.RespondentScores.AsNoTracking().Where(s => s.RunId == runId)
                on response.Id equals stored.ResponseId into scored
            from score in scored.DefaultIfEmpty()
            orderby response.SubmittedAt, response.Id
            select new { response.Id, Score = score })
            .AsAsyncEnumerable();
        var row = new List<ExportCell>(width);
        long record = 0;
        await foreach (var item in rows.WithCancellation(cancellationToken))
        {
            record++;
            var score = item.Score;
            var hidden = score?.Segment is { } segment && suppressed.Contains(segment);
            row.Clear();
            row.Add(level == ExportLevel.DeIdentified ? ExportCell.OfInteger(record) : ExportCell.OfText(item.Id.ToString()));
            row.Add(ExportCell.OfText(score?.Segment));
            row.Add(ExportCell.OfNumber(score?.Overall));
            row.Add(ExportCell.OfText(score?.Maturity));
            row.Add(hidden ? ExportCell.Empty : ExportCell.OfNumber(score?.PercentileInSegment));
            row.Add(ExportCell.OfNumber(score?.PercentileOverall));
            var values = new[] { score?.DimensionScores(), hidden ? null : score?.DimensionPercentilesInSegmentValues(), score?.DimensionPercentilesOverallValues() };
            foreach (var list in values)
            {
                for (var d = 0; d < dimensions; d++)
                {
                    row.Add(ExportCell.OfNumber(list is not null && d < list.Count ? list[d] : null));
                }
            }

            yield return row;
        }
    }

    public static readonly string[] JtbdColumns =
    [
        "segment", "segment_label", "respondents", "job", "job_label",
        "opportunity", "opportunity_lower", "opportunity_upper", "opportunity_n",
        "adoption", "adoption_lower", "adoption_upper", "adoption_n",
        "quadrant", "quadrant_share", "robust", "opportunity_cutoff", "adoption_cutoff", "suppressed",
    ];

    /// <summary>
    /// The current run's JTBD index, one row per segment and job: opportunity and adoption with their
    /// bootstrap interval and n, the quadrant and its sensitivity. A suppressed segment is one row
    /// with its label in <c>suppressed</c> and no figures; a suppressed figure is left empty.
    /// </summary>
    public async Task<ExportSheet> JtbdAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var run = await RunResults.CurrentRunAsync(db, survey.Id, cancellationToken);
        var results = run is null ? null : await RunResults.ReadAsync(db, run.Id, cancellationToken);
        return new ExportSheet("JTBD index", JtbdColumns, JtbdRows(results).ToAsyncEnumerable());
    }

    private static IEnumerable<IReadOnlyList<ExportCell>> JtbdRows(ScoringResults? results)
    {
        foreach (var segment in results?.Jtbd?.Segments ?? [])
        {
            var common = new[]
            {
                ExportCell.OfText(segment.Segment), ExportCell.OfText(segment.Label),
                segment.Respondents is { } n && segment.Suppressed is null ? ExportCell.OfInteger(n) : ExportCell.Empty,
            };
            if (segment.Suppressed is { } label)
            {
                yield return [.. common, .. Enumerable.Repeat(ExportCell.Empty, JtbdColumns.Length - common.Length - 1), ExportCell.OfText(label)];
                continue;
            }

            foreach (var job in segment.Rows)
            {
                yield return
                [
                    .. common,
                    ExportCell.OfText(job.Row), ExportCell.OfText(job.Label),
                    .. FigureCells(job.Opportunity), .. FigureCells(job.Adoption),
                    ExportCell.OfText(job.Quadrant),
                    ExportCell.OfNumber(job.Sensitivity?.BaselineQuadrantShare),
                    ExportCell.OfText(job.Sensitivity is { } s ? (s.Robust ? "yes" : "no") : null),
                    ExportCell.OfNumber(segment.OpportunityCutoff), ExportCell.OfNumber(segment.AdoptionCutoff),
                    ExportCell.OfText(job.Opportunity.Suppressed ?? job.Adoption.Suppressed),
                ];
            }
        }
    }

    private static ExportCell[] FigureCells(Figure figure) => figure.Suppressed is not null
        ? [ExportCell.Empty, ExportCell.Empty, ExportCell.Empty, ExportCell.Empty]
        : [ExportCell.OfNumber(figure.Mean), ExportCell.OfNumber(figure.Bootstrap?.Lower), ExportCell.OfNumber(figure.Bootstrap?.Upper), figure.N is { } n ? ExportCell.OfInteger(n) : ExportCell.Empty];

    public static readonly string[] CodebookColumns = ["variable", "question", "type", "values"];

    /// <summary>
    /// A plain codebook: each answer variable of the Responses table with its question, type and
    /// value labels (code=label; …), from the newest version that has it.
    /// </summary>
    public async Task<ExportSheet> CodebookAsync(Survey survey, ExportLevel level, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var questionnaire = await QuestionnaireAsync(survey.Id, level == ExportLevel.DeIdentified, cancellationToken);
        var rows = questionnaire.Columns.Select(c => (IReadOnlyList<ExportCell>)
        [
            ExportCell.OfText(c.Header),
            ExportCell.OfText(c.Kind == ColumnKind.Value ? c.Question.Text : $"{c.Question.Text} [{c.Question.Options.FirstOrDefault(o => o.Code == c.Option)?.Label}]"),
            ExportCell.OfText(c.Question.Type.ToString()),
            ExportCell.OfText(ValueLabels(c)),
        ]).ToList();
        return new ExportSheet("Codebook", CodebookColumns, rows.ToAsyncEnumerable());
    }

    private static string ValueLabels(Column column) => column.Kind switch
    {
        ColumnKind.Chosen => "1=chosen; 0=not chosen",
        ColumnKind.Rank => "rank, 1 = first",
        _ when column.Question.HasOptions => string.Join("; ", column.Question.Options.Select(o => $"{o.Code}={o.Label}")),
        _ when column.Question.Type is QuestionType.Rating or QuestionType.MatrixRating or QuestionType.Nps =>
            $"{column.Question.ScaleStart}–{column.Question.ScaleMax}" + (column.Question.AllowNotApplicable ? $"; {QuestionDefinition.NotApplicable}=not applicable" : string.Empty),
        _ => string.Empty,
    };

    private async Task<Questionnaire> QuestionnaireAsync(Guid surveyId, bool deIdentified, CancellationToken cancellationToken)
    {
        var versions = await db.SurveyVersions.AsNoTracking()
            .Where(v => v.SurveyId == surveyId)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken);
        // Newest version's order first; codes only older versions had follow.
        var questions = versions.SelectMany(v => v.Definition.Questions).ToList();
        var byKey = new Dictionary<string, QuestionDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var question in questions)
        {
            foreach (var key in question.AnswerKeys())
            {
                byKey.TryAdd(key, question);
            }
        }

        var columns = WideColumns(questions);
        if (deIdentified)
        {
            columns.RemoveAll(c => IsFreeText(c.Question, c.Key));
        }

        return new Questionnaire(questions, columns, byKey);
    }

    private static bool IsFreeText(QuestionDefinition question, string key) =>
        question.Type is QuestionType.ShortText or QuestionType.LongText
        || (question.OtherOption is not null && string.Equals(key, question.OtherKey, StringComparison.OrdinalIgnoreCase));

    private async Task<DateTime?> FirstSubmissionAsync(Guid surveyId, CancellationToken cancellationToken) =>
        await db.Responses.Where(r => r.SurveyId == surveyId).MinAsync(r => (DateTime?)r.SubmittedAt, cancellationToken);

    private static void AddLeading(List<ExportCell> row, Survey survey, Guid id, DateTime submittedAt, int version, DateTime? first, long record)
    {
        if (first is { } start)
        {
            row.Add(ExportCell.OfInteger(record));
            row.Add(ExportCell.OfInteger(DaysFrom(start, submittedAt)));
        }
        else
        {
            row.Add(ExportCell.OfText(id.ToString()));
            row.Add(survey.Anonymous ? ExportCell.OfDay(submittedAt) : ExportCell.OfTimestamp(submittedAt));
        }

        row.Add(ExportCell.OfInteger(version));
    }

    /// <summary>Whole calendar days (UTC) from the first submission's day.</summary>
    private static int DaysFrom(DateTime first, DateTime day) => (int)(day.Date - first.Date).TotalDays;

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
                        Add(new Column($"{question.Code}_{option.Code}", question.Code, kind, option.Code, question));
                    }
                }
                else
                {
                    Add(new Column(key, key, ColumnKind.Value, null, question));
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

    /// <summary>
    /// One stored answer as a cell: ratings and numbers as numbers, a date answer as a date (days
    /// from the first submission when de-identified), anything else as text (labelled if asked).
    /// </summary>
    private static ExportCell AnswerCell(QuestionDefinition question, string key, string value, Dictionary<string, Dictionary<string, string>>? optionLabels, DateTime? first, bool multiple)
    {
        if (question.Type == QuestionType.Date && string.Equals(key, question.Code, StringComparison.OrdinalIgnoreCase)
            && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var day = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return first is { } start ? ExportCell.OfInteger(DaysFrom(start, day)) : ExportCell.OfDay(day);
        }

        if (first is not null && question.Type == QuestionType.Date)
        {
            return ExportCell.Empty;
        }

        var numeric = question.Type is QuestionType.Number or QuestionType.Rating or QuestionType.Nps or QuestionType.MatrixRating
            && !(multiple && value.Contains(';', StringComparison.Ordinal));
        return numeric ? ExportCell.OfAnswer(value, numeric: true) : ExportCell.OfText(Labelled(key, value, optionLabels));
    }

    private static ExportCell WideCell(Column column, string? value, Dictionary<string, Dictionary<string, string>>? optionLabels, DateTime? first)
    {
        if (column.Kind == ColumnKind.Value)
        {
            return value is null ? ExportCell.Empty : AnswerCell(column.Question, column.Key, value, optionLabels, first, multiple: false);
        }

        if (string.IsNullOrEmpty(value))
        {
            return ExportCell.Empty;
        }

        var index = Array.FindIndex(value.Split(';'), code => string.Equals(code, column.Option, StringComparison.OrdinalIgnoreCase));
        return column.Kind == ColumnKind.Chosen
            ? ExportCell.OfInteger(index >= 0 ? 1 : 0)
            : index >= 0 ? ExportCell.OfInteger(index + 1) : ExportCell.Empty;
    }

    private static List<string> DimensionNames(ScoringResults? results) =>
        results is { Dimensions.Count: > 1 } ? results.Dimensions.Select(d => d.Name).ToList() : [];

    /// <summary>
    /// The attribute columns and each response's values. Only attribute values are read, never
    /// e-mail addresses or names. An invited response is found through its participant's session
    /// (the response has the session's id); an anonymous survey has no such link, so its responses
    /// carry copies of the non-identifying attributes, and no other attribute becomes a column. A
    /// de-identified download keeps only the attributes marked non-identifying, in any survey.
    /// </summary>
    internal async Task<(IReadOnlyList<string> Names, Dictionary<Guid, Dictionary<string, string>> ByResponse)> ParticipantAttributesAsync(Survey survey, bool deIdentified, CancellationToken cancellationToken)
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
        }
        else
        {
            byResponse = participants.Where(p => p.SessionId is not null)
                .GroupBy(p => p.SessionId!.Value)
                .ToDictionary(g => g.Key, g => Parse(g.First().AttributesJson));

            // Retention's anonymisation removed the participants and kept their non-identifying attributes on the responses.
            var kept = await db.Set<ResponseAttributes>().AsNoTracking()
                .Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == survey.Id))
                .ToListAsync(cancellationToken);
            foreach (var attributes in kept.Where(a => !byResponse.ContainsKey(a.ResponseId)))
            {
                byResponse[attributes.ResponseId] = Parse(attributes.AttributesJson);
                names.UnionWith(byResponse[attributes.ResponseId].Keys);
            }
        }

        if (survey.Anonymous || deIdentified)
        {
            var allowed = survey.NonIdentifyingAttributes.ToHashSet(StringComparer.OrdinalIgnoreCase);
            names.RemoveWhere(n => !allowed.Contains(n));
        }

        names.RemoveWhere(Survey.IdentifyingNames.Contains);
        return (names.Order(StringComparer.Ordinal).ToList(), byResponse);
    }

    private static Dictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
