using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Mail;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// "Save and continue later": shows the respondent's resume link and can e-mail it to them. The
/// address is used for that one message and not stored.
/// </summary>
[AllowAnonymous]
public sealed class SavedModel(AppDbContext db, IMailSender mail, ResumeMailLimits limits, IConfiguration configuration, TimeProvider clock, LinkGenerator links, ILogger<SavedModel> logger) : PageModel
{
    public RespondText Text { get; private set; } = RespondText.English;
    public string Title { get; private set; } = string.Empty;
    public string? ResumeLink { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public string? Error { get; private set; }
    public string? SentTo { get; private set; }
    private Guid _surveyId;

    [BindProperty]
    public string? Email { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken) =>
        await LoadAsync(code, cancellationToken) is null ? RedirectToPage("/Respond/Index", new { code }) : Page();

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        var session = await LoadAsync(code, cancellationToken);
        if (session is null)
        {
            return RedirectToPage("/Respond/Index", new { code });
        }

        var address = Email?.Trim() ?? string.Empty;
        if (!Participant.IsEmail(address))
        {
            Error = Text["Error_Email"];
            return Page();
        }

        if (!session.TryCountResumeMail())
        {
            Error = Text["ResumeMailLimit"];
            return Page();
        }

        // The session's own count is not saved when an hourly limit refuses: nothing was sent.
        var refusal = limits.TryTake(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", address, _surveyId);
        if (refusal != ResumeMailRefusal.None)
        {
            logger.LogWarning("A resume link e-mail for response session {SessionId} was refused: the hourly limit per {Limit} is reached", session.Id, refusal);
            Error = Text["ResumeMailBusy"];
            return Page();
        }

        // Sent first, counted after: a message the mail server did not take does not use up one of the five.
        var body = Text.Format("ResumeMailBody", Title, ResumeLink!, ExpiresAt.ToString("d MMMM yyyy", Text.Culture));
        try
        {
            await mail.SendAsync(new MailMessageContent(address, Text.Format("ResumeMailSubject", Title), body), cancellationToken);
        }
        catch (MailDeliveryException failure)
        {
            logger.LogWarning("A resume link e-mail for response session {SessionId} could not be sent: {Reason}", session.Id, failure.Reason);
            Error = Text["ResumeMailFailed"];
            return Page();
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("A resume link for response session {SessionId} was e-mailed", session.Id);
        SentTo = address;
        Email = null;
        return Page();
    }

    private async Task<ResponseSession?> LoadAsync(string code, CancellationToken cancellationToken)
    {
        // What antiforgery sets on a page with a form anyway; any other value makes it log a warning as it overrides it.
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers.Pragma = "no-cache";
        Response.Headers["Referrer-Policy"] = "no-referrer";

        // This page shows a secret beside reflected input (the e-mail address): never compress it (BREACH).
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpsCompressionFeature>() is { } compression)
        {
            compression.Mode = Microsoft.AspNetCore.Http.Features.HttpsCompressionMode.DoNotCompress;
        }

        var cookie = ResponseCookie.Read(Request);
        var survey = code.Length > 16 || cookie is null ? null : await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.PublicCode == code, cancellationToken);
        if (survey is null)
        {
            return null;
        }

        var session = await db.ResponseSessions.SingleOrDefaultAsync(s => s.Id == cookie!.SessionId && s.SurveyId == survey.Id, cancellationToken);
        if (session is null || !cookie!.Matches(session.TokenHash) || session.Access(survey, clock.GetUtcNow().UtcDateTime) is not (SessionAccess.Open or SessionAccess.Grace))
        {
            return null;
        }

        Text = RespondText.For(survey.Language, Request);
        Title = survey.Title;
        _surveyId = survey.Id;
        // The path without this request's base: AppLinks.BaseUrl already ends with it (or is the configured public URL).
        ResumeLink = AppLinks.BaseUrl(Request, configuration) + links.GetPathByPage("/Respond/Resume", values: new { code, secret = cookie.Value });
        ExpiresAt = session.ExpiresAt;
        return session;
    }
}
