using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using AngleSharp;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Health;
using SurveyPlatform.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SurveyPlatform.Web.Tests.Reliability;

/// <summary>
/// PostgreSQL stops for half a minute under light load (a cluster of the test's own, stopped as for
/// maintenance) while the app keeps running. Respondents get a "try again" page with 503 and Retry-After,
/// never a 500; the readiness check says unhealthy; nothing half-written is stored; and once the database
/// is back the app serves and saves again by itself, without a restart.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DatabaseStoppedUnderLoad_RespondentsGetTryAgainWith503_AndTheAppRecoversWhenItIsBack()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await PostgresCluster.StartAsync();
        await using var database = await TestDatabase.PostgreSqlAsync(cluster.ConnectionString);
        var (started, surveyId, code) = await ReliabilityApp.StartWithSurveyAsync(database, output: AppLine);
        await using var app = started;
        using var probe = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(20) };
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Log(clock, "cluster and app started, survey published");

        using var load = new RespondentLoad(code) { Server = app.Address };
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(3, TimeSpan.FromMilliseconds(500), stop.Token);
        await AppProcess.WaitAsync(() => Task.FromResult(load.Acknowledged >= 10), TimeSpan.FromSeconds(30), "the first page saves", app.Process);

        // One respondent has the page open when the database goes: their save is then refused, not lost silently.
        using var holder = new RespondentBrowser();
        var heldHtml = await holder.Client.GetStringAsync(new Uri(app.Address, $"/s/{code}"));
        var heldPage = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(heldHtml));
        var heldFields = heldPage.QuerySelectorAll($"{RespondentPages.SurveyForm} input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .Append(new("nav", "next")).ToList();

        await cluster.StopAsync();
        var stoppedAt = DateTime.UtcNow;
        var before = load.Acknowledged;
        Log(clock, $"database stopped with {before} acknowledged");

        // During the outage: the readiness check fails, respondents are told to try again.
        await AppProcess.WaitAsync(async () => (await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10), "/health/ready to report the outage", app.Process);
        var left = Outage - (DateTime.UtcNow - stoppedAt);
        await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        using (var heldPost = await holder.Client.PostAsync(new Uri(app.Address, $"/s/{code}"), new FormUrlEncodedContent(heldFields)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, heldPost.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableHandler.RetryAfterSeconds), heldPost.Headers.RetryAfter?.Delta);
            Assert.Contains("Please try again in a moment", await heldPost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode); // the process is fine: no restart for a database outage
        var duringOutage = load.Answers.Where(a => a.At > stoppedAt.AddSeconds(2)).ToList();
        Assert.True(load.Acknowledged - before <= 3, $"{load.Acknowledged - before} page saves were acknowledged while the database was down."); // at most those in flight at the stop
        Log(clock, $"outage over: {duringOutage.Count} answers during it, {load.Unanswered} unanswered");

        // Back: the app serves and saves again, by itself.
        await cluster.StartAgainAsync();
        var backAt = DateTime.UtcNow;
        var atRestart = load.Acknowledged;
        await AppProcess.WaitAsync(() => Task.FromResult(load.Acknowledged >= atRestart + 10), TimeSpan.FromSeconds(30), "page saves after the database came back", app.Process);
        Log(clock, $"saving again {(DateTime.UtcNow - backAt).TotalSeconds:0.0} s after the database came back");
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        await stop.CancelAsync();
        await running;

        // Never a 500: a clear "try again" page with 503 and Retry-After, for every request the outage failed.
        var failed = load.Answers.Count(a => a.Status == HttpStatusCode.InternalServerError);
        Assert.True(failed == 0, $"{failed} requests answered 500. The exceptions in the app's log (the 500's cause among them):\n{string.Join('\n', AppExceptions())}");
        var refused = load.Answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(refused); // page saves in flight at the stop may or may not be among them; the held page's save above always is
        Assert.All(refused, a =>
        {
            Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableHandler.RetryAfterSeconds), a.RetryAfter);
            Assert.Equal("Please try again in a moment", a.Heading);
            Assert.InRange(a.At, stoppedAt.AddSeconds(-1), backAt.AddSeconds(30));
        });
        Assert.All(duringOutage, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
        Assert.Equal(0, load.Unanswered); // the app itself never went away

        // Nothing half-written: every acknowledged save is there as sent, every stored response is whole.
        await load.VerifyAsync(database, surveyId);
        Log(clock, $"done: {refused.Count} requests answered 503, {load.Acknowledged} acknowledged in all");
    }

    /// <summary>
    /// SQLite's write lock held by another program (a backup, a maintenance script) past the app's busy
    /// timeout: the respondent's page post gets the same 503 "try again" page and saves nothing; sent again
    /// once the lock is gone, it is saved, once.
    /// </summary>
    [Fact]
    public async Task SqliteWriteLockHeldPastTheBusyTimeout_ThePagePostGets503TryAgain_AndSentAgainItIsSavedOnce()
    {
        await using var database = TestDatabase.Sqlite();
        var (started, surveyId, code) = await ReliabilityApp.StartWithSurveyAsync(database, new Dictionary<string, string>
        {
            ["ConnectionStrings:Default"] = database.ConnectionString + ";Default Timeout=2",
        });
        await using var app = started;
        using var browser = new RespondentBrowser();
        var url = new Uri(app.Address, $"/s/{code}");
        var html = await browser.Client.GetStringAsync(url);
        var document = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html).Address(url));
        var form = document.QuerySelectorAll("form[data-answers] input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty)).ToList();
        form.AddRange([new("a.name", "Held up"), new("a.years", "7"), new("nav", "next")]);
        var sessionId = Guid.Parse(form.Single(f => f.Key == "ResponseId").Value);

        HttpResponseMessage refused;
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString))
        {
            await other.OpenAsync();
            await using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync();
            using var content = new FormUrlEncodedContent(form);
            refused = await browser.Client.PostAsync(url, content);
            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync();
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(DatabaseUnavailableHandler.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("Please try again in a moment", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var db = database.Context())
        {
            Assert.False(await db.ResponseSessions.AnyAsync(s => s.Id == sessionId), "The refused post saved its session.");
        }

        using (var content = new FormUrlEncodedContent(form))
        using (var again = await browser.Client.PostAsync(url, content))
        {
            Assert.Equal(HttpStatusCode.Found, again.StatusCode);
            Assert.Equal($"/s/{code}", again.Headers.Location?.OriginalString);
        }

        await using (var db = database.Context())
        {
            var session = await db.ResponseSessions.AsNoTracking().SingleAsync(s => s.SurveyId == surveyId);
            Assert.Equal(sessionId, session.Id);
            Assert.Equal("Held up", session.Answers["name"]);
            Assert.Equal("7", session.Answers["years"]);
            Assert.Equal(1, session.CurrentPage);
        }
    }

    private readonly ConcurrentQueue<string> _appLog = new();

    /// <summary>Each distinct exception line of the app's log (type and message, no stack frames).</summary>
    private IEnumerable<string> AppExceptions() => _appLog
        .Select(l => l.Trim())
        .Where(l => l.Contains("Exception", StringComparison.Ordinal) && !l.StartsWith("at ", StringComparison.Ordinal))
        .Distinct(StringComparer.Ordinal)
        .Take(40);

    private void AppLine(string line)
    {
        _appLog.Enqueue(line);
        try
        {
            output.WriteLine("app: " + line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended; the app's last lines have nowhere to go.
        }
    }

    private void Log(Stopwatch clock, string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
}
