using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Web.Results;

/// <summary>The statistics packages a survey's responses can be downloaded for: a syntax file beside the wide CSV in one zip.</summary>
public enum AnalysisPackage
{
    Spss,
    R,
    Stata,
}

/// <summary>
/// The downloads for analysis tools: the codebook of the wide response CSV, zips of that CSV with
/// SPSS syntax, an R script or a Stata do-file, and the responses as JSON. Everything is streamed:
/// the CSV goes through <see cref="ResultsCsv"/> straight into the zip entry on the response body,
/// and the syntax, written after it, is built from the header the CSV actually had.
/// </summary>
public sealed class AnalysisDownloads(AppDbContext db, ResultsCsv csv)
{
    public const string CsvEntryName = "responses.csv";
    private const int JsonFlushBytes = 32 * 1024;

    public static string SyntaxEntryName(AnalysisPackage package) => package switch
    {
        AnalysisPackage.Spss => "responses.sps",
        AnalysisPackage.R => "responses.R",
        _ => "responses.do",
    };

    /// <summary>The codebook of the wide CSV as it would be downloaded now.</summary>
    public async Task<IReadOnlyList<CodebookVariable>> CodebookAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var versions = await VersionsAsync(survey.Id, cancellationToken);
        var header = VariableNames.Wide(
            ResultsCsv.LeadingColumns,
            versions.SelectMany(v => v.Questions),
            (await ParticipantAttributeNamesAsync(survey, cancellationToken)).Select(n => ResultsCsv.ParticipantPrefix + n),
            [.. await ScoreColumnsAsync(survey.Id, cancellationToken), .. ResultsCsv.SourceColumns]);
        return Codebook.Describe(header, versions, await SavedModelAsync(survey.Id, cancellationToken));
    }

    /// <summary>Writes a zip holding the wide CSV (codes, no BOM) and the package's syntax for it.</summary>
    public async Task WritePackageAsync(Survey survey, AnalysisPackage package, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var versions = await VersionsAsync(survey.Id, cancellationToken);
        var model = await SavedModelAsync(survey.Id, cancellationToken);
        await using var body = new ZipBodyStream(output);
        await using (var zip = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            await WriteEntriesAsync(zip, body, survey, package, versions, model, cancellationToken);
        }

        await body.FlushAsync(cancellationToken);
    }

    private async Task WriteEntriesAsync(ZipArchive zip, ZipBodyStream body, Survey survey, AnalysisPackage package, List<SurveyDefinition> versions, ScoringModel? model, CancellationToken cancellationToken)
    {
        string header;
        await using (var entry = await zip.CreateEntry(CsvEntryName, CompressionLevel.Fastest).OpenAsync(cancellationToken))
        {
            await using var flattened = new CsvForSyntaxStream(entry);
            await csv.WriteAsync(survey, flattened, excelBom: false, cancellationToken);
            header = flattened.Header ?? throw new InvalidOperationException("The response CSV had no header line.");
        }

        await body.DrainAsync(cancellationToken);

        var variables = Codebook.Describe(CsvTable.Parse(header)[0], versions, model);
        var syntax = package switch
        {
            AnalysisPackage.Spss => SpssSyntax.Write(variables, CsvEntryName, survey.Title),
            AnalysisPackage.R => RScript.Write(variables, CsvEntryName, survey.Title),
            _ => StataDo.Write(variables, CsvEntryName, survey.Title),
        };
        await using (var entry = await zip.CreateEntry(SyntaxEntryName(package), CompressionLevel.Fastest).OpenAsync(cancellationToken))
        {
            await entry.WriteAsync(new UTF8Encoding(false).GetBytes(syntax), cancellationToken);
        }

        await body.DrainAsync(cancellationToken);

        await using (var entry = await zip.CreateEntry("codebook.csv", CompressionLevel.Fastest).OpenAsync(cancellationToken))
        {
            var text = new StringWriter(CultureInfo.InvariantCulture);
            Codebook.WriteCsv(text, variables);
            await entry.WriteAsync(new UTF8Encoding(false).GetBytes(text.ToString()), cancellationToken);
        }

        await body.DrainAsync(cancellationToken);
    }

    public static async Task WriteCodebookCsvAsync(IReadOnlyList<CodebookVariable> variables, Stream output, bool excelBom, CancellationToken cancellationToken)
    {
        var sink = new CsvChunkWriter(output, excelBom);
        Codebook.WriteCsv(sink.Rows, variables);
        await sink.FlushAsync(cancellationToken);
    }

    /// <summary>The codebook as a self-contained HTML document (every text encoded).</summary>
    public static async Task WriteCodebookHtmlAsync(string title, IReadOnlyList<CodebookVariable> variables, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var e = HtmlEncoder.Default;
        var sink = new CsvChunkWriter(output, byteOrderMark: false);
        var w = sink.Rows;
        w.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Codebook: ");
        w.Write(e.Encode(title));
        w.Write("</title><style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}</style></head><body>\n<h1>Codebook: ");
        w.Write(e.Encode(title));
        w.Write("</h1>\n<p>One row per column of the wide response CSV, in its order. Empty cells are missing. Names differing in SPSS or Stata are noted.</p>\n<table data-testid=\"codebook\">\n<thead><tr>");
        foreach (var column in new[] { "Variable", "Label", "Type", "Level", "Values", "Missing", "Shown when", "Scoring", "Note" })
        {
            w.Write("<th scope=\"col\">" + column + "</th>");
        }

        w.Write("</tr></thead>\n<tbody>\n");
        foreach (var v in variables)
        {
            w.Write("<tr><th scope=\"row\"><code>");
            w.Write(e.Encode(v.Name));
            w.Write("</code></th>");
            foreach (var cell in new[] { v.Label, v.Type, v.Level.ToString().ToLowerInvariant(), Codebook.Pairs(v.Values), Codebook.Pairs(v.Missing), v.ShownWhen, v.Scoring, Codebook.Note(v) })
            {
                w.Write("<td>");
                w.Write(e.Encode(cell ?? string.Empty));
                w.Write("</td>");
            }

            w.Write("</tr>\n");
            await sink.RowWrittenAsync(cancellationToken);
        }

        w.Write("</tbody>\n</table>\n</body></html>\n");
        await sink.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The responses as JSON, streamed: <c>{"survey":{…},"responses":[{"id","submittedAtUtc","version","answers":{code: value}}]}</c>.
    /// A multiple choice or ranking answer is an array (in the respondent's order); everything else
    /// a string as stored. Like the CSV, an anonymous survey's submission time is the day only; no
    /// participant attributes or scores are included.
    /// </summary>
    public async Task WriteResponsesJsonAsync(Survey survey, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var versions = await VersionsAsync(survey.Id, cancellationToken);
        var lists = versions.SelectMany(v => v.Questions)
            .Where(q => q.Type is QuestionType.MultipleChoice or QuestionType.Ranking)
            .Select(q => q.Code)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var submittedFormat = survey.Anonymous ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss'Z'";
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteStartObject("survey");
        json.WriteString("id", survey.Id);
        json.WriteString("title", survey.Title);
        json.WriteBoolean("anonymous", survey.Anonymous);
        json.WriteEndObject();
        json.WriteStartArray("responses");
        var responses = db.Responses.AsNoTracking().Include(r => r.Answers).Where(r => r.SurveyId == survey.Id)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .AsAsyncEnumerable();
        await foreach (var response in responses.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("id", response.Id);
            json.WriteString("submittedAtUtc", response.SubmittedAt.ToString(submittedFormat, CultureInfo.InvariantCulture));
            json.WriteNumber("version", response.Version);
            json.WriteStartObject("answers");
            foreach (var answer in response.Answers.OrderBy(a => a.QuestionCode, StringComparer.Ordinal))
            {
                if (lists.Contains(answer.QuestionCode))
                {
                    json.WriteStartArray(answer.QuestionCode);
                    foreach (var value in answer.Value.Split(';', StringSplitOptions.RemoveEmptyEntries))
                    {
                        json.WriteStringValue(value);
                    }

                    json.WriteEndArray();
                }
                else
                {
                    json.WriteString(answer.QuestionCode, answer.Value);
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
            if (json.BytesPending >= JsonFlushBytes)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private async Task<List<SurveyDefinition>> VersionsAsync(Guid surveyId, CancellationToken cancellationToken) =>
        (await db.SurveyVersions.AsNoTracking()
            .Where(v => v.SurveyId == surveyId)
            .OrderByDescending(v => v.Number)
            .ToListAsync(cancellationToken))
        .Select(v => v.Definition)
        .ToList();

    private async Task<ScoringModel?> SavedModelAsync(Guid surveyId, CancellationToken cancellationToken) =>
        await ScoringModels.SavedAsync(db, surveyId, cancellationToken) is { } saved ? ScoringModel.FromJson(saved.Json) : null;

    /// <summary>The score columns the wide CSV has now (the current run's dimensions and weighting), as <see cref="ResultsCsv"/> writes them.</summary>
    private async Task<IReadOnlyList<string>> ScoreColumnsAsync(Guid surveyId, CancellationToken cancellationToken)
    {
        var run = await RunResults.CurrentRunAsync(db, surveyId, cancellationToken);
        var results = run is null ? null : await RunResults.ReadAsync(db, run.Id, cancellationToken);
        var dimensions = results is { Dimensions.Count: > 1 } ? results.Dimensions.Select(d => ResultsCsv.Slug(d.Name)).ToList() : [];
        return
        [
            .. ResultsCsv.ScoreColumns,
            .. dimensions.Select(n => "score_" + n),
            .. dimensions.Select(n => "percentile_in_segment_" + n),
            .. dimensions.Select(n => "percentile_overall_" + n),
            .. results?.Weighting is not null ? ["weight"] : Array.Empty<string>(),
        ];
    }

    /// <summary>The participant attribute names the wide CSV has columns for (names only; the same rules as <see cref="ResultsCsv"/>).</summary>
    private async Task<IReadOnlyList<string>> ParticipantAttributeNamesAsync(Survey survey, CancellationToken cancellationToken)
    {
        var names = (await db.Participants.AsNoTracking().Where(p => p.SurveyId == survey.Id).Select(p => p.AttributesJson).ToListAsync(cancellationToken))
            .SelectMany(json => Keys(json))
            .ToHashSet(StringComparer.Ordinal);
        // Anonymous responses, and responses anonymised by retention, carry their non-identifying attributes themselves.
        var kept = await db.Set<ResponseAttributes>().AsNoTracking()
            .Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == survey.Id))
            .Select(a => a.AttributesJson)
            .ToListAsync(cancellationToken);
        names.UnionWith(kept.SelectMany(Keys));
        if (survey.Anonymous)
        {
            var allowed = survey.NonIdentifyingAttributes.ToHashSet(StringComparer.OrdinalIgnoreCase);
            names.RemoveWhere(n => !allowed.Contains(n));
        }

        names.RemoveWhere(Survey.IdentifyingNames.Contains);
        return names.Order(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Keys(string json) =>
        (JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []).Keys;
}
