using MimeKit;

namespace SurveyPlatform.Web.Mail;

/// <summary>
/// Writes each message as an .eml file into the pickup folder: under a temporary name first, then
/// renamed, so whoever reads the folder never sees half a file.
/// </summary>
internal sealed class PickupFolder(string folder, MailboxAddress from, TimeProvider clock, ILogger logger) : IMailBatch
{
    private static readonly FormatOptions Format = new() { NewLineFormat = NewLineFormat.Dos };

    public async Task SendAsync(MailMessageContent message, CancellationToken cancellationToken)
    {
        var mime = SmtpMailSender.Compose(message, from, clock);
        var name = Guid.NewGuid().ToString("N");
        var temporary = Path.Combine(folder, $".{name}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 16 * 1024, useAsync: true))
            {
                await mime.WriteToAsync(Format, file, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path.Combine(folder, $"{name}.eml"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new MailDeliveryException($"The message could not be written to the pickup folder: {exception.Message}", $"{exception.GetType().Name}: {exception.Message}", statusCode: null, recipientRejected: false, exception);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        logger.LogInformation("Mail for a recipient at {Domain} written to the pickup folder", SmtpMailSender.DomainOf(mime));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
