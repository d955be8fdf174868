using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Reliability;

/// <summary>
/// Respondents as browsers: each has its own cookies, fetches the public link, reads the page's form
/// (hidden fields and antiforgery token included), fills every question with a value of its own and posts
/// it with Continue, page after page, until the thank-you page; then the next respondent starts. Requests
/// go to whatever address <see cref="Server"/> holds at the time (an app restarted on another port).
/// Everything is recorded on the client side: what was sent, and which page saves and submissions the
/// server acknowledged (a redirect to the next page or to the thank-you page).
/// </summary>
public sealed class RespondentLoad(string code) : IDisposable
{
    private static readonly IBrowsingContext Browsing = BrowsingContext.New(Configuration.Default);
    private readonly ConcurrentBag<RespondentBrowser> _browsers = [];
    private int _acknowledged;
    private int _inFlight;
    private int _unanswered;

    /// <summary>The app's address now.</summary>
    public Uri Server { get; set; } = new("http://127.0.0.1/");

    public ConcurrentDictionary<Guid, RespondentSession> Sessions { get; } = new();

    /// <summary>Every answer the server gave, in order of arrival.</summary>
    public ConcurrentQueue<Observed> Answers { get; } = new();

    /// <summary>Page saves and submissions acknowledged so far.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Requests sent and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Requests that got no answer at all (connection refused or reset).</summary>
    public int Unanswered => Volatile.Read(ref _unanswered);

    /// <summary>Runs <paramref name="respondents"/> browsers at once until <paramref name="stop"/>; a failed request is retried by a new respondent after <paramref name="pause"/>.</summary>
    public Task RunAsync(int respondents, TimeSpan pause, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, respondents).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var browser = new RespondentBrowser();
                _browsers.Add(browser);
                var finished = await WalkAsync(browser, stop);
                if (!finished)
                {
                    await Delay(pause, stop);
                }
            }
        }, CancellationToken.None)));

    /// <summary>
    /// Continues a session with its own cookies (after a restart, say) to its thank-you page; true when it got
    /// there, false when the server showed something else (such as "already completed").
    /// </summary>
    public Task<bool> ContinueAsync(RespondentSession session, CancellationToken stop) => WalkAsync(session.Browser, stop);

    /// <summary>
    /// Walks the survey from the page the server shows this browser. Returns true at the thank-you page,
    /// false at the first failure (any answer but the next page).
    /// </summary>
    private async Task<bool> WalkAsync(RespondentBrowser browser, CancellationToken stop)
    {
        var url = $"/s/{code}";
        var page = await SendAsync(browser, HttpMethod.Get, url, null, stop);
        while (page is { Status: HttpStatusCode.OK, Document: { } document })
        {
            if (document.QuerySelector<IHtmlFormElement>(RespondentPages.SurveyForm) is not { } form)
            {
                return false; // Not a page of the survey: closed, or this session was completed already.
            }

            var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
            var sessionId = Guid.Parse(fields.Single(f => f.Key == "ResponseId").Value);
            var pageIndex = int.Parse(fields.Single(f => f.Key == "PageIndex").Value, CultureInfo.InvariantCulture);
            var session = Sessions.GetOrAdd(sessionId, id => new RespondentSession(id, browser));
            var values = form.QuerySelectorAll("[name^='a.']").Select(e => e.GetAttribute("name")![2..]).Distinct()
                .ToDictionary(key => key, key => Value(sessionId, key, form));
            session.Sending(pageIndex, values);

            var posted = await SendAsync(browser, HttpMethod.Post, url, [.. fields, .. values.Select(v => new KeyValuePair<string, string>("a." + v.Key, v.Value)), new("nav", "next")], stop);
            if (posted is not { Status: HttpStatusCode.Found or HttpStatusCode.SeeOther, Location: { } location })
            {
                return false;
            }

            if (location.EndsWith("/thanks", StringComparison.Ordinal))
            {
                session.Acknowledge(pageIndex, values, completed: true);
                Interlocked.Increment(ref _acknowledged);
                return true;
            }

            Assert.Equal(url, location);
            session.Acknowledge(pageIndex, values, completed: false);
            Interlocked.Increment(ref _acknowledged);
            page = await SendAsync(browser, HttpMethod.Get, url, null, stop);
        }

        return false;
    }

    /// <summary>A value of this respondent's own for each question (the test survey has text and whole numbers from 0 to 1000).</summary>
    private static string Value(Guid sessionId, string key, IElement form) =>
        form.QuerySelector($"[name='a.{key}']")?.GetAttribute("inputmode") is "numeric" or "decimal"
            ? ((BitConverter.ToUInt32(sessionId.ToByteArray(), 0) + (uint)key.Length) % 1000).ToString(CultureInfo.InvariantCulture)
            : $"{key} of {sessionId:N}";

    private async Task<Observed?> SendAsync(RespondentBrowser browser, HttpMethod method, string path, List<KeyValuePair<string, string>>? form, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(method, new Uri(Server, path));
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            using var response = await browser.Client.SendAsync(request, stop);
            var html = await response.Content.ReadAsStringAsync(stop);
            var document = response.Content.Headers.ContentType?.MediaType == "text/html"
                ? await Browsing.OpenAsync(r => r.Content(html).Address(request.RequestUri!), stop)
                : null;
            var observed = new Observed(DateTime.UtcNow, method.Method, response.StatusCode, response.Headers.Location?.OriginalString,
                response.Headers.RetryAfter?.Delta, document?.QuerySelector("h1")?.TextContent.Trim(), document);
            Answers.Enqueue(observed);
            return observed;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _unanswered);
            }

            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Dispose()
    {
        foreach (var browser in _browsers)
        {
            browser.Dispose();
        }
    }

    private static async Task Delay(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Checks the database against what the respondents were told. Every acknowledged page save is in its
    /// session exactly as sent, and every acknowledged submission is one response whose answer rows are
    /// exactly what was sent; the database holds nothing the respondents did not send, no answer twice,
    /// and no response without its completed session (or the reverse).
    /// </summary>
    public async Task VerifyAsync(TestDatabase database, Guid surveyId)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.Context();

        // One snapshot for every read: a post the client gave up on when the load stopped can still be committed
        // by the server while these reads run, and between two separate reads a completion would show as a response
        // whose session is not completed. (SQLite: a deferred BEGIN, which Microsoft.Data.Sqlite takes for
        // ReadUncommitted, reads one WAL snapshot; read_uncommitted itself applies only to a shared cache.)
        await using var snapshot = await db.Database.BeginTransactionAsync(
            database.Kind == SurveyPlatform.Web.Data.DatabaseProviderKind.PostgreSql ? IsolationLevel.RepeatableRead : IsolationLevel.ReadUncommitted);
        var sessions = await db.ResponseSessions.AsNoTracking().Where(s => s.SurveyId == surveyId).ToDictionaryAsync(s => s.Id);
        var responses = await db.Responses.AsNoTracking().Where(r => r.SurveyId == surveyId).Select(r => r.Id).ToListAsync();
        var rows = await db.Answers.AsNoTracking().Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == surveyId))
            .Select(a => new { a.ResponseId, a.QuestionCode, a.Value }).ToListAsync();

        // No answer row twice, and no response twice.
        Assert.Empty(rows.GroupBy(a => (a.ResponseId, a.QuestionCode)).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(responses.Count, responses.Distinct().Count());
        var answersOf = rows.GroupBy(a => a.ResponseId).ToDictionary(g => g.Key, g => g.ToDictionary(a => a.QuestionCode, a => a.Value));

        foreach (var (id, session) in Sessions)
        {
            var acknowledged = session.AcknowledgedPages;
            if (acknowledged.Count == 0)
            {
                continue;
            }

            Assert.True(sessions.TryGetValue(id, out var stored), $"Session {id}: {acknowledged.Count} acknowledged page(s), but no session in the database.");
            var answers = stored!.Answers;
            foreach (var (page, values) in acknowledged)
            {
                foreach (var (key, value) in values)
                {
                    Assert.True(answers.TryGetValue(key, out var kept) && kept == value,
                        $"Session {id}, page {page}: {key} was acknowledged as \"{value}\", the database has \"{kept}\".");
                }
            }

            if (session.CompletionAcknowledged)
            {
                Assert.True(stored.CompletedAt is not null, $"Session {id}: the submission was acknowledged, but the session is not completed.");
                Assert.True(answersOf.TryGetValue(id, out var submitted), $"Session {id}: the submission was acknowledged, but there is no response.");
                Assert.Equal(session.AllSent.OrderBy(a => a.Key), submitted!.OrderBy(a => a.Key));
            }
        }

        // Nothing the respondents did not send: every stored session is one of theirs, holding only what they sent.
        foreach (var (id, stored) in sessions)
        {
            Assert.True(Sessions.TryGetValue(id, out var session), $"Session {id} is in the database, but no respondent posted it.");
            var sent = session!.AllSent;
            Assert.All(stored.Answers, a => Assert.True(sent.TryGetValue(a.Key, out var value) && value == a.Value, $"Session {id}: {a.Key} = \"{a.Value}\" was never sent."));
        }

        // A response exactly when its session is completed, holding the session's final answers.
        foreach (var (id, stored) in sessions)
        {
            Assert.Equal(stored.CompletedAt is not null, responses.Contains(id));
            if (stored.CompletedAt is not null)
            {
                Assert.Equal(stored.Answers.OrderBy(a => a.Key), answersOf.GetValueOrDefault(id, []).OrderBy(a => a.Key));
            }
        }

        Assert.All(responses, id => Assert.True(sessions.ContainsKey(id), $"Response {id} has no session."));
    }
}

/// <summary>One answer from the server: its status, redirect, Retry-After and the page's heading.</summary>
public sealed record Observed(DateTime At, string Method, HttpStatusCode Status, string? Location, TimeSpan? RetryAfter, string? Heading, IDocument? Document);

/// <summary>A browser: its own cookie jar, no automatic redirects (each answer is seen as it came).</summary>
public sealed class RespondentBrowser : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        PooledConnectionLifetime = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public void Dispose() => Client.Dispose();
}

/// <summary>What one respondent sent in one session, and what the server acknowledged.</summary>
public sealed class RespondentSession(Guid id, RespondentBrowser browser)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _sent = [];
    private readonly List<(int Page, Dictionary<string, string> Values)> _acknowledged = [];

    public Guid Id { get; } = id;
    public RespondentBrowser Browser { get; } = browser;
    public bool CompletionAcknowledged { get; private set; }

    public Dictionary<string, string> AllSent
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, string>(_sent);
            }
        }
    }

    public List<(int Page, Dictionary<string, string> Values)> AcknowledgedPages
    {
        get
        {
            lock (_lock)
            {
                return [.. _acknowledged];
            }
        }
    }

    public void Sending(int page, Dictionary<string, string> values)
    {
        lock (_lock)
        {
            foreach (var (key, value) in values)
            {
                Assert.True(!_sent.TryGetValue(key, out var before) || before == value, $"Session {Id}: page {page} sends {key} again with another value.");
                _sent[key] = value;
            }
        }
    }

    public void Acknowledge(int page, Dictionary<string, string> values, bool completed)
    {
        lock (_lock)
        {
            _acknowledged.Add((page, values));
            CompletionAcknowledged |= completed;
        }
    }
}
