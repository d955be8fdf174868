using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// The files that are not response tables, each with the level it needs and its audit name, built
/// the same way for the Downloads page and the API and sent through <see cref="SurveyDownloads.SendFileAsync"/>.
/// </summary>
public sealed class DownloadFiles(AppDbContext db, AnalysisDownloads analysis)
{
    /// <summary>A file of a survey: its audit name, the level it needs, and how to build it (null: no such file).</summary>
    public sealed record Spec(string Format, ExportLevel Needed, Func<Survey, CancellationToken, Task<DownloadFile?>> Prepare);

    /// <summary>Every response as stored, ids and times included: the full level.</summary>
    public Spec ResponsesJson() => new("responses-json", ExportLevel.Full, (survey, _) => Task.FromResult<DownloadFile?>(new DownloadFile(
        $"{SurveyDownloads.FileStem(survey)}-responses.json", "application/json; charset=utf-8",
        async (output, ct) =>
        {
            await analysis.WriteResponsesJsonAsync(survey, output, ct);
            return 0;
        })));

    /// <summary>The codebook describes variables, not respondents: any level may have it.</summary>
    public Spec Codebook(bool asCsv, bool excelBom) => new(asCsv ? "codebook-csv" : "codebook-html", ExportLevel.DeIdentified, async (survey, ct) =>
    {
        var variables = await analysis.CodebookAsync(survey, ct);
        return asCsv
            ? new DownloadFile($"{SurveyDownloads.FileStem(survey)}-codebook.csv", "text/csv; charset=utf-8", async (output, c) =>
            {
                await AnalysisDownloads.WriteCodebookCsvAsync(variables, output, excelBom, c);
                return variables.Count;
            })
            : new DownloadFile($"{SurveyDownloads.FileStem(survey)}-codebook.html", "text/html; charset=utf-8", async (output, c) =>
            {
                await AnalysisDownloads.WriteCodebookHtmlAsync(survey.Title, variables, output, c);
                return variables.Count;
            });
    });

    /// <summary>spss, r or stata; null for anything else.</summary>
    public static AnalysisPackage? ParsePackage(string? package) => package?.ToLowerInvariant() switch
    {
        "spss" => AnalysisPackage.Spss,
        "r" => AnalysisPackage.R,
        "stata" => AnalysisPackage.Stata,
        _ => null,
    };

    /// <summary>The wide CSV as stored with the package's syntax: the full level.</summary>
    public Spec Package(AnalysisPackage package)
    {
        var name = package.ToString().ToLowerInvariant();
        return new($"{name}-zip", ExportLevel.Full, (survey, _) => Task.FromResult<DownloadFile?>(new DownloadFile(
            $"{SurveyDownloads.FileStem(survey)}-{name}.zip", "application/zip", async (output, ct) =>
            {
                await analysis.WritePackageAsync(survey, package, output, ct);
                return 0;
            })));
    }

    /// <summary>A successful run's results document (suppressed groups carry only their label): aggregates, any level. The current run unless one is named.</summary>
    public Spec ResultsJson(Guid? run) => new("results-json", ExportLevel.DeIdentified, async (survey, ct) =>
    {
        var found = await RunAsync(survey.Id, run, ct);
        var json = found is null ? null : await db.ScoringResults.AsNoTracking().Where(r => r.RunId == found.Id).Select(r => r.Json).SingleOrDefaultAsync(ct);
        return json is null ? null : new DownloadFile($"scoring-run-{found!.Id:N}.json", "application/json; charset=utf-8", async (output, c) =>
        {
            await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json), c);
            return 0;
        });
    });

    /// <summary>A successful run's figures as a long CSV, suppressed groups marked and without numbers: aggregates, any level.</summary>
    public Spec Figures(Guid? run) => new("summary-csv", ExportLevel.DeIdentified, async (survey, ct) =>
    {
        var found = await RunAsync(survey.Id, run, ct);
        var results = found is null ? null : await RunResults.ReadAsync(db, found.Id, ct);
        return results is null ? null : new DownloadFile($"scoring-run-{found!.Id:N}-summary.csv", "text/csv; charset=utf-8", async (output, c) =>
        {
            await ResultsSummaryCsv.WriteAsync(results, output, c);
            return 0;
        });
    });

    private Task<Domain.Scoring.ScoringRun?> RunAsync(Guid surveyId, Guid? run, CancellationToken cancellationToken) =>
        RunResults.ChosenOrCurrentAsync(db, surveyId, run, cancellationToken);
}
