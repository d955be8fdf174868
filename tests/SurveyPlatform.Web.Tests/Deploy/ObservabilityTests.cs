using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Observability;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Deploy;

/// <summary>
/// The app's metrics (responses saved, submissions, jobs run and failed with their durations, e-mails
/// sent and failed), the Prometheus scrape endpoint, and JSON logs that carry the request and survey
/// but no token or address.
/// </summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task TheMetrics_CountSavedPagesSubmissionsJobRunsWithTheirDurations_AndSentAndFailedMail()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var measurements = new Measurements(app.Services.GetRequiredService<IMeterFactory>());
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        foreach (var (colour, mood) in new[] { ("red", 2), ("blue", 5) })
        {
            using var respondent = app.Session();
            await SurveyPages.AnswerStandardAsync(respondent, code, colour, ["pear"], mood, "Lisbon", "41");
        }

        Assert.Equal(2, measurements.Sum("surveyplatform.submissions"));
        Assert.True(measurements.Sum("surveyplatform.responses.saved") >= 2, "No saved page was counted.");

        // A mailing to three people: three messages sent, and the mailing job's run.
        var domain = $"{Guid.NewGuid():N}.example.org";
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 3; i++)
            {
                db.Participants.Add(Participant.Create(id, $"m{i}@{domain}", "M", "L", null, DateTime.UtcNow).Participant!);
            }

            return await db.SaveChangesAsync();
        });
        await SurveyPages.SendMailingNowAsync(owner, id);
        await SurveyPages.EventuallyAsync(() => Task.FromResult(measurements.Sum("surveyplatform.mail.sent") >= 3 ? "yes" : null), TimeSpan.FromSeconds(60), "three sent messages");
        Assert.Equal(0, measurements.Sum("surveyplatform.mail.failed"));

        // Closing scores: the scoring job's run, succeeded, with a duration.
        await SurveyPages.CloseAsync(owner, id);
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(60), "the scoring run");
        await SurveyPages.EventuallyAsync(() => Task.FromResult(measurements.Count("surveyplatform.jobs.runs", "ScoreSurveyJob", "succeeded") >= 1 ? "yes" : null), TimeSpan.FromSeconds(30), "the scoring job's run");
        Assert.True(measurements.Count("surveyplatform.jobs.runs", "SendMailingJob", "succeeded") >= 1, "The mailing job's run was not counted.");
        Assert.Contains(measurements.Durations("ScoreSurveyJob"), d => d > 0);
        Assert.Equal(0, measurements.Count("surveyplatform.jobs.runs", "ScoreSurveyJob", "failed"));
    }

    [Fact]
    public async Task AMessageTheSmtpServerRefuses_IsCountedAsFailed_NotAsSent()
    {
        await using var database = TestDatabase.Sqlite();
        using var refusing = new RefusingSmtpServer();
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = refusing.Port.ToString(CultureInfo.InvariantCulture),
        });
        using var measurements = new Measurements(app.Services.GetRequiredService<IMeterFactory>());
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        await app.WithDbAsync(async db =>
        {
            db.Participants.Add(Participant.Create(id, $"bounce-{Guid.NewGuid():N}@example.org", "R", "L", null, DateTime.UtcNow).Participant!);
            return await db.SaveChangesAsync();
        });
        await SurveyPages.SendMailingNowAsync(owner, id);
        await SurveyPages.EventuallyAsync(() => Task.FromResult(measurements.Sum("surveyplatform.mail.failed") >= 1 ? "yes" : null), TimeSpan.FromSeconds(60), "a failed message");
        Assert.Equal(0, measurements.Sum("surveyplatform.mail.sent"));
    }

    [Fact]
    public async Task AJobThatThrows_IsCountedAsAFailedRun_WithItsDuration()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var measurements = new Measurements(app.Services.GetRequiredService<IMeterFactory>());
        using var _ = await app.SignedInAsync(); // the app and its job server have started
        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => FailingJob.Run());
        await SurveyPages.EventuallyAsync(() => Task.FromResult(measurements.Count("surveyplatform.jobs.runs", nameof(FailingJob), "failed") >= 1 ? "yes" : null), TimeSpan.FromSeconds(30), "the failed run");
        Assert.Equal(0, measurements.Count("surveyplatform.jobs.runs", nameof(FailingJob), "succeeded"));
        Assert.Single(measurements.Durations(nameof(FailingJob)));
    }

    [Fact]
    public async Task ThePrometheusEndpoint_ShowsTheAppsMetrics_ToLoopbackOnly()
    {
        await using var database = TestDatabase.Sqlite();
        await using var factory = new AppFactory(database, new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "true" });
        await using var app = PeerAddress.Enable(factory);
        using var owner = PeerAddress.Session(app, "127.0.0.1");
        await owner.SignInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        var (_, code) = await SurveyPages.CreateStandardAsync(owner);
        using (var respondent = PeerAddress.Session(app, "127.0.0.1"))
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, "red", ["pear"], 3, "Lisbon", "41");
        }

        using var scraper = PeerAddress.Session(app, "127.0.0.1");
        var text = await SurveyPages.EventuallyAsync(async () =>
        {
            var body = await scraper.Client.GetStringAsync(new Uri(ObservabilityServiceCollectionExtensions.PrometheusPath, UriKind.Relative));
            return body.Contains("surveyplatform_submissions_total", StringComparison.Ordinal) ? body : null;
        }, TimeSpan.FromSeconds(30), "the submissions counter on /metrics");
        Assert.Contains("surveyplatform_responses_saved_total", text, StringComparison.Ordinal);

        using var outsider = PeerAddress.Session(app, "203.0.113.9");
        var refused = await outsider.Client.GetAsync(new Uri(ObservabilityServiceCollectionExtensions.PrometheusPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task JsonLogs_AreOneObjectPerLine_WithTheRequestAndSurvey_AndNoTokenOrAddress()
    {
        await using var database = TestDatabase.Sqlite();
        var lines = new ConcurrentQueue<string>();
        await using var node = await StartLoggingNodeAsync(database, lines);
        using var client = new HttpClient { BaseAddress = node.Address };
        const string token = "Tok3nThatMustNeverBeLogged9";
        const string secret = "S3cretThatMustNeverBeLogged7";
        var surveyId = Guid.NewGuid();
        await client.GetAsync(new Uri($"/i/{token}", UriKind.Relative));
        await client.GetAsync(new Uri($"/s/ABCDEFGH12/r/{secret}", UriKind.Relative));
        await client.GetAsync(new Uri($"/surveys/{surveyId}", UriKind.Relative));
        await client.GetAsync(new Uri($"/setup?token={token}", UriKind.Relative));
        await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent([new("Email", "someone.private@example.org"), new("Password", "x")]));

        await SurveyPages.EventuallyAsync(
            () => Task.FromResult(lines.Any(l => l.Contains(surveyId.ToString(), StringComparison.Ordinal)) ? "yes" : null),
            TimeSpan.FromSeconds(20), () => "a log line about the survey:\n" + string.Join('\n', lines));
        var all = lines.ToList();
        Assert.NotEmpty(all);
        foreach (var line in all)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("level", out _), line);
            Assert.True(json.RootElement.TryGetProperty("message", out _), line);
            Assert.DoesNotContain(token, line, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            Assert.DoesNotContain("someone.private", line, StringComparison.Ordinal);
        }

        var aboutSurvey = all.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.TryGetProperty("surveyId", out _)).ToList();
        Assert.NotEmpty(aboutSurvey);
        Assert.All(aboutSurvey, e => Assert.Equal(surveyId.ToString(), e.GetProperty("surveyId").GetString()));
        Assert.Contains(aboutSurvey, e => e.TryGetProperty("requestId", out var r) && r.GetString() is { Length: > 0 });
        Assert.Contains(all, l => l.Contains("/i/***", StringComparison.Ordinal));
    }

    private static async Task<AppNode> StartLoggingNodeAsync(TestDatabase database, ConcurrentQueue<string> lines)
    {
        await using (var arrange = new AppFactory(database))
        {
            using var _ = await arrange.SignedInAsync(); // the schema and the administrator
        }

        var settings = new Dictionary<string, string>
        {
            ["Logging:Format"] = "json",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        };
        var node = await AppProcess.StartNodeAsync(database, settings, line =>
        {
            if (line.StartsWith('{'))
            {
                lines.Enqueue(line);
            }
            else if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Enqueue("not JSON: " + line);
            }
        });
        return node;
    }

    /// <summary>Every measurement of the SurveyPlatform meter of one app (its own meter factory), as it is recorded.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, string? Job, string? Outcome)> _seen = new();

        public Measurements(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SurveyMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.Start();
        }

        public double Sum(string instrument) => _seen.Where(m => m.Instrument == instrument).Sum(m => m.Value);

        public double Count(string instrument, string job, string outcome) =>
            _seen.Where(m => m.Instrument == instrument && m.Job == job && m.Outcome == outcome).Sum(m => m.Value);

        public IReadOnlyList<double> Durations(string job) =>
            [.. _seen.Where(m => m.Instrument == "surveyplatform.jobs.duration" && m.Job == job).Select(m => m.Value)];

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? job = null, outcome = null;
            foreach (var (key, tag) in tags)
            {
                job = key == "job" ? tag as string : job;
                outcome = key == "outcome" ? tag as string : outcome;
            }

            _seen.Enqueue((instrument.Name, value, job, outcome));
        }

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>A job that always fails, once (no retries).</summary>
public static class FailingJob
{
    [AutomaticRetry(Attempts = 0)]
    public static void Run() => throw new InvalidOperationException("This job fails on purpose.");
}
