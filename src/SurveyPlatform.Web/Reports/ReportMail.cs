using System.Globalization;
using System.Net;
using SurveyPlatform.Web.Mail;

namespace SurveyPlatform.Web.Reports;

/// <summary>The report e-mail to an invited respondent after scoring: one class, one template.</summary>
public static class ReportMail
{
    public static MailMessageContent Compose(string email, string firstName, string surveyTitle, string link, DateTime expiresAt)
    {
        var expires = expiresAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var greeting = string.IsNullOrWhiteSpace(firstName) ? "Hello," : $"Hello {firstName},";
        var text = $"""
            {greeting}

            Thank you for taking part in "{surveyTitle}". The results are in, and your organisation's
            report is ready: your readiness score and maturity level, your dimension scores, where you
            stand among your peers, and the jobs-to-be-done chart of your segment.

            Your report (a private link, please do not forward it; it works until {expires}):
            {link}
            """;
        var html = $"""
            <p>{WebUtility.HtmlEncode(greeting)}</p>
            <p>Thank you for taking part in <strong>{WebUtility.HtmlEncode(surveyTitle)}</strong>. The results are in, and your organisation's report is ready: your readiness score and maturity level, your dimension scores, where you stand among your peers, and the jobs-to-be-done chart of your segment.</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Open your report</a> (a private link, please do not forward it; it works until {WebUtility.HtmlEncode(expires)}).</p>
            """;
        return new MailMessageContent(email, $"Your report: {surveyTitle}", text, html);
    }
}
