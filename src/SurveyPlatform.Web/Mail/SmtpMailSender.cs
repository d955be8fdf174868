using Microsoft.Extensions.Options;
using MimeKit;

namespace SurveyPlatform.Web.Mail;

/// <summary>
/// Sends through SMTP with MailKit. With no host configured it writes .eml files into a pickup
/// folder instead, so a fresh install never loses a message.
/// </summary>
internal sealed class SmtpMailSender(IOptions<SmtpOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<SmtpMailSender> logger, Observability.SurveyMetrics metrics) : IMailSender
{
    public async Task SendAsync(MailMessageContent message, CancellationToken cancellationToken)
    {
        await using var batch = OpenBatch();
        await batch.SendAsync(message, cancellationToken);
    }

    public IMailBatch OpenBatch()
    {
        var settings = options.Value;
        var from = MailboxAddress.Parse(settings.From);
        IMailBatch batch = settings.Host is { } host && !string.IsNullOrWhiteSpace(host)
            ? new SmtpSession(host, settings, from, clock, logger)
            : new PickupFolder(Path.Combine(environment.ContentRootPath, settings.PickupFolder), from, clock, logger);
        return new MeteredBatch(batch, metrics);
    }

    /// <summary>Counts each message the inner batch sent or failed to send (surveyplatform.mail.sent / .failed).</summary>
    private sealed class MeteredBatch(IMailBatch inner, Observability.SurveyMetrics metrics) : IMailBatch
    {
        public async Task SendAsync(MailMessageContent message, CancellationToken cancellationToken)
        {
            try
            {
                await inner.SendAsync(message, cancellationToken);
            }
            catch (MailDeliveryException)
            {
                metrics.MailFailed();
                throw;
            }

            metrics.MailSent();
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    internal static MimeMessage Compose(MailMessageContent content, MailboxAddress from, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return content.ToMimeMessage(from, clock.GetUtcNow());
        }
        catch (ParseException exception)
        {
            throw new MailDeliveryException($"The address cannot be used in a message: {exception.Message}", "the recipient's address could not be parsed", statusCode: null, recipientRejected: false, exception);
        }
    }

    /// <summary>What logs may say about a recipient: the domain only. Addresses, subjects and bodies (which carry tokens) stay out.</summary>
    internal static string DomainOf(MimeMessage message) => message.To.Mailboxes.FirstOrDefault()?.Domain ?? "(none)";
}
