using System.Diagnostics;
using System.Net;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Tests.Infrastructure;
using SurveyPlatform.Web.Tests.Reliability;
using SurveyPlatform.Web.Tests.Scoring;
using Xunit.Abstractions;

namespace SurveyPlatform.Web.Tests.Deploy;

/// <summary>
/// The multi-node deployment, with real processes: one PostgreSQL database, two app processes on
/// different loopback ports, each its own Hangfire server, and Debian's nginx on a third port sending
/// requests to them in turn. Everything a user does goes through nginx.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int ScoredResponses = 2000;
    private const int Invitations = 120;

    [Fact]
    public async Task TwoNodesBehindNginx_ServeOneSignIn_TakeARespondentLoad_SendEachInvitationOnce_AndFinishAKilledNodesScoringJobOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var database = await TestDatabase.PostgreSqlAsync();
        await using (var arrange = new AppFactory(database))
        {
            using var _ = await arrange.SignedInAsync(); // the schema and the administrator
        }

        var scoredId = await ScoringCrashTests.SeedAsync(database, ScoredResponses);
        Log(clock, $"database ready, {ScoredResponses} flagship responses seeded");

        await using var a = await AppProcess.StartNodeAsync(database, Node("node-a"));
        await using var b = await AppProcess.StartNodeAsync(database, Node("node-b"));
        await using var nginx = await Nginx.StartAsync(a.Address, b.Address);
        var nodes = new Dictionary<string, AppNode> { ["node-a"] = a, ["node-b"] = b };
        Log(clock, $"nodes at {a.Address} and {b.Address}, nginx at {nginx.Address}");

        // One sign-in, then requests alternate between the nodes and the owner stays signed in on both.
        using var owner = Browser(nginx);
        await owner.SignInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        var served = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var page = await owner.GetAsync("/surveys");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("/surveys", new Uri(page.Url).AbsolutePath); // not sent to the sign-in page
            served.Add(Upstream(page));
        }

        Assert.Equal(new[] { a.Address.Authority, b.Address.Authority }.Order(StringComparer.Ordinal), served.Distinct().Order(StringComparer.Ordinal));

        // Forms rendered by one node are posted to the other: publishing a survey takes several of each.
        var (surveyId, code) = await SurveyPages.PublishFileAsync(owner, ReliabilityApp.Survey);
        Log(clock, "signed in and published through nginx");

        // A respondent load through nginx: every acknowledged save and submission stored once, as sent.
        using (var load = new RespondentLoad(code) { Server = nginx.Address })
        {
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(8, TimeSpan.FromMilliseconds(100), stop.Token);
            await SurveyPages.EventuallyAsync(() => Task.FromResult(load.Acknowledged >= 200 ? "yes" : null), TimeSpan.FromSeconds(90), "200 acknowledged page saves through nginx");
            await stop.CancelAsync();
            await running;
            Assert.DoesNotContain(load.Answers, x => (int)x.Status >= 500);
            await load.VerifyAsync(database, surveyId);
            Log(clock, $"respondent load: {load.Acknowledged} saves and submissions acknowledged, {load.Sessions.Count} sessions, verified");
        }

        // An invitation run queued through nginx, on a cluster of two job servers: each message sent once.
        var domain = $"{Guid.NewGuid():N}.example.org";
        await using (var db = database.Context())
        {
            for (var i = 0; i < Invitations; i++)
            {
                db.Participants.Add(Participant.Create(surveyId, $"n{i:D4}@{domain}", $"First{i}", "Last", null, DateTime.UtcNow).Participant!);
            }

            await db.SaveChangesAsync();
        }

        await SurveyPages.SendMailingNowAsync(owner, surveyId);
        await SurveyPages.EventuallyAsync(
            async () => Maildir.RecipientsAt(domain).Count >= Invitations && await database.PendingDeliveriesAsync() == 0 ? "yes" : null,
            TimeSpan.FromSeconds(120), () => $"{Invitations} invitations ({Maildir.RecipientsAt(domain).Count} so far)");
        await Task.Delay(1000); // anything sent twice would arrive now
        var perRecipient = Maildir.RecipientsAt(domain).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Invitations, perRecipient.Count);
        Assert.All(perRecipient, r => Assert.Equal(1, r.Value));
        Log(clock, $"{Invitations} invitations, each sent once");

        // Close the large survey through nginx; kill the node that runs its scoring job, mid-run.
        await SurveyPages.CloseAsync(owner, scoredId);
        var storage = JobStore.Open(database);
        var (jobId, serverId) = await SurveyPages.EventuallyAsync(async () =>
        {
            var processing = storage.GetMonitoringApi().ProcessingJobs(0, 100)
                .FirstOrDefault(j => j.Value.Job?.Type == typeof(ScoreSurveyJob) && j.Value.Job.Args is [Guid id, ..] && id == scoredId);
            return processing.Value is { } job && await database.LatestRunAsync(scoredId) is { Status: ScoringRunStatus.Running }
                ? Tuple.Create(processing.Key, job.ServerId)
                : null;
        }, TimeSpan.FromSeconds(60), () => "the scoring job to run on a node:\n" + JobStore.Describe(database));
        var victim = serverId.Split(':')[0];
        var survivor = nodes.Keys.Single(k => k != victim);
        await AppProcess.KillAsync(nodes[victim].Process);
        Log(clock, $"killed {victim}, which was running the scoring job {jobId}");

        // The owner keeps working: nginx sends everything to the node that is left.
        for (var i = 0; i < 4; i++)
        {
            var page = await owner.GetAsync($"/surveys/{scoredId}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(nodes[survivor].Address.Authority, Upstream(page).Split(", ")[^1]);
        }

        // The other node takes the job over once the dead node's fetch is invisible no more, and finishes the same run, once.
        await SurveyPages.EventuallyAsync(
            async () => await database.LatestRunAsync(scoredId) is { Status: ScoringRunStatus.Succeeded } run ? run : null,
            TimeSpan.FromMinutes(3), () => "the run to succeed on the other node:\n" + JobStore.Describe(database));
        Log(clock, $"the run succeeded on {survivor}");
        await Task.Delay(1500); // a second execution would have started a second run by now

        var history = storage.GetMonitoringApi().JobDetails(jobId).History;
        var ranOn = history.Where(h => h.StateName == ProcessingState.StateName).Select(h => h.Data["ServerId"].Split(':')[0]).Reverse().ToList();
        Assert.Equal(new[] { victim, survivor }, ranOn);
        Assert.Single(history, h => h.StateName == SucceededState.StateName);

        await using (var db = database.Context())
        {
            var run = Assert.Single(await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == scoredId).ToListAsync());
            Assert.Equal(ScoringRunStatus.Succeeded, run.Status);
            Assert.Equal(2, run.Attempts); // the killed attempt and the taken-over one
            Assert.Equal(ScoredResponses, run.N);
            Assert.Equal(ScoredResponses, await db.RespondentScores.CountAsync(s => s.RunId == run.Id));
            Assert.Equal(ScoredResponses, await db.RespondentScores.Where(s => s.RunId == run.Id).Select(s => s.ResponseId).Distinct().CountAsync());
            Assert.Equal(1, await db.ScoringResults.CountAsync(s => s.RunId == run.Id));
        }

        Log(clock, "done");
    }

    /// <summary>
    /// A node's settings: its Hangfire server name; short takeover times, so a dead node's job moves in
    /// seconds rather than minutes; and the scoring job's fault-injection pause mid-write, so the kill
    /// lands while the job runs (whichever node runs it).
    /// </summary>
    private static Dictionary<string, string> Node(string name) => new()
    {
        ["Jobs:ServerName"] = name,
        ["Jobs:InvisibilitySeconds"] = "10",
        ["Jobs:StaleLockSeconds"] = "10",
        [FaultInjection.Key(nameof(FaultInjection.ScoringPauseAfterRows))] = "1000",
        [FaultInjection.Key(nameof(FaultInjection.ScoringPauseSeconds))] = "8",
    };

    private static HtmlSession Browser(Nginx nginx) =>
        new(new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = nginx.Address });

    private static string Upstream(Page page) =>
        page.Response.Headers.TryGetValues(Nginx.UpstreamHeader, out var values) ? string.Join(", ", values) : throw new InvalidOperationException("nginx sent no upstream header.");

    private void Log(Stopwatch clock, string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
}
