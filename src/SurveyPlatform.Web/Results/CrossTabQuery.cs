using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Analysis;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Web.Results;

/// <summary>A variable a cross-tab can use: a question (key = its code) or a participant attribute (key = "participant.NAME").</summary>
public sealed record CrossTabVariable(string Key, string Label, QuestionType? Type);

/// <summary>A built cross-tab and what it was built from.</summary>
public sealed record CrossTabResult(CrossTabVariable Rows, CrossTabVariable Columns, CrossTab Table);

/// <summary>
/// Reads a survey's responses into a <see cref="CrossTab"/>: rows are any choice, yes/no, rating,
/// NPS or number question; columns a single-choice or yes/no question or a participant attribute.
/// Each response is read against the version it answered: a question it never saw (on a skipped
/// page, or hidden by its condition) is out of a multiple choice's base. k is the current run's, or
/// the scoring model's, or the default.
/// </summary>
public sealed class CrossTabQuery(AppDbContext db, ResponseTable responseTable)
{
    public const string AttributePrefix = "participant.";

    private static readonly QuestionType[] RowTypes =
        [QuestionType.SingleChoice, QuestionType.MultipleChoice, QuestionType.YesNo, QuestionType.Rating, QuestionType.Nps, QuestionType.Number];

    private static readonly QuestionType[] ColumnTypes = [QuestionType.SingleChoice, QuestionType.YesNo];

    public async Task<(IReadOnlyList<CrossTabVariable> Rows, IReadOnlyList<CrossTabVariable> Columns)> VariablesAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var questions = Questions(await VersionsAsync(survey.Id, cancellationToken));
        var (attributes, _) = await responseTable.ParticipantAttributesAsync(survey, deIdentified: false, cancellationToken);
        var rows = questions.Where(q => RowTypes.Contains(q.Type)).Select(Variable).ToList();
        var columns = questions.Where(q => ColumnTypes.Contains(q.Type)).Select(Variable)
            .Concat(attributes.Select(a => new CrossTabVariable(AttributePrefix + a, $"Participant: {a}", null)))
            .ToList();
        return (rows, columns);
    }

    /// <summary>Null when either key is not one of the survey's variables.</summary>
    public async Task<CrossTabResult?> BuildAsync(Survey survey, string rowKey, string columnKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var versions = await VersionsAsync(survey.Id, cancellationToken);
        var questions = Questions(versions);
        var (attributes, attributesByResponse) = await responseTable.ParticipantAttributesAsync(survey, deIdentified: false, cancellationToken);
        var rowQuestion = questions.FirstOrDefault(q => RowTypes.Contains(q.Type) && string.Equals(q.Code, rowKey, StringComparison.OrdinalIgnoreCase));
        if (rowQuestion is null)
        {
            return null;
        }

        QuestionDefinition? columnQuestion = null;
        string? attribute = null;
        if (columnKey.StartsWith(AttributePrefix, StringComparison.Ordinal))
        {
            attribute = attributes.FirstOrDefault(a => string.Equals(a, columnKey[AttributePrefix.Length..], StringComparison.Ordinal));
            if (attribute is null)
            {
                return null;
            }
        }
        else
        {
            columnQuestion = questions.FirstOrDefault(q => ColumnTypes.Contains(q.Type) && string.Equals(q.Code, columnKey, StringComparison.OrdinalIgnoreCase));
            if (columnQuestion is null)
            {
                return null;
            }
        }

        var definitions = versions.ToDictionary(v => v.Number, v => v.Definition);
        var rows = new CrossTabRows(
            Categories(rowQuestion),
            rowQuestion.Type == QuestionType.MultipleChoice,
            rowQuestion.Type is QuestionType.Rating or QuestionType.Nps or QuestionType.Number);
        var cases = new List<CrossTabCase>();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        var responses = db.Responses.AsNoTracking().Include(r => r.Answers).Where(r => r.SurveyId == survey.Id).AsAsyncEnumerable();
        await foreach (var response in responses.WithCancellation(cancellationToken))
        {
            var answers = response.Answers.ToDictionary(a => a.QuestionCode, a => a.Value, StringComparer.OrdinalIgnoreCase);
            var context = attributesByResponse.GetValueOrDefault(response.Id);
            var column = attribute is not null
                ? context?.GetValueOrDefault(attribute) is { Length: > 0 } v ? v : null
                : answers.GetValueOrDefault(columnQuestion!.Code) is { Length: > 0 } a ? a : null;
            if (attribute is not null && column is not null)
            {
                values.Add(column);
            }

            var definition = definitions.GetValueOrDefault(response.Version);
            var raw = answers.GetValueOrDefault(rowQuestion.Code);
            var chosen = string.IsNullOrEmpty(raw) || raw == QuestionDefinition.NotApplicable
                ? []
                : rowQuestion.Type == QuestionType.MultipleChoice ? raw.Split(';', StringSplitOptions.RemoveEmptyEntries) : [raw];
            double? number = rows.Mean && chosen.Length == 1 && double.TryParse(chosen[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
            // Only a multiple choice's base needs the path (the others count those who answered), and it is the costly part.
            var saw = !rows.MultipleChoice || Saw(definition, rowQuestion.Code, answers, context);
            cases.Add(new CrossTabCase(column, saw, chosen, number));
        }

        var columns = columnQuestion is not null
            ? Categories(columnQuestion)
            : [.. values.Select(v => new CrossTabCategory(v, v))];
        var k = await SuppressionKAsync(survey.Id, versions, cancellationToken);
        var table = CrossTab.Build(columns, rows, cases, new SuppressionPolicy(k));
        var columnVariable = columnQuestion is not null ? Variable(columnQuestion) : new CrossTabVariable(AttributePrefix + attribute, $"Participant: {attribute}", null);
        return new CrossTabResult(Variable(rowQuestion), columnVariable, table);
    }

    /// <summary>
    /// Whether the question applied to the respondent in the version they answered: its page was on
    /// their path and its condition held on their effective answers. A question whose condition reads
    /// its own page is rendered either way (a script hides it), but its answer only counts when the
    /// condition holds, so that is what decides here too.
    /// </summary>
    internal static bool Saw(SurveyDefinition? definition, string code, IReadOnlyDictionary<string, string> answers, IReadOnlyDictionary<string, string>? context)
    {
        if (definition is null)
        {
            return false;
        }

        for (var page = 0; page < definition.Pages.Count; page++)
        {
            if (definition.Pages[page].Questions.FirstOrDefault(q => string.Equals(q.Code, code, StringComparison.OrdinalIgnoreCase)) is not { } question)
            {
                continue;
            }

            if (!ResponseFlow.Path(definition, answers, context).Contains(page))
            {
                return false;
            }

            var effective = AnswerSheet.Validate(definition, ResponseFlow.AsPosted(definition, answers), context).Answers;
            return AnswerSheet.IsShown(question.Condition, new AnswerSheet.StoredAnswers(effective, context));
        }

        return false;
    }

    private async Task<int> SuppressionKAsync(Guid surveyId, List<SurveyVersion> versions, CancellationToken cancellationToken)
    {
        if (await RunResults.CurrentRunAsync(db, surveyId, cancellationToken) is { } run && await RunResults.ReadAsync(db, run.Id, cancellationToken) is { } results)
        {
            return Math.Max(SuppressionPolicy.MinimumK, results.K);
        }

        if (versions.Count > 0)
        {
            var (model, _) = await ScoringModels.EffectiveAsync(db, surveyId, versions[0].Definition, cancellationToken);
            return Math.Max(SuppressionPolicy.MinimumK, model?.SuppressionK ?? SuppressionPolicy.DefaultK);
        }

        return SuppressionPolicy.DefaultK;
    }

    private Task<List<SurveyVersion>> VersionsAsync(Guid surveyId, CancellationToken cancellationToken) =>
        db.SurveyVersions.AsNoTracking().Where(v => v.SurveyId == surveyId).OrderByDescending(v => v.Number).ToListAsync(cancellationToken);

    /// <summary>Every question once, newest version's wording first, codes only older versions had after.</summary>
    private static List<QuestionDefinition> Questions(IEnumerable<SurveyVersion> newestFirst) =>
        [.. newestFirst.SelectMany(v => v.Definition.Questions).DistinctBy(q => q.Code, StringComparer.OrdinalIgnoreCase)];

    private static CrossTabVariable Variable(QuestionDefinition q) => new(q.Code, $"{q.Code}: {q.Text}", q.Type);

    private static List<CrossTabCategory> Categories(QuestionDefinition q) => q.Type switch
    {
        QuestionType.YesNo => [new("yes", "Yes"), new("no", "No")],
        QuestionType.Rating or QuestionType.Nps => [.. Enumerable.Range(q.ScaleStart, q.ScaleMax - q.ScaleStart + 1)
            .Select(i => i.ToString(CultureInfo.InvariantCulture))
            .Select(s => new CrossTabCategory(s, s == q.ScaleStart.ToString(CultureInfo.InvariantCulture) && q.LowLabel is { } low ? $"{s} ({low})"
                : s == q.ScaleMax.ToString(CultureInfo.InvariantCulture) && q.HighLabel is { } high ? $"{s} ({high})" : s))],
        QuestionType.Number => [],
        _ => [.. q.Options.Select(o => new CrossTabCategory(o.Code, o.Label))],
    };
}
