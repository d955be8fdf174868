using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Distribution;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>
/// Kill the app in the middle of a 1,000-message invitation run (a real process, stopped hard), start it
/// again on the same database, and let it finish: everyone has exactly one invitation.
/// </summary>
public sealed class MailingCrashTests
{
    private const int People = 1000;

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task KilledMidRun_AndRestarted_EveryParticipantGetsExactlyOneInvitation(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var domain = $"{Guid.NewGuid():N}.example.org";
        Guid id;
        await using (var arrange = new AppFactory(database))
        {
            using var owner = await arrange.SignedInAsync();
            (id, _) = await SurveyPages.CreateStandardAsync(owner);
            await arrange.WithDbAsync(async db =>
            {
                for (var i = 0; i < People; i++)
                {
                    db.Participants.Add(Participant.Create(id, $"p{i:D4}@{domain}", $"First{i}", "Last", null, DateTime.UtcNow).Participant!);
                }

                return await db.SaveChangesAsync();
            });

            // Due in a few seconds, so this in-process app has stopped before it starts sending.
            await SurveyPages.SendMailingNowAsync(owner, id, sendAt: DateTime.UtcNow.AddSeconds(6));
            Assert.Equal(People, await arrange.WithDbAsync(db => db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending)));
        }

        // The first app pauses after 150 messages, each committed, and is killed there (see
        // FaultInjection.MailingPauseAfterMessages: a kill at a random moment may land between the server's "250 OK" and the
        // commit, the one case SMTP cannot make exactly-once).
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The killed app's lock on the mailing is taken over after 10 s instead of the default 60 (30 on SQLite).
        var pause = new Dictionary<string, string> { [FaultInjection.Key(nameof(FaultInjection.MailingPauseAfterMessages))] = "150", [AppProcess.StaleLockSetting] = "10" };
        using (var first = AppProcess.Start(database, pause, line =>
               {
                   if (line.Contains("paused after 150 messages", StringComparison.Ordinal))
                   {
                       paused.TrySetResult();
                   }
               }))
        {
            var ended = await Task.WhenAny(paused.Task, first.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
            Assert.True(ended == paused.Task, "The first app did not pause after 150 messages: it exited, or 90 s passed.");
            await AppProcess.KillAsync(first);
        }

        var atKill = Count(domain);
        Assert.InRange(atKill, 150, People - 1); // Killed in the middle of the run, not after it.

        using (var second = AppProcess.Start(database, new Dictionary<string, string> { [AppProcess.StaleLockSetting] = "10" }))
        {
            await AppProcess.WaitAsync(async () => Count(domain) >= People && await database.PendingDeliveriesAsync() == 0, TimeSpan.FromSeconds(120), "the rest of the run after the restart", second);
            await Task.Delay(1000); // Anything sent twice would arrive now.
            await AppProcess.KillAsync(second);
        }

        var perRecipient = Recipients(domain).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(People, perRecipient.Count);
        Assert.All(perRecipient, r => Assert.Equal(1, r.Value));
        await using var check = new AppFactory(database);
        Assert.Equal(People, await check.WithDbAsync(db => db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent)));
    }

    /// <summary>
    /// A graceful stop (SIGTERM) in the middle of a slow mailing: the node stops within its shutdown time,
    /// gives the running job back to the queue instead of leaving it with a dead node, and the next start
    /// sends the rest, everyone exactly once.
    /// </summary>
    [Fact]
    public async Task StoppedGracefully_MidRun_ReleasesTheJob_AndTheRestIsSentOnceAfterARestart()
    {
        const int people = 40;
        await using var database = TestDatabase.Sqlite();
        var domain = $"{Guid.NewGuid():N}.example.org";
        Guid mailingId;
        await using (var arrange = new AppFactory(database))
        {
            using var owner = await arrange.SignedInAsync();
            var (id, _) = await SurveyPages.CreateStandardAsync(owner);
            await arrange.WithDbAsync(async db =>
            {
                for (var i = 0; i < people; i++)
                {
                    db.Participants.Add(Participant.Create(id, $"g{i:D4}@{domain}", $"First{i}", "Last", null, DateTime.UtcNow).Participant!);
                }

                return await db.SaveChangesAsync();
            });

            await SurveyPages.SendMailingNowAsync(owner, id, ratePerMinute: 60, sendAt: DateTime.UtcNow.AddSeconds(6)); // one a second: the run takes 40 s
            mailingId = await arrange.WithDbAsync(db => db.Mailings.Where(m => m.SurveyId == id).Select(m => m.Id).SingleAsync());
        }

        // The stopped node's console (warnings and errors, the messages sent, each timed), for the failure message:
        // a job store that could not take the job back says why there. (It showed the job cancelled in the same
        // millisecond as the server gave up on it: JobsServiceCollectionExtensions.SetStopTimes.)
        var firstLog = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var firstSettings = new Dictionary<string, string>
        {
            ["Logging:Console:TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging:LogLevel:SurveyPlatform.Web.Mail"] = "Information",
        };
        using (var first = AppProcess.Start(database, firstSettings, firstLog.Enqueue))
        {
            await AppProcess.WaitAsync(() => Task.FromResult(Count(domain) >= 3), TimeSpan.FromSeconds(60), "the first messages", first);
            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", first.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            var stopped = first.WaitForExitAsync();
            Assert.True(await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(50))) == stopped, "The app did not stop within 50 s of SIGTERM.");
            Assert.Equal(0, first.ExitCode);
        }

        Assert.InRange(Count(domain), 3, people - 1); // stopped in the middle of the run
        Assert.True(
            Infrastructure.JobStore.Waiting<SendMailingJob>(Infrastructure.JobStore.Open(database), mailingId) >= 1,
            "The stopped node did not give the mailing job back to the queue:\n" + Infrastructure.JobStore.Describe(database)
            + "\nThe stopped node's console:\n" + string.Join('\n', firstLog.TakeLast(200)));

        using (var second = AppProcess.Start(database))
        {
            await AppProcess.WaitAsync(async () => Count(domain) >= people && await database.PendingDeliveriesAsync() == 0, TimeSpan.FromSeconds(120), "the rest of the run after the restart", second);
            await Task.Delay(1000);
            await AppProcess.KillAsync(second);
        }

        var perRecipient = Recipients(domain).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(people, perRecipient.Count);
        Assert.All(perRecipient, r => Assert.Equal(1, r.Value));
    }

    private static int Count(string domain) => Recipients(domain).Count;

    private static List<string> Recipients(string domain) => Maildir.RecipientsAt(domain);
}
