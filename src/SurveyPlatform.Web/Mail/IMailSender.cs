namespace SurveyPlatform.Web.Mail;

/// <summary>
/// The delivery seam. Failures surface as <see cref="MailDeliveryException"/>, so features never see
/// the transport's own exception types.
/// </summary>
public interface IMailSender
{
    /// <summary>Sends one message on a connection of its own (resume links, user invitations).</summary>
    Task SendAsync(MailMessageContent message, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a batch whose messages share one SMTP connection: opened at the first message (not
    /// before), opened again if it dropped, and closed with QUIT when the batch is disposed.
    /// </summary>
    IMailBatch OpenBatch();
}

/// <summary>Messages sent one after another over one connection. Each send returns once the server accepted that message.</summary>
public interface IMailBatch : IAsyncDisposable
{
    Task SendAsync(MailMessageContent message, CancellationToken cancellationToken);
}
