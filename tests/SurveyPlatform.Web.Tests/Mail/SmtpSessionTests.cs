using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using SurveyPlatform.Web.Mail;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Mail;

/// <summary>
/// The SMTP session against a server that hangs up after each message (as one whose idle timeout
/// passed): a connection left idle is checked with NOOP and replaced before the next message; a
/// connection dropped without warning fails that one message (to be retried) and the next connects again.
/// </summary>
public sealed class SmtpSessionTests
{
    private static MailMessageContent Message(string to) => new(to, "Subject", "Text");

    private static SmtpSession Session(RefusingSmtpServer smtp, TimeProvider clock) =>
        new("127.0.0.1", new SmtpOptions { Port = smtp.Port, TimeoutSeconds = 5 }, MailboxAddress.Parse("sender@example.org"), clock, NullLogger.Instance);

    [Fact]
    public async Task AConnectionIdleForMinutes_IsCheckedWithNoop_AndReplacedBeforeTheNextMessage()
    {
        using var smtp = new RefusingSmtpServer(messagesPerSession: 1, hangUp: true);
        var clock = new SteppedClock();
        await using (var session = Session(smtp, clock))
        {
            await session.SendAsync(Message("one@example.org"), CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(2));
            await session.SendAsync(Message("two@example.org"), CancellationToken.None);
        }

        Assert.Equal(["one@example.org", "two@example.org"], smtp.Delivered);
        Assert.Equal(2, smtp.Sessions);
    }

    [Fact]
    public async Task AnIdleConnectionThatIsStillOpen_AnswersNoop_AndIsKept()
    {
        using var smtp = new RefusingSmtpServer();
        var clock = new SteppedClock();
        await using (var session = Session(smtp, clock))
        {
            await session.SendAsync(Message("one@example.org"), CancellationToken.None);
            await session.SendAsync(Message("two@example.org"), CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(2));
            await session.SendAsync(Message("three@example.org"), CancellationToken.None);
        }

        Assert.Equal(3, smtp.Delivered.Count);
        Assert.Equal(1, smtp.Sessions);
        Assert.Equal(1, smtp.Commands.Count(c => c == "NOOP")); // Only after the pause.
        Assert.Equal(1, smtp.Quits);
    }

    [Fact]
    public async Task AConnectionDroppedWithoutWarning_FailsOneMessageForRetry_AndTheNextConnectsAgain()
    {
        using var smtp = new RefusingSmtpServer(messagesPerSession: 1, hangUp: true);
        await using (var session = Session(smtp, new SteppedClock()))
        {
            await session.SendAsync(Message("one@example.org"), CancellationToken.None);
            var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => session.SendAsync(Message("two@example.org"), CancellationToken.None));
            Assert.False(failure.RecipientRejected);
            Assert.Null(failure.StatusCode);
            await session.SendAsync(Message("three@example.org"), CancellationToken.None);
        }

        Assert.Equal(["one@example.org", "three@example.org"], smtp.Delivered);
        Assert.Equal(2, smtp.Sessions);
    }

    [Fact]
    public async Task ABatchThatSendsNothing_NeverConnects()
    {
        using var smtp = new RefusingSmtpServer();
        await using (Session(smtp, TimeProvider.System))
        {
        }

        Assert.Equal(0, smtp.Sessions);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
