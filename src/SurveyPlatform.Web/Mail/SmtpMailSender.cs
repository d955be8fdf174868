using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace SurveyPlatform.Web.Mail;

/// <summary>
/// Sends through SMTP with System.Net.Mail. With no host configured it writes .eml files into a
/// pickup folder instead, so a fresh install never loses a message.
/// </summary>
internal sealed class SmtpMailSender(IOptions<SmtpOptions> options, IHostEnvironment environment, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task SendAsync(MailMessageContent message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        using var mail = new MailMessage
        {
            From = new MailAddress(settings.From),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.TextBody,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        mail.To.Add(new MailAddress(message.To));
        foreach (var (name, value) in message.Headers)
        {
            mail.Headers.Add(name, value);
        }

        if (message.HtmlBody is not null)
        {
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
        }

        using var client = new SmtpClient();
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            var folder = Path.Combine(environment.ContentRootPath, settings.PickupFolder);
            Directory.CreateDirectory(folder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = folder;
        }
        else
        {
            client.Host = settings.Host;
            client.Port = settings.Port;
            client.EnableSsl = settings.EnableSsl;
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
            }
        }

        await client.SendMailAsync(mail, cancellationToken);
        // The recipient's domain only: addresses, subjects (which may carry names) and bodies (which carry tokens) stay out of logs.
        logger.LogInformation("Mail sent to a recipient at {Domain}", mail.To[0].Host);
    }
}
