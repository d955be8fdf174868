using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Respond;

namespace SurveyPlatform.Web.Reports;

/// <summary>
/// Anonymous surveys mail nobody, so the thank-you page offers the respondent one link to their report,
/// issued once per response and only to the browser that holds the completed session's cookie; the
/// link opens the report once.
/// </summary>
public static class OneTimeReportLinks
{
    /// <summary>The completed session this browser holds, when its anonymous survey offers reports and none was issued for it yet.</summary>
    public static async Task<ResponseSession?> OfferedSessionAsync(AppDbContext db, string code, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var cookie = ResponseCookie.Read(request);
        if (cookie is null || code.Length > 16)
        {
            return null;
        }

        var survey = await db.Surveys.AsNoTracking().Where(s => s.PublicCode == code).Select(s => new { s.Id, s.Anonymous }).SingleOrDefaultAsync(cancellationToken);
        if (survey is not { Anonymous: true } || !await db.ReportSettings.AnyAsync(s => s.SurveyId == survey.Id && s.Enabled, cancellationToken))
        {
            return null;
        }

        var session = await db.ResponseSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == cookie.SessionId && s.SurveyId == survey.Id, cancellationToken);
        if (session is not { CompletedAt: not null } || !cookie.Matches(session.TokenHash))
        {
            return null;
        }

        return await db.ReportLinks.AnyAsync(l => l.ResponseId == session.Id, cancellationToken) ? null : session;
    }

    /// <summary>
    /// Issues the response's one link and returns its token, or null when one was issued already. The
    /// session row is written first in the transaction, so two posts at once issue one link.
    /// </summary>
    public static async Task<string?> IssueAsync(AppDbContext db, Guid responseId, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ResponseSessions.Where(s => s.Id == responseId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PageVersion, x => x.PageVersion), cancellationToken);
        if (await db.ReportLinks.AnyAsync(l => l.ResponseId == responseId, cancellationToken))
        {
            return null;
        }

        var (token, hash) = PersonalLinks.New();
        db.ReportLinks.Add(ReportLink.OneTimeFor(hash, responseId, UtcDay.Of(now)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return token;
    }
}
