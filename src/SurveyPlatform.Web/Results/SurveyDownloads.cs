using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Results;

/// <summary>The downloads this service sends (the audit log's format names are their <see cref="DownloadFormats"/> names).</summary>
public enum DownloadFormat
{
    ResponsesCsv,
    ResponsesLongCsv,
    Xlsx,
    ScoresCsv,
    JtbdCsv,
}

/// <param name="Level">null: the highest level the caller may use.</param>
public sealed record DownloadRequest(DownloadFormat Format, ExportLevel? Level = null, bool Labels = false, bool ExcelBom = false);

public static class DownloadFormats
{
    public static string Name(DownloadFormat format) => format switch
    {
        DownloadFormat.ResponsesCsv => "responses-csv",
        DownloadFormat.ResponsesLongCsv => "responses-long-csv",
        DownloadFormat.Xlsx => "xlsx",
        DownloadFormat.ScoresCsv => "scores-csv",
        DownloadFormat.JtbdCsv => "jtbd-csv",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The level named in a query string (full, deidentified), or null with an error message.</summary>
    public static bool TryParseLevel(string? value, out ExportLevel? level)
    {
        level = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
        {
            case "FULL":
                level = ExportLevel.Full;
                return true;
            case "DEIDENTIFIED":
                level = ExportLevel.DeIdentified;
                return true;
            default:
                return false;
        }
    }

    public static string Describe(ExportLevel level) => level == ExportLevel.Full ? "full" : "de-identified";
}

/// <summary>A file built outside the response tables (JSON, codebook, syntax zips, figures): its name, type and how to write it.</summary>
public sealed record DownloadFile(string FileName, string ContentType, Func<Stream, CancellationToken, Task<long>> WriteAsync);

/// <summary>Why a download was refused: 404 (no such survey for this user, or no such file) or 403 (above the user's export level), with the reason.</summary>
public sealed record DownloadRefusal(int Status, string Message)
{
    public IActionResult ToActionResult() => Status == StatusCodes.Status404NotFound
        ? new NotFoundResult()
        : new ContentResult { StatusCode = Status, ContentType = "text/plain; charset=utf-8", Content = Message };
}

/// <summary>
/// The one place a data download is sent from (the Results page, the Downloads page and the API):
/// it finds the survey the caller may read (404 otherwise), refuses a level above the one the owner
/// allows the caller's role (403, with the reason), streams the file, and then records the download
/// in the audit log.
/// </summary>
public sealed class SurveyDownloads(AppDbContext db, ResponseTable table, TimeProvider clock, Audit.AuditTrail audit)
{
    public async Task<IActionResult> SendAsync(Guid surveyId, DownloadRequest request, HttpContext http, CancellationToken cancellationToken) =>
        await TrySendAsync(surveyId, request, http, cancellationToken) is { } refusal ? refusal.ToActionResult() : new EmptyResult();

    /// <summary>Sends a response table; null when it was sent, else why not (nothing has been written then).</summary>
    public async Task<DownloadRefusal?> TrySendAsync(Guid surveyId, DownloadRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        var (survey, level, refusal) = await AuthoriseAsync(surveyId, request.Level, user, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var response = http.Response;
        var baseName = FileStem(survey!);
        var suffix = level == ExportLevel.DeIdentified ? "-deidentified" : string.Empty;
        response.Headers.CacheControl = "no-store";
        long rows;
        switch (request.Format)
        {
            case DownloadFormat.Xlsx:
                Attachment(response, ResultsXlsx.ContentType, $"{baseName}{suffix}.xlsx");
                var counts = await ResultsXlsx.WriteAsync(
                    [
                        () => table.ResponsesAsync(survey!, new ResponseTableOptions(ResponseLayout.RowPerResponse, request.Labels, level), cancellationToken),
                        () => table.ScoresAsync(survey!, level, cancellationToken),
                        () => table.JtbdAsync(survey!, cancellationToken),
                        () => table.CodebookAsync(survey!, level, cancellationToken),
                    ],
                    response.Body,
                    cancellationToken);
                rows = counts[0];
                break;
            default:
                var (sheet, name) = request.Format switch
                {
                    DownloadFormat.ResponsesCsv => (await table.ResponsesAsync(survey!, new ResponseTableOptions(ResponseLayout.RowPerResponse, request.Labels, level), cancellationToken), "responses"),
                    DownloadFormat.ResponsesLongCsv => (await table.ResponsesAsync(survey!, new ResponseTableOptions(ResponseLayout.RowPerAnswer, request.Labels, level), cancellationToken), "responses-long"),
                    DownloadFormat.ScoresCsv => (await table.ScoresAsync(survey!, level, cancellationToken), "scores"),
                    DownloadFormat.JtbdCsv => (await table.JtbdAsync(survey!, cancellationToken), "jtbd"),
                    _ => throw new ArgumentOutOfRangeException(nameof(request)),
                };
                Attachment(response, "text/csv; charset=utf-8", $"{baseName}-{name}{suffix}.csv");
                rows = await ResultsCsv.WriteAsync(sheet, response.Body, request.ExcelBom, cancellationToken);
                break;
        }

        await RecordAsync(survey!.Id, user, DownloadFormats.Name(request.Format), level, rows);
        return null;
    }

    public async Task<IActionResult> SendFileAsync(Guid surveyId, DownloadFiles.Spec file, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return await TrySendFileAsync(surveyId, file.Format, file.Needed, http, file.Prepare, cancellationToken) is { } refusal ? refusal.ToActionResult() : new EmptyResult();
    }

    /// <summary>
    /// Sends a file that needs at least <paramref name="needed"/> (Full for one that carries response
    /// data as stored; DeIdentified for aggregates and the codebook), then records it under
    /// <paramref name="format"/> with the rows its writer reports. Null when sent.
    /// </summary>
    public async Task<DownloadRefusal?> TrySendFileAsync(Guid surveyId, string format, ExportLevel needed, HttpContext http, Func<Survey, CancellationToken, Task<DownloadFile?>> prepare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(prepare);
        var (survey, _, refusal) = await AuthoriseAsync(surveyId, needed, http.User, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await prepare(survey!, cancellationToken) is not { } file)
        {
            return new DownloadRefusal(StatusCodes.Status404NotFound, "Not found.");
        }

        http.Response.Headers.CacheControl = "no-store";
        // File names are built from ids, the public code and fixed words: no quoting needed.
        Attachment(http.Response, file.ContentType, file.FileName);
        var rows = await file.WriteAsync(http.Response.Body, cancellationToken);
        await RecordAsync(survey!.Id, http.User, format, needed, rows);
        return null;
    }

    public static string FileStem(Survey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        return $"survey-{survey.PublicCode ?? survey.Id.ToString("N")}";
    }

    private async Task<(Survey? Survey, ExportLevel Level, DownloadRefusal? Refusal)> AuthoriseAsync(Guid surveyId, ExportLevel? wanted, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(user).SingleOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        if (survey is null)
        {
            return (null, ExportLevel.DeIdentified, new DownloadRefusal(StatusCodes.Status404NotFound, "Not found."));
        }

        var allowed = await HighestLevelAsync(survey, user, cancellationToken);
        var level = wanted ?? allowed;
        return level > allowed
            ? (survey, level, new DownloadRefusal(
                StatusCodes.Status403Forbidden,
                $"The survey's owner allows you {DownloadFormats.Describe(allowed)} downloads only, so a {DownloadFormats.Describe(level)} download is refused. Ask for the de-identified level, or ask the owner to change the export levels."))
            : (survey, level, null);
    }

    /// <summary>
    /// Records a completed download. Called after the last byte was written, and not cancelled by
    /// the request's token: the file has gone, so the record must stay.
    /// </summary>
    public async Task RecordAsync(Guid surveyId, ClaimsPrincipal user, string format, ExportLevel level, long rows)
    {
        ArgumentNullException.ThrowIfNull(user);
        db.DownloadAudits.Add(new DownloadAudit(surveyId, user.UserId(), user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? string.Empty, clock.GetUtcNow().UtcDateTime, format, level, rows));
        await audit.RecordAsync(Audit.AuditKinds.Download, surveyId, $"Downloaded {format}, {DownloadFormats.Describe(level)}, {rows} row(s).", CancellationToken.None);
    }

    /// <summary>The owner has every level; a collaborator has the level the owner set for their role.</summary>
    public async Task<ExportLevel> HighestLevelAsync(Survey survey, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var userId = user.UserId();
        if (survey.OwnerId == userId)
        {
            return survey.HighestExportLevel(null);
        }

        var role = await db.SurveyShares.AsNoTracking().Where(s => s.SurveyId == survey.Id && s.UserId == userId).Select(s => (ShareRole?)s.Role).SingleOrDefaultAsync(cancellationToken);
        // ReadableBy found the survey, so a share exists; without one, the lowest level.
        return role is null ? ExportLevel.DeIdentified : survey.HighestExportLevel(role);
    }

    private static void Attachment(HttpResponse response, string contentType, string fileName)
    {
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
    }
}
