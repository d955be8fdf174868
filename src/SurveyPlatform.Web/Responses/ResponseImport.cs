using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Importing.Responses;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Web.Responses;

/// <summary>Limits on a response file ("ResponseImport" section).</summary>
public sealed class ResponseImportOptions
{
    public const string Section = "ResponseImport";

    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
    public int MaxRows { get; set; } = 50_000;
}

/// <summary>
/// What an import (or its dry run) found. Row 0 in an error means the file as a whole.
/// <see cref="New"/> rows are valid and not imported before; <see cref="Imported"/> is how many were
/// stored (always 0 on a dry run, and 0 whenever there is an error).
/// </summary>
public sealed record ResponseImportReport(
    bool DryRun,
    int RowsRead,
    int New,
    int Imported,
    int AlreadyImported,
    IReadOnlyList<ImportError> Errors,
    IReadOnlyList<string> IgnoredColumns)
{
    public string? IdColumn { get; init; }
    public string? SubmittedColumn { get; init; }

    /// <summary>Whether a re-score of the closed survey was queued by this import.</summary>
    public bool RescoreQueued { get; init; }

    public bool IsValid => Errors.Count == 0;

    public static ResponseImportReport Failed(bool dryRun, string message) =>
        new(dryRun, 0, 0, 0, 0, [new ImportError(0, string.Empty, message)], []);
}

/// <summary>
/// Brings responses from a file (CSV or JSON, question codes as columns) into a survey. The caller
/// has already checked that the user may edit the survey. Every row is checked against the survey's
/// current published version first; if any row has an error nothing is stored. Otherwise the new
/// rows are stored in one SaveChanges (one transaction), marked as imported, with their original
/// ids and submission times. Rows whose respondent id was imported before are skipped, so importing
/// the same file twice adds nothing. Importing into a closed survey queues a re-score with the
/// responses, committed with them, so the scores include what was imported.
/// </summary>
public sealed partial class ResponseImport(AppDbContext db, ISurveyJobs jobs, TimeProvider clock, IOptions<ResponseImportOptions> options, ILogger<ResponseImport> logger, Audit.AuditTrail audit)
{
    public const string ScoringTrigger = "import";

    public Task<ResponseImportReport> DryRunAsync(Survey survey, Stream file, ResponseFileFormat format, string? idColumn, CancellationToken cancellationToken) =>
        RunAsync(survey, file, format, idColumn, store: false, cancellationToken);

    public Task<ResponseImportReport> ImportAsync(Survey survey, Stream file, ResponseFileFormat format, string? idColumn, CancellationToken cancellationToken) =>
        RunAsync(survey, file, format, idColumn, store: true, cancellationToken);

    /// <summary>The format a file name or its first character suggests: JSON for <c>.json</c> or a leading <c>[</c>, otherwise CSV.</summary>
    public static ResponseFileFormat Detect(string? fileName, ReadOnlySpan<byte> start)
    {
        if (fileName?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true)
        {
            return ResponseFileFormat.Json;
        }

        foreach (var b in start)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }

            return b == (byte)'[' ? ResponseFileFormat.Json : ResponseFileFormat.Csv;
        }

        return ResponseFileFormat.Csv;
    }

    private async Task<ResponseImportReport> RunAsync(Survey survey, Stream file, ResponseFileFormat format, string? idColumn, bool store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(file);
        var limits = options.Value;
        var bytes = await ReadLimitedAsync(file, limits.MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return ResponseImportReport.Failed(!store, $"The file is larger than {Megabytes(limits.MaxBytes)}. Split it into smaller files; importing them one after the other is safe.");
        }

        if (survey.PublishedVersion == 0)
        {
            return ResponseImportReport.Failed(!store, "Publish the survey first: imported responses are checked against its published questions.");
        }

        var version = await db.SurveyVersions.AsNoTracking()
            .SingleAsync(v => v.SurveyId == survey.Id && v.Number == survey.PublishedVersion, cancellationToken);
        ResponseFileTable table;
        try
        {
            table = ResponseFile.Read(bytes, format);
        }
        catch (ImportFormatException ex)
        {
            return ResponseImportReport.Failed(!store, ex.Message);
        }

        if (table.Rows.Count > limits.MaxRows)
        {
            return ResponseImportReport.Failed(!store, $"The file has {table.Rows.Count:N0} rows; at most {limits.MaxRows:N0} can be imported at once. Split it into smaller files.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var checkedRows = ResponseRows.Check(version.Definition, table, idColumn, null, now);
        var report = new ResponseImportReport(!store, checkedRows.RowsRead, 0, 0, 0, checkedRows.Errors, checkedRows.IgnoredColumns)
        {
            IdColumn = checkedRows.IdColumn,
            SubmittedColumn = checkedRows.SubmittedColumn,
        };
        if (!checkedRows.IsValid)
        {
            return report;
        }

        for (var attempt = 1; ; attempt++)
        {
            var existing = await ExistingIdsAsync(survey.Id, cancellationToken);
            var fresh = checkedRows.Rows.Where(r => r.ExternalId is null || !existing.Contains(r.ExternalId)).ToList();
            report = report with { New = fresh.Count, AlreadyImported = checkedRows.Rows.Count - fresh.Count };
            if (!store || fresh.Count == 0)
            {
                return report;
            }

            foreach (var row in fresh)
            {
                var submitted = row.SubmittedAt ?? now;
                db.Responses.Add(SurveyResponse.Import(survey.Id, version.Number, row.ExternalId, row.Answers, survey.Anonymous ? UtcDay.Of(submitted) : submitted));
            }

            // Scores of a closed survey must include what was imported: the run is committed with the responses.
            var rescore = survey.Status == SurveyStatus.Closed;
            if (rescore)
            {
                await SurveyScoring.QueueRunAsync(db, survey.Id, ScoringTrigger, now, cancellationToken);
            }

            try
            {
                await audit.RecordAsync(Audit.AuditKinds.ResponsesImported, survey.Id, $"{fresh.Count} response(s) imported ({report.AlreadyImported} already there){(rescore ? "; re-scoring queued" : string.Empty)}.", cancellationToken);
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // Another import of the same rows committed first; the unique index refused this whole
                // batch, so nothing was stored. Look again at what is there now and store the rest.
                db.ChangeTracker.Clear();
                continue;
            }

            if (rescore)
            {
                await jobs.EnqueueScoringAsync(survey.Id, cancellationToken);
            }

            LogImported(logger, fresh.Count, survey.Id, report.AlreadyImported);
            return report with { Imported = fresh.Count, RescoreQueued = rescore };
        }
    }

    private async Task<HashSet<string>> ExistingIdsAsync(Guid surveyId, CancellationToken cancellationToken) =>
        (await db.Responses.AsNoTracking()
            .Where(r => r.SurveyId == surveyId && r.ExternalId != null)
            .Select(r => r.ExternalId!)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    private static async Task<byte[]?> ReadLimitedAsync(Stream file, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static string Megabytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Count} responses into survey {SurveyId} ({Skipped} already imported)")]
    private static partial void LogImported(ILogger logger, int count, Guid surveyId, int skipped);
}
