using System.Text.RegularExpressions;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Mail;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Mail;

/// <summary>
/// What the messages look like, read back with MimeKit: through the real loopback SMTP server
/// (aiosmtpd) and from the pickup folder.
/// </summary>
public sealed partial class MessageFormatTests
{
    private const string Title = "Jürgen Groß – Umfrage";
    private const string Sender = "Jürgen Groß – Umfrage <umfrage@example.org>";

    [GeneratedRegex(@"\A<http://localhost/o/[A-Za-z0-9_-]{43}>\z")]
    private static partial Regex OptOutHeader();

    [Fact]
    public async Task AnInvitation_ThroughTheLoopbackServer_IsTextAndHtml_WithUtf8SubjectAndSender_AndOneClickUnsubscribe()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["Smtp:From"] = Sender,
            ["App:PublicBaseUrl"] = "http://localhost",
        });
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner, Title);
        var domain = $"{Guid.NewGuid():N}.example.org";
        await app.WithDbAsync(async db =>
        {
            db.Participants.Add(Participant.Create(id, $"jg@{domain}", "Jürgen", "Groß", null, DateTime.UtcNow).Participant!);
            return await db.SaveChangesAsync();
        });
        var page = await owner.GetAsync($"/surveys/{id}/mailings");
        var form = page.Document.QuerySelectorAll("#mailing-form input[name], #mailing-form textarea[name]")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? string.Empty);
        form["RatePerMinute"] = "100000";
        await owner.PostRawAsync($"/surveys/{id}/mailings?handler=Send", form);

        var file = await SurveyPages.EventuallyAsync(
            () => Task.FromResult(Directory.GetFiles(Path.Combine(Maildir.Folder, "new")).FirstOrDefault(f => File.ReadAllText(f).Contains($"@{domain}", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the invitation at the SMTP server");
        Assert.All(await File.ReadAllBytesAsync(file), b => Assert.True(b < 128, "The message is not 7-bit clean."));
        var message = await MimeMessage.LoadAsync(file);

        Assert.Equal($"Invitation: {Title}", message.Subject);
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal(Title, from.Name);
        Assert.Equal("umfrage@example.org", from.Address);
        Assert.Equal($"jg@{domain}", Assert.Single(message.To.Mailboxes).Address);
        Assert.Matches(OptOutHeader(), message.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers[HeaderId.ListUnsubscribePost]);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(2, alternative.Count);
        var text = Assert.IsType<TextPart>(alternative[0]);
        var html = Assert.IsType<TextPart>(alternative[1]);
        Assert.True(text.IsPlain);
        Assert.True(html.IsHtml);
        Assert.Contains("Dear Jürgen,", text.Text, StringComparison.Ordinal);
        Assert.Contains(Title, text.Text, StringComparison.Ordinal);
        Assert.Contains("Dear Jürgen,", System.Net.WebUtility.HtmlDecode(html.Text), StringComparison.Ordinal);
        Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);
    }

    [Fact]
    public async Task WithNoHost_EachMessageIsAnEmlFile_ThatMimeKitReadsWithBothParts_AndNoTemporaryFileStays()
    {
        var pickup = Path.Combine(Path.GetTempPath(), "sp-tests", "pickup-" + Guid.NewGuid().ToString("N"));
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = string.Empty,
            ["Smtp:PickupFolder"] = pickup,
            ["Smtp:From"] = Sender,
        });
        var mail = app.Services.GetRequiredService<IMailSender>();

        await mail.SendAsync(new MailMessageContent("one@example.org", Title, "Grüße, Jürgen", "<p>Grüße, <b>Jürgen</b></p>")
        {
            Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<http://localhost/o/x>" },
        }, CancellationToken.None);
        await using (var batch = mail.OpenBatch())
        {
            await batch.SendAsync(new MailMessageContent("two@example.org", "Plain", "Text only"), CancellationToken.None);
        }

        var files = Directory.GetFiles(pickup);
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.EndsWith(".eml", f, StringComparison.Ordinal));
        var messages = await Task.WhenAll(files.Select(f => MimeMessage.LoadAsync(f)));
        var first = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "one@example.org");
        Assert.Equal(Title, first.Subject);
        Assert.Equal(Title, first.From.Mailboxes.Single().Name);
        Assert.Equal("<http://localhost/o/x>", first.Headers[HeaderId.ListUnsubscribe]);
        var alternative = Assert.IsType<MultipartAlternative>(first.Body);
        Assert.Equal("Grüße, Jürgen", Assert.IsType<TextPart>(alternative[0]).Text);
        Assert.Equal("<p>Grüße, <b>Jürgen</b></p>", Assert.IsType<TextPart>(alternative[1]).Text);
        var second = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "two@example.org");
        Assert.True(Assert.IsType<TextPart>(second.Body).IsPlain);
        Directory.Delete(pickup, recursive: true);
    }

    [Theory]
    [InlineData(null, null, SecureSocketOptions.None)]
    [InlineData(null, "true", SecureSocketOptions.StartTls)]
    [InlineData("StartTlsWhenAvailable", "true", SecureSocketOptions.StartTlsWhenAvailable)]
    [InlineData("SslOnConnect", null, SecureSocketOptions.SslOnConnect)]
    [InlineData("none", "true", SecureSocketOptions.None)]
    public void Security_IsReadFromSmtpSecurity_ElseFromTheOlderEnableSsl(string? security, string? enableSsl, SecureSocketOptions expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:Security"] = security,
            ["Smtp:EnableSsl"] = enableSsl,
        }).Build();
        var options = configuration.GetSection("Smtp").Get<SmtpOptions>() ?? new SmtpOptions();
        Assert.Equal(expected, options.EffectiveSecurity);
        Assert.Equal(100, options.TimeoutSeconds);
    }
}
