using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SurveyPlatform.Web.Tests.Reliability;

/// <summary>
/// Sixteen respondents answer a four-page survey at once against the real app (a process); it is killed
/// with SIGKILL in the middle of their requests and started again on the same database. Whatever the app
/// acknowledged before it died (a page save redirected to the next page, a submission redirected to the
/// thank-you page) is in the database exactly as sent, once; nothing else is; and every respondent who
/// was half-way through picks up where the database says they were and finishes.
/// </summary>
public sealed class KillUnderLoadTests(ITestOutputHelper output)
{
    private const int Respondents = 16;
    private const int KillAfterAcknowledged = 150;

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task KilledUnderLoad_AndRestarted_EveryAcknowledgedSaveAndSubmissionIsStoredOnce_AsSent(DatabaseProviderKind provider)
    {
        var clock = Stopwatch.StartNew();
        await using var database = await TestDatabase.CreateAsync(provider);
        var (first, surveyId, code) = await ReliabilityApp.StartWithSurveyAsync(database);
        using var load = new RespondentLoad(code) { Server = first.Address };
        int acknowledgedAtKill;
        int inFlightAtKill;
        await using (first)
        {
            Log(clock, "app started, survey published");
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(Respondents, TimeSpan.FromMilliseconds(200), stop.Token);
            await AppProcess.WaitAsync(() => Task.FromResult(load.Acknowledged >= KillAfterAcknowledged), TimeSpan.FromSeconds(45), $"{KillAfterAcknowledged} acknowledged page saves", first.Process);

            inFlightAtKill = load.InFlight;
            acknowledgedAtKill = load.Acknowledged;
            await AppProcess.KillAsync(first.Process);
            Log(clock, $"killed with {acknowledgedAtKill} acknowledged and {inFlightAtKill} request(s) in flight");
            await Task.Delay(500); // the requests in flight fail now
            await stop.CancelAsync();
            await running;
        }

        Assert.True(inFlightAtKill > 0, "No request was in flight when the app was killed.");
        Assert.True(load.Unanswered > 0, "No request lost its answer to the kill: it did not land mid-run.");
        Assert.DoesNotContain(load.Answers, a => (int)a.Status >= 500);
        Assert.DoesNotContain(load.Answers, a => a is { Method: "POST", Status: System.Net.HttpStatusCode.OK }); // a refused page: the test's answers are wrong

        // What the killed app left behind, before anything else touches the database.
        await load.VerifyAsync(database, surveyId);
        var completedBefore = await CompletedAsync(database, surveyId);
        Log(clock, $"verified after the kill: {load.Sessions.Count} sessions, {completedBefore} completed");

        // The same database, a new process: the respondents half-way through carry on from the page the database has.
        await using var second = await AppProcess.StartNodeAsync(database);
        load.Server = second.Address;
        var halfWay = load.Sessions.Values.Where(s => s.AcknowledgedPages.Count > 0 && !s.CompletionAcknowledged).ToList();
        Assert.NotEmpty(halfWay);
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await Task.WhenAll(halfWay.Select(s => load.ContinueAsync(s, limit.Token)));
        }

        Log(clock, $"restarted; {halfWay.Count} respondents half-way through continued");
        await load.VerifyAsync(database, surveyId);
        await using (var db = database.Context())
        {
            var ids = halfWay.Select(s => s.Id).ToList();
            var notCompleted = await db.ResponseSessions.AsNoTracking().Where(s => ids.Contains(s.Id) && s.CompletedAt == null).Select(s => s.Id).ToListAsync();
            Assert.True(notCompleted.Count == 0, $"{notCompleted.Count} respondent(s) half-way through at the kill could not finish after the restart.");
        }

        Assert.Equal(completedBefore + halfWay.Count(s => s.CompletionAcknowledged), await CompletedAsync(database, surveyId));
        Log(clock, "done");
    }

    private static async Task<int> CompletedAsync(TestDatabase database, Guid surveyId)
    {
        await using var db = database.Context();
        return await db.Responses.CountAsync(r => r.SurveyId == surveyId);
    }

    private void Log(Stopwatch clock, string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
}
