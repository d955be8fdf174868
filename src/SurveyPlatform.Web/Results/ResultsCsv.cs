using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// The response-level CSV: one row per response, a column per question code (in questionnaire
/// order; a matrix gives a column per row), then the score columns from the current scoring run. Streams rows as it reads them.
/// </summary>
public sealed class ResultsCsv(AppDbContext db)
{
    public static readonly string[] LeadingColumns = ["response_id", "submitted_at_utc", "version"];
    public static readonly string[] ScoreColumns = ["score"];

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
        var scores = run is null
            ? []
            : await db.ResponseScores.AsNoTracking().Where(s => s.RunId == run.Id)
                .ToDictionaryAsync(s => s.ResponseId, s => s.Score, cancellationToken);

        await using var writer = new StreamWriter(output, new UTF8Encoding(excelBom), bufferSize: 64 * 1024, leaveOpen: true);
        CsvFormat.WriteRow(writer, LeadingColumns.Concat(codes).Concat(ScoreColumns).Select(CsvFormat.Cell.Text));

        var responses = db.Responses.AsNoTracking()
            .Where(r => r.SurveyId == survey.Id)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Include(r => r.Answers)
            .AsAsyncEnumerable();
        var row = new List<CsvFormat.Cell>(codes.Count + 4);
        await foreach (var response in responses.WithCancellation(cancellationToken))
        {
            row.Clear();
            row.Add(CsvFormat.Cell.Text(response.Id.ToString()));
            row.Add(CsvFormat.Cell.Text(response.SubmittedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            row.Add(CsvFormat.Cell.Number(response.Version.ToString(CultureInfo.InvariantCulture)));
            var answers = response.Answers.ToDictionary(a => a.QuestionCode, a => a.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var code in codes)
            {
                row.Add(CsvFormat.Cell.Text(answers.GetValueOrDefault(code)));
            }

            row.Add(scores.TryGetValue(response.Id, out var score)
                ? CsvFormat.Cell.Number(score.ToString("R", CultureInfo.InvariantCulture))
                : CsvFormat.Cell.Text(string.Empty));
            CsvFormat.WriteRow(writer, row);
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static Task<ScoringRun?> CurrentRunAsync(AppDbContext db, Guid surveyId, CancellationToken cancellationToken) =>
        db.ScoringRuns.AsNoTracking()
            .Where(r => r.SurveyId == surveyId && r.Status == ScoringRunStatus.Succeeded)
            .OrderByDescending(r => r.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
}
