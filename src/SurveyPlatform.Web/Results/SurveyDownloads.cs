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

/// <summary>
/// The one place a data download is sent from: it finds the survey the caller may read (404
/// otherwise), refuses a level above the one the owner allows the caller's role (403, with the
/// reason), streams the file, and then records the download in the audit log.
/// </summary>
public sealed class SurveyDownloads(AppDbContext db, ResponseTable table, TimeProvider clock)
{
    public async Task<IActionResult> SendAsync(Guid surveyId, DownloadRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        var survey = await db.Surveys.AsNoTracking().ReadableBy(user).SingleOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        if (survey is null)
        {
            return new NotFoundResult();
        }

        var allowed = await HighestLevelAsync(survey, user, cancellationToken);
        var level = request.Level ?? allowed;
        if (level > allowed)
        {
            return new ContentResult
            {
                StatusCode = StatusCodes.Status403Forbidden,
                ContentType = "text/plain; charset=utf-8",
                Content = $"The survey's owner allows you {DownloadFormats.Describe(allowed)} downloads only, so a {DownloadFormats.Describe(level)} download is refused. Ask for the de-identified level, or ask the owner to change the export levels.",
            };
        }

        var response = http.Response;
        var baseName = $"survey-{survey.PublicCode ?? survey.Id.ToString("N")}";
        var suffix = level == ExportLevel.DeIdentified ? "-deidentified" : string.Empty;
        response.Headers.CacheControl = "no-store";
        long rows;
        switch (request.Format)
        {
            case DownloadFormat.Xlsx:
                Attachment(response, ResultsXlsx.ContentType, $"{baseName}{suffix}.xlsx");
                var counts = await ResultsXlsx.WriteAsync(
                    [
                        () => table.ResponsesAsync(survey, new ResponseTableOptions(ResponseLayout.RowPerResponse, request.Labels, level), cancellationToken),
                        () => table.ScoresAsync(survey, level, cancellationToken),
                        () => table.JtbdAsync(survey, cancellationToken),
                        () => table.CodebookAsync(survey, level, cancellationToken),
                    ],
                    response.Body,
                    cancellationToken);
                rows = counts[0];
                break;
            default:
                var (sheet, name) = request.Format switch
                {
                    DownloadFormat.ResponsesCsv => (await table.ResponsesAsync(survey, new ResponseTableOptions(ResponseLayout.RowPerResponse, request.Labels, level), cancellationToken), "responses"),
                    DownloadFormat.ResponsesLongCsv => (await table.ResponsesAsync(survey, new ResponseTableOptions(ResponseLayout.RowPerAnswer, request.Labels, level), cancellationToken), "responses-long"),
                    DownloadFormat.ScoresCsv => (await table.ScoresAsync(survey, level, cancellationToken), "scores"),
                    DownloadFormat.JtbdCsv => (await table.JtbdAsync(survey, cancellationToken), "jtbd"),
                    _ => throw new ArgumentOutOfRangeException(nameof(request)),
                };
                Attachment(response, "text/csv; charset=utf-8", $"{baseName}-{name}{suffix}.csv");
                rows = await ResultsCsv.WriteAsync(sheet, response.Body, request.ExcelBom, cancellationToken);
                break;
        }

        await RecordAsync(survey.Id, user, DownloadFormats.Name(request.Format), level, rows);
        return new EmptyResult();
    }

    /// <summary>
    /// Records a completed download. Called after the last byte was written, and not cancelled by
    /// the request's token: the file has gone, so the record must stay.
    /// </summary>
    public async Task RecordAsync(Guid surveyId, ClaimsPrincipal user, string format, ExportLevel level, long rows)
    {
        ArgumentNullException.ThrowIfNull(user);
        db.DownloadAudits.Add(new DownloadAudit(surveyId, user.UserId(), user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? string.Empty, clock.GetUtcNow().UtcDateTime, format, level, rows));
        await db.SaveChangesAsync(CancellationToken.None);
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
