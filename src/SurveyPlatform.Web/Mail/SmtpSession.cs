using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SurveyPlatform.Web.Mail;

/// <summary>
/// One SMTP connection for a batch of messages. It connects at the first message; connects again
/// when the server or the network dropped it (a 421, an I/O error, a timeout); checks a connection
/// left idle with NOOP before trusting it; and says QUIT when disposed. Every failure leaves as a
/// <see cref="MailDeliveryException"/>: a 5xx reply to RCPT TO is a bounce, anything else may be retried.
/// </summary>
internal sealed class SmtpSession(string host, SmtpOptions settings, MailboxAddress from, TimeProvider clock, ILogger logger) : IMailBatch
{
    // Servers close idle connections (Postfix after 300 s), and a slow mailing may pause for minutes between messages.
    private static readonly TimeSpan IdleBeforeCheck = TimeSpan.FromSeconds(30);

    private SmtpClient? _client;
    private long _lastReplyAt;

    public async Task SendAsync(MailMessageContent message, CancellationToken cancellationToken)
    {
        var mime = SmtpMailSender.Compose(message, from, clock);
        try
        {
            var client = await ConnectedAsync(cancellationToken);
            await client.SendAsync(mime, cancellationToken);
            _lastReplyAt = clock.GetTimestamp();
        }
        catch (Exception exception)
        {
            var failure = Describe(exception, cancellationToken);
            // A refused command leaves the session usable (MailKit resets it); anything else leaves it in an unknown state.
            if (failure is null || exception is not SmtpCommandException { StatusCode: not SmtpStatusCode.ServiceNotAvailable } || _client is not { IsConnected: true })
            {
                Drop();
            }

            if (failure is null)
            {
                throw;
            }

            throw failure;
        }

        logger.LogInformation("Mail sent to a recipient at {Domain}", SmtpMailSender.DomainOf(mime));
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not { } client)
        {
            return;
        }

        _client = null;
        using (client)
        {
            if (!client.IsConnected)
            {
                return;
            }

            try
            {
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception exception) when (Describe(exception, CancellationToken.None) is not null)
            {
                // Every message already has its answer, so a QUIT that fails loses nothing.
                logger.LogDebug("QUIT failed: {Error}", exception.Message);
            }
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } open)
        {
            if (clock.GetElapsedTime(_lastReplyAt) < IdleBeforeCheck)
            {
                return open;
            }

            try
            {
                await open.NoOpAsync(cancellationToken);
                _lastReplyAt = clock.GetTimestamp();
                return open;
            }
            catch (Exception exception) when (Describe(exception, cancellationToken) is not null)
            {
                // Nothing of the next message was sent yet, so connecting again is safe.
                logger.LogInformation("The idle SMTP connection was closed ({Error}); connecting again", exception.GetType().Name);
            }
        }

        Drop();
        var client = _client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        await client.ConnectAsync(host, settings.Port, settings.EffectiveSecurity, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, cancellationToken);
        }

        _lastReplyAt = clock.GetTimestamp();
        return client;
    }

    private void Drop()
    {
        _client?.Dispose();
        _client = null;
    }

    /// <summary>The failure as the callers see it, or null for what is not a delivery failure (cancellation, a bug).</summary>
    private MailDeliveryException? Describe(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        SmtpCommandException command => new(
            $"{(int)command.StatusCode}: {command.Message}",
            $"SMTP {(int)command.StatusCode} ({command.ErrorCode})",
            (int)command.StatusCode,
            recipientRejected: command.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)command.StatusCode >= 500,
            command),
        OperationCanceledException when !cancellationToken.IsCancellationRequested => Transient($"The SMTP server did not answer within {settings.TimeoutSeconds} s.", exception),
        TimeoutException => Transient($"The SMTP server did not answer within {settings.TimeoutSeconds} s.", exception),
        NotSupportedException when settings.EffectiveSecurity == SecureSocketOptions.StartTls =>
            Transient($"{exception.Message} (Smtp:Security requires STARTTLS.)", exception),
        SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException or AuthenticationException
            or SslHandshakeException or NotSupportedException or IOException or SocketException => Transient(exception.Message, exception),
        _ => null,
    };

    private static MailDeliveryException Transient(string message, Exception exception) =>
        new(message, $"{exception.GetType().Name}: {message}", statusCode: null, recipientRejected: false, exception);
}
