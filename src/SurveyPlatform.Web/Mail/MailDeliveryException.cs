namespace SurveyPlatform.Web.Mail;

/// <summary>
/// A message was not delivered. <see cref="Exception.Message"/> is what the owner may see, such as
/// "550: 5.1.1 No such user" (a server's reply can quote the address); <see cref="Reason"/> never
/// names the recipient and is what logs show.
/// </summary>
public sealed class MailDeliveryException : Exception
{
    public MailDeliveryException()
        : this("The message could not be delivered.")
    {
    }

    public MailDeliveryException(string message)
        : this(message, innerException: null)
    {
    }

    public MailDeliveryException(string message, Exception? innerException)
        : this(message, message, statusCode: null, recipientRejected: false, innerException)
    {
    }

    internal MailDeliveryException(string message, string reason, int? statusCode, bool recipientRejected, Exception? innerException)
        : base(message, innerException)
    {
        Reason = reason;
        StatusCode = statusCode;
        RecipientRejected = recipientRejected;
    }

    /// <summary>The SMTP reply code, when the server answered with one.</summary>
    public int? StatusCode { get; }

    /// <summary>The server refused the recipient for good (a 5xx reply to RCPT TO): a bounce, not worth retrying.</summary>
    public bool RecipientRejected { get; }

    /// <summary>The failure without the server's free text: status code and kind, or the transport's error.</summary>
    public string Reason { get; }
}
