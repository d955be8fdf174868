using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.LoadTest;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.LoadTest;

/// <summary>The load tool (tools/SurveyPlatform.LoadTest) against the real app in-process, on both databases.</summary>
public sealed class LoadToolTests
{
    private static readonly LoadSettings Small = new()
    {
        Concurrency = 4,
        Completions = 24,
        Duration = TimeSpan.FromMinutes(2),
        WarmUp = TimeSpan.Zero,
        Baseline = TimeSpan.FromSeconds(1),
    };

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task LoadRun_CompletesTheSurveyAsBrowsers_AndFindsEveryAcknowledgedCompletionInTheDatabaseOnce(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new AppFactory(database);
        var (report, _) = await RunAsync(app, app);

        Assert.Equal(0, report.Errors);
        Assert.True(report.Completions >= Small.Completions, $"{report.Completions} completions");
        Assert.Equal(["Page", "Save", "Submit", "Thanks"], report.Requests.Select(r => r.Kind));
        Assert.All(report.Requests, r => Assert.True(r.P50 > 0 && r.P50 <= r.P95 && r.P95 <= r.P99 && r.P99 <= r.Max, $"{r.Kind}: {r}"));
        Assert.True(report.Baseline!.RequestsPerSecond > 0);
        Assert.True(report.SubmissionsPerSecond > report.CompletionsPerSecond);

        var check = report.Check!;
        Assert.Equal(report.AllCompletions.Count, check.Acknowledged);
        Assert.Equal((0, 0, 0, 0), (check.Lost, check.Duplicated, check.Mismatched, check.Unacknowledged));
        Assert.True(report.Passed);

        // The answers follow the survey's logic: "tools" only after "uses = yes", "why" only for clinicians; and both paths were taken.
        Assert.All(report.AllCompletions, c => Assert.Equal(c.Sent["uses"] == "yes", c.Sent.ContainsKey("tools")));
        Assert.All(report.AllCompletions, c => Assert.Equal(c.Sent["role"] == "clin", c.Sent.ContainsKey("why")));
        Assert.Contains(report.AllCompletions, c => c.Sent.ContainsKey("tools"));
        Assert.Contains(report.AllCompletions, c => !c.Sent.ContainsKey("tools"));

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(report.Completions, json.RootElement.GetProperty("completions").GetInt32());
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(4, json.RootElement.GetProperty("requests").GetArrayLength());
    }

    [Fact]
    public async Task LoadRun_ReportsACompletionLost_WhenTheServerAcknowledgesASubmissionItNeverSaved()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProviderKind.Sqlite);
        await using var app = new AppFactory(database);
        var dropping = new DropOneSubmission();
        await using var faulty = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(dropping)));

        var (report, _) = await RunAsync(app, faulty);

        Assert.Equal(1, dropping.Dropped);
        Assert.Equal(1, report.Check!.Lost);
        Assert.Contains(report.Check.Problems, p => p.Contains("not in the database", StringComparison.Ordinal));
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task CompletionCheck_ReportsADuplicate_WhenOneResponseIsAcknowledgedTwice()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProviderKind.Sqlite);
        await using var app = new AppFactory(database);
        var (report, surveyId) = await RunAsync(app, app);
        var twice = report.AllCompletions.Append(report.AllCompletions[0]).ToList();

        var check = await app.WithDbAsync(db => CompletionCheck.VerifyAsync(db, surveyId, twice, CancellationToken.None));

        Assert.Equal(1, check.Duplicated);
        Assert.False(check.Passed);
    }

    [Fact]
    public async Task StartServer_RunsAnAppGivenByARelativePath_AndSaysWhyWhenItExitsBeforeListening()
    {
        // --app relative to the current folder, while the app runs in its own folder. The "app" here is the load
        // tool itself, which prints its usage and exits when given only --urls.
        var folder = "relative-app-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in new[] { "SurveyPlatform.LoadTest.dll", "SurveyPlatform.LoadTest.runtimeconfig.json" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, file), Path.Combine(folder, file));
            }

            var log = new StringWriter();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                ServerProcess.StartAsync(Path.Combine(folder, "SurveyPlatform.LoadTest.dll"), DatabaseProviderKind.Sqlite, "Data Source=unused.db", log));

            Assert.Equal("The app exited with 2 before it listened.", error.Message);
            Assert.Contains("Simulated respondents completing a published survey", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Publishes the tool's survey through <paramref name="app"/>'s database and runs <see cref="Small"/> against <paramref name="server"/>.</summary>
    private static async Task<(LoadReport Report, Guid SurveyId)> RunAsync(AppFactory app, WebApplicationFactory<Program> server)
    {
        var (surveyId, code) = await app.WithDbAsync(db => LoadSurvey.PublishAsync(db, DateTime.UtcNow, CancellationToken.None));
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var report = await new LoadRun(client, client.BaseAddress!, code, Small).RunAsync(CancellationToken.None);
        report.Check = await app.WithDbAsync(db => CompletionCheck.VerifyAsync(db, surveyId, report.AllCompletions, CancellationToken.None));
        return (report, surveyId);
    }

    /// <summary>A fault: the first post of the survey's last page is answered with the thank-you redirect and never reaches the app.</summary>
    private sealed class DropOneSubmission : IStartupFilter
    {
        private int _dropped;

        public int Dropped => Volatile.Read(ref _dropped);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/s", out var rest) && rest.Value!.Count(c => c == '/') == 1
                    && context.Request.HasFormContentType)
                {
                    context.Request.EnableBuffering();
                    var form = await context.Request.ReadFormAsync();
                    context.Request.Body.Position = 0;
                    if (form["PageIndex"] == "2" && Interlocked.CompareExchange(ref _dropped, 1, 0) == 0)
                    {
                        context.Response.Redirect($"/s{rest.Value}/thanks");
                        return;
                    }
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
