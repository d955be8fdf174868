using System.Net;
using SurveyPlatform.Web.Mail;

namespace SurveyPlatform.Web.Admin;

/// <summary>The invitation e-mail for a new user: one class, one template.</summary>
public static class UserInvitationMail
{
    public static MailMessageContent Compose(string email, string role, string link, DateTime expiresAt)
    {
        var expires = expiresAt.ToString("d MMMM yyyy HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        var text = $"""
            You have been invited to SurveyPlatform as {role}.

            Choose your password here (the link works once, until {expires}):
            {link}

            If you did not expect this invitation, ignore this message.
            """;
        var html = $"""
            <p>You have been invited to SurveyPlatform as <strong>{WebUtility.HtmlEncode(role)}</strong>.</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Choose your password</a> (the link works once, until {WebUtility.HtmlEncode(expires)}).</p>
            <p>If you did not expect this invitation, ignore this message.</p>
            """;
        return new MailMessageContent(email, "Your invitation to SurveyPlatform", text, html);
    }
}
