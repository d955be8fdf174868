using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SurveyPlatform.Web.Tests.Reliability;

/// <summary>
/// SIGTERM (a deploy, a container stop) while a respondent on a slow connection is half-way through
/// sending a page: the app stops taking new connections at once, but the request in flight is read to
/// its end, saved and answered, and then the process exits by itself, with 0, well within its shutdown
/// time. (Background jobs at a graceful stop: MailingCrashTests.StoppedGracefully_MidRun_ReleasesTheJob_…
/// shows a running mailing handed back to the queue and finished once after the restart.)
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    /// <summary>The host's shutdown time: Math.Max(30, Jobs:ShutdownSeconds + 10) (JobsServiceCollectionExtensions).</summary>
    private static readonly TimeSpan ShutdownTime = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task SigtermWhileAPageIsStillArriving_ThePageIsSavedAndAnswered_AndTheAppExitsWithinItsShutdownTime(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (started, surveyId, code) = await ReliabilityApp.StartWithSurveyAsync(database);
        await using var app = started;
        using var browser = new RespondentBrowser();
        var url = new Uri(app.Address, $"/s/{code}");

        var html = await browser.Client.GetStringAsync(url);
        var document = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html).Address(url));
        var form = document.QuerySelector<IHtmlFormElement>(RespondentPages.SurveyForm)!;
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        var sessionId = Guid.Parse(fields.Single(f => f.Key == "ResponseId").Value);
        fields.AddRange([new("a.name", "Sent slowly"), new("a.years", "12"), new("nav", "next")]);
        using var body = new SlowFormContent(fields);
        var posting = browser.Client.PostAsync(url, body);
        await body.FirstHalfSent.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(500); // the app has the request's headers and half its body

        var clock = Stopwatch.StartNew();
        using (var term = Process.Start("kill", ["-TERM", app.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        // Stopping: new connections are refused, while the request in flight is still being sent.
        await AppProcess.WaitAsync(async () => !await AcceptsAsync(app.Address), TimeSpan.FromSeconds(10), "the app to stop taking connections", app.Process);
        Assert.False(posting.IsCompleted, "The request in flight was answered before the rest of it was sent.");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s after SIGTERM: no new connections; sending the rest of the page");
        await Task.Delay(2000);
        body.SendTheRest();

        using var answer = await posting;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: answered {(int)answer.StatusCode} {answer.Headers.Location}");
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        Assert.Equal($"/s/{code}", answer.Headers.Location?.OriginalString);

        var exited = app.Process.WaitForExitAsync();
        Assert.True(await Task.WhenAny(exited, Task.Delay(ShutdownTime)) == exited, $"The app did not exit within {ShutdownTime.TotalSeconds:0} s of SIGTERM.");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: exited with {app.Process.ExitCode}");
        Assert.Equal(0, app.Process.ExitCode);
        Assert.True(clock.Elapsed < ShutdownTime, $"The app took {clock.Elapsed.TotalSeconds:0.0} s to stop.");

        await using var db = database.Context();
        var session = await db.ResponseSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId && s.SurveyId == surveyId);
        Assert.Equal("Sent slowly", session.Answers["name"]);
        Assert.Equal("12", session.Answers["years"]);
        Assert.Equal(1, session.CurrentPage);
    }

    private static async Task<bool> AcceptsAsync(Uri address)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address.Host, address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A form body sent as a slow connection would: the first half at once, the rest when told.</summary>
    private sealed class SlowFormContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _firstHalf = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SlowFormContent(IEnumerable<KeyValuePair<string, string>> fields)
        {
            _bytes = System.Text.Encoding.ASCII.GetBytes(string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));
            Headers.ContentType = new("application/x-www-form-urlencoded");
        }

        public Task FirstHalfSent => _firstHalf.Task;

        public void SendTheRest() => _rest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _firstHalf.TrySetResult();
            await _rest.Task;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
