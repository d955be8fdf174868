namespace SurveyPlatform.Web.Mail;

/// <summary>A composed message, ready for delivery. Composition lives with each feature.</summary>
public sealed record MailMessageContent(string To, string Subject, string TextBody, string? HtmlBody = null)
{
    /// <summary>Extra headers, e.g. List-Unsubscribe.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>The delivery seam: one interface, so MailKit can replace System.Net.Mail where available.</summary>
public interface IMailSender
{
    Task SendAsync(MailMessageContent message, CancellationToken cancellationToken);
}
