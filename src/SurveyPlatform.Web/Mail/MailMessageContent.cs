using System.Text;
using MimeKit;
using MimeKit.Text;
using MimeKit.Utils;

namespace SurveyPlatform.Web.Mail;

/// <summary>A composed message, ready for delivery. Composition lives with each feature.</summary>
public sealed record MailMessageContent(string To, string Subject, string TextBody, string? HtmlBody = null)
{
    /// <summary>Extra headers, e.g. List-Unsubscribe.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The MIME form: text alone, or text and HTML as multipart/alternative. Subjects and names are
    /// encoded as UTF-8 where they need it.
    /// </summary>
    /// <exception cref="ParseException">The recipient is not an address MimeKit can write.</exception>
    internal MimeMessage ToMimeMessage(MailboxAddress from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(from);
        var message = new MimeMessage { Subject = Subject, Date = date, MessageId = MimeUtils.GenerateMessageId(from.Domain) };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(null, To));
        foreach (var (name, value) in Headers)
        {
            var header = new Header(name, value);
            if (Ascii.IsValid(value) && !value.AsSpan().ContainsAny('\r', '\n'))
            {
                // Written as given: MimeKit would fold a long List-Unsubscribe URL onto a line of its own.
                header.SetRawValue(Encoding.ASCII.GetBytes($" {value}\r\n"));
            }

            message.Headers.Add(header);
        }

        var text = Part(TextFormat.Plain, TextBody);
        message.Body = HtmlBody is null ? text : new MultipartAlternative { text, Part(TextFormat.Html, HtmlBody) };
        return message;
    }

    // Base64, as the earlier sender wrote it: 7-bit safe for any relay or pickup reader, and no line-length limits.
    private static TextPart Part(TextFormat format, string content) =>
        new(format) { Text = content, ContentTransferEncoding = ContentEncoding.Base64 };
}
