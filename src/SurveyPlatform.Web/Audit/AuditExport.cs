using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;

namespace SurveyPlatform.Web.Audit;

/// <summary>Streams the filtered trail as CSV and then records the export itself in the trail.</summary>
public static class AuditExport
{
    public static async Task SendAsync(AppDbContext db, AuditTrail audit, AuditFilter filter, Guid? surveyId, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(http);
        var response = http.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentDisposition = surveyId is { } id ? $"attachment; filename=\"audit-{id:N}.csv\"" : "attachment; filename=\"audit.csv\"";
        var rows = await ResultsCsv.WriteAsync(filter.Sheet(db, surveyId, cancellationToken), response.Body, excelBom: false, cancellationToken);
        db.ChangeTracker.Clear();
        await audit.RecordAsync(AuditKinds.AuditExported, surveyId, $"Exported {rows} audit entr{(rows == 1 ? "y" : "ies")} as CSV ({filter.Describe(surveyId)}).", CancellationToken.None);
    }
}
