using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SurveyPlatform.LoadTest;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>What the respondent pages tell caches: never store a page, keep a versioned asset for a year; and no warning logged on the way.</summary>
public sealed class RespondCachingTests
{
    [Fact]
    public async Task RespondentPages_AreNeverStored_AndLogNoAntiforgeryWarning()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProviderKind.Sqlite);
        var logs = new CapturedLogs();
        await using var app = new AppFactory(database).WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (_, code) = await LoadSurvey.PublishAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), DateTime.UtcNow, CancellationToken.None);
        }

        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var page = await client.GetAsync(new Uri($"/s/{code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("__RequestVerificationToken", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl is { NoStore: true, NoCache: true }, $"Cache-Control: {page.Headers.CacheControl}");

        // A whole respondent, to the thank-you page.
        await new Respondent(client, client.BaseAddress!, code, new Random(3), (_, _, _) => { }).CompleteAsync(() => false);

        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Antiforgery", StringComparison.Ordinal) && e.Level >= LogLevel.Warning);

        // The capture sees the app's warnings (the antiforgery one is a warning too).
        app.Services.GetRequiredService<ILogger<RespondCachingTests>>().LogWarning("Probe");
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "Probe");
    }

    [Fact]
    public async Task VersionedStaticAssets_AreCachedForAYearAsImmutable_AndOthersAreRevalidated()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProviderKind.Sqlite);
        await using var app = new AppFactory(database);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var html = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var href = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/css/site\\.css\\?v=[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(href);

        using var versioned = await client.GetAsync(new Uri(WebUtility.HtmlDecode(href), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal(VersionedAssets.Immutable, versioned.Headers.CacheControl?.ToString());

        using var plain = await client.GetAsync(new Uri("/css/site.css", UriKind.Relative));
        using var stale = await client.GetAsync(new Uri("/css/site.css?v=an-old-hash", UriKind.Relative));
        Assert.All([plain, stale], r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Null(r.Headers.CacheControl?.MaxAge);
            Assert.NotNull(r.Headers.ETag);
        });
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
