using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Privacy;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Privacy;

/// <summary>
/// Retention per survey: the owner's choice on the survey page, applied by the daily job N days after
/// the close (never before), to that survey only, once (a second run changes nothing), with the
/// closed run's aggregates kept and nothing removed left in the downloads.
/// </summary>
public sealed class RetentionTests
{
    private const string RetentionForm = "form[data-testid=retention-form]";

    /// <summary>Every row a survey has in each table that can hold its responses or participants' data.</summary>
    private sealed record Footprint(int Responses, int Answers, int Scores, int Sessions, int Participants, int Deliveries, int Links, int ReportDeliveries, int ReportLinks, int Attributes, int Runs, int ResultDocuments);

    private static Task<Footprint> FootprintAsync(AppFactory app, Guid id) => app.WithDbAsync(async db =>
    {
        var responses = db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id);
        var people = db.Participants.Where(p => p.SurveyId == id).Select(p => p.Id);
        var runs = db.ScoringRuns.Where(r => r.SurveyId == id).Select(r => r.Id);
        return new Footprint(
            await responses.CountAsync(),
            await db.Answers.CountAsync(a => responses.Contains(a.ResponseId)),
            await db.RespondentScores.CountAsync(s => runs.Contains(s.RunId)),
            await db.ResponseSessions.CountAsync(s => s.SurveyId == id),
            await people.CountAsync(),
            await db.Deliveries.CountAsync(d => people.Contains(d.ParticipantId)),
            await db.ParticipantLinks.CountAsync(l => people.Contains(l.ParticipantId)),
            await db.ReportDeliveries.CountAsync(d => runs.Contains(d.RunId)),
            await db.ReportLinks.CountAsync(l => responses.Contains(l.ResponseId)),
            await db.Set<ResponseAttributes>().CountAsync(a => responses.Contains(a.ResponseId)),
            await runs.CountAsync(),
            await db.ScoringResults.CountAsync(r => runs.Contains(r.RunId)));
    });

    private static async Task<Page> SetRetentionAsync(HtmlSession owner, Guid id, string action, string days)
    {
        var details = await owner.GetAsync($"/surveys/{id}");
        return await owner.SubmitAsync(details, RetentionForm, new Dictionary<string, string[]> { ["Retention.Action"] = [action], ["Retention.Days"] = [days] });
    }

    private static async Task<IReadOnlyDictionary<Guid, RetentionCounts>> RunJobAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
        await using var second = app.Services.CreateAsyncScope();
        return await second.ServiceProvider.GetRequiredService<SurveyRetention>().ApplyDueAsync(CancellationToken.None);
    }

    private static string[] Emails(string tag) => [$"ana-{tag}@example.org", $"bo-{tag}@example.org", $"cy-{tag}@example.org"];

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Delete_AfterNDaysFromTheClose_RemovesResponsesAndParticipantsEverywhere_KeepsTheClosedRunsAggregates_LeavesOtherSurveys_AndRunsOnce(DatabaseProviderKind provider)
    {
        var clock = new SettableClock();
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database) { Clock = clock };
        using var owner = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var kept = await PrivacySurveys.SeedAsync(app, owner, clock, "Kept survey", Emails("k" + tag));
        var doomed = await PrivacySurveys.SeedAsync(app, owner, clock, "Deleted survey", Emails("d" + tag));
        var saved = await SetRetentionAsync(owner, doomed.Id, "Delete", "30");
        Assert.Equal("Retention saved.", saved.Text(".notice"));
        Assert.Equal("Delete 30 day(s) after the close", saved.Text("[data-testid=retention-setting]"));
        var doomedRun = await PrivacySurveys.CloseAndScoreAsync(app, owner, doomed, clock);
        await PrivacySurveys.CloseAndScoreAsync(app, owner, kept, clock);
        var resultsBefore = await app.WithDbAsync(db => db.ScoringResults.AsNoTracking().SingleAsync(r => r.RunId == doomedRun.Id));
        var keptBefore = await FootprintAsync(app, kept.Id);
        var doomedBefore = await FootprintAsync(app, doomed.Id);
        Assert.Equal(new Footprint(3, 12, 3, 3, 3, 3, 3, 2, 2, 0, 1, 1), doomedBefore);
        Assert.Contains("(due ", (await owner.GetAsync($"/surveys/{doomed.Id}")).Text("[data-testid=retention-setting]"), StringComparison.Ordinal);

        // A day before it is due: nothing happens.
        clock.Advance(TimeSpan.FromDays(29));
        Assert.Empty(await RunJobAsync(app));
        Assert.Equal(doomedBefore, await FootprintAsync(app, doomed.Id));

        clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(1)));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var counts = await scope.ServiceProvider.GetRequiredService<SurveyRetention>().ApplyDueAsync(CancellationToken.None);
            Assert.Equal(new RetentionCounts(3, 0, 0, 3, 3, 3), Assert.Single(counts).Value);
        }

        Assert.Equal(new Footprint(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1), await FootprintAsync(app, doomed.Id));
        Assert.Equal(keptBefore, await FootprintAsync(app, kept.Id));
        var runAfter = await app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().SingleAsync(r => r.Id == doomedRun.Id));
        Assert.Equal((doomedRun.N, doomedRun.Mean, doomedRun.Status), (runAfter.N, runAfter.Mean, runAfter.Status));
        Assert.Equal(resultsBefore.Json, (await app.WithDbAsync(db => db.ScoringResults.AsNoTracking().SingleAsync(r => r.RunId == doomedRun.Id))).Json);
        var recorded = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == doomed.Id));
        Assert.Equal(clock.UtcNow, recorded.RetentionLastRunAt!.Value, TimeSpan.FromSeconds(1));

        // Running again (the job twice, and the daily run after) changes nothing more.
        clock.Advance(TimeSpan.FromDays(1));
        Assert.All((await RunJobAsync(app)).Values, c => Assert.Equal(RetentionCounts.None, c));
        Assert.Equal(recorded.RetentionLastRunAt, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == doomed.Id))).RetentionLastRunAt);
        Assert.Equal(keptBefore, await FootprintAsync(app, kept.Id));

        // The audit trail has the one run that changed something, by the system, with its counts.
        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Kind == SurveyPlatform.Web.Audit.AuditKinds.RetentionApplied).ToListAsync());
        var entry = Assert.Single(audited);
        Assert.Equal((doomed.Id, SurveyPlatform.Web.Audit.AuditActor.System), (entry.SurveyId!.Value, entry.ActorId));
        Assert.Contains("3 response(s) deleted", entry.What, StringComparison.Ordinal);

        // Nothing of the deleted survey's respondents is left anywhere, and its download is empty; the other survey's is whole.
        Assert.Empty(await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, doomed.Secret)));
        foreach (var email in Emails("d" + tag))
        {
            Assert.Empty(await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, email)));
        }

        using var reader = await app.SignedInAsync();
        var csv = CsvText.Parse(await reader.Client.GetStringAsync(new Uri($"/surveys/{doomed.Id}/results?handler=Csv", UriKind.Relative)));
        Assert.Single(csv);
        var keptCsv = await reader.Client.GetStringAsync(new Uri($"/surveys/{kept.Id}/results?handler=Csv", UriKind.Relative));
        Assert.Equal(4, CsvText.Parse(keptCsv).Count);
        Assert.Contains(kept.Secret + "-city0", keptCsv, StringComparison.Ordinal);
        var page = await reader.GetAsync($"/surveys/{doomed.Id}");
        Assert.StartsWith("3 response(s) deleted", page.Text("[data-testid=retention-last-run]").Split(": ", 2)[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Anonymise_AfterNDays_KeepsResponsesForAggregates_WithoutParticipantsFreeTextOrExactTimes_AndTheDownloadsHoldNothingRemoved(DatabaseProviderKind provider)
    {
        var clock = new SettableClock();
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database) { Clock = clock };
        using var owner = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var other = await PrivacySurveys.SeedAsync(app, owner, clock, "Other survey", Emails("o" + tag));
        var survey = await PrivacySurveys.SeedAsync(app, owner, clock, "Anonymised survey", Emails("a" + tag));
        Assert.Equal("Retention saved.", (await SetRetentionAsync(owner, survey.Id, "Anonymise", "7")).Text(".notice"));
        var run = await PrivacySurveys.CloseAndScoreAsync(app, owner, survey, clock);
        await PrivacySurveys.CloseAndScoreAsync(app, owner, other, clock);
        var otherBefore = await FootprintAsync(app, other.Id);
        var before = await FootprintAsync(app, survey.Id);
        var resultsBefore = await app.WithDbAsync(db => db.ScoringResults.AsNoTracking().SingleAsync(r => r.RunId == run.Id));
        var scoresBefore = await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().Where(s => s.RunId == run.Id).OrderBy(s => s.ResponseId).Select(s => new { s.ResponseId, s.Overall }).ToListAsync());

        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Empty(await RunJobAsync(app));
        Assert.Equal(before, await FootprintAsync(app, survey.Id));

        clock.Advance(TimeSpan.FromMinutes(2));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var counts = await scope.ServiceProvider.GetRequiredService<SurveyRetention>().ApplyDueAsync(CancellationToken.None);
            // Three responses (two web, one imported) lose their free text (city); all lose exact times; the imported one its source id.
            Assert.Equal(new RetentionCounts(0, 3, 3, 0, 3, 3), Assert.Single(counts).Value);
        }

        // Responses, their other answers and scores stay; participants, sessions, deliveries, links and report records go.
        Assert.Equal(before with { Answers = before.Answers - 3, Sessions = 0, Participants = 0, Deliveries = 0, Links = 0, ReportDeliveries = 0, ReportLinks = 0, Attributes = 2 }, await FootprintAsync(app, survey.Id));
        Assert.Equal(otherBefore, await FootprintAsync(app, other.Id));
        Assert.Equal(resultsBefore.Json, (await app.WithDbAsync(db => db.ScoringResults.AsNoTracking().SingleAsync(r => r.RunId == run.Id))).Json);
        Assert.Equal(
            scoresBefore.Select(s => (s.ResponseId, s.Overall)),
            (await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().Where(s => s.RunId == run.Id).OrderBy(s => s.ResponseId).Select(s => new { s.ResponseId, s.Overall }).ToListAsync())).Select(s => (s.ResponseId, s.Overall)));
        var responses = await app.WithDbAsync(db => db.Responses.AsNoTracking().Where(r => r.SurveyId == survey.Id).ToListAsync());
        Assert.All(responses, r => Assert.Equal(r.SubmittedAt.Date, r.SubmittedAt));
        Assert.All(responses, r => Assert.Null(r.ExternalId));
        Assert.Equal(SurveyResponse.ImportSource, responses.Single(r => r.Id == survey.ImportedId).Source);
        var attributes = await app.WithDbAsync(db => db.Set<ResponseAttributes>().AsNoTracking().Where(a => responses.Select(r => r.Id).Contains(a.ResponseId)).ToListAsync());
        Assert.All(attributes, a => Assert.Equal(["segment"], a.Attributes.Keys));
        Assert.Equal(["north", "south"], attributes.Select(a => a.Attributes["segment"]).Order());

        // Nothing identifying is left in any table: names, employee ids, free text, the source id, the addresses.
        Assert.Empty(await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, survey.Secret)));
        foreach (var email in Emails("a" + tag))
        {
            Assert.Empty(await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, email)));
        }

        // The full download still has every response, with the kept attribute and nothing removed (signed in again: the clock moved on a week).
        using var reader = await app.SignedInAsync();
        var csvText = await reader.Client.GetStringAsync(new Uri($"/surveys/{survey.Id}/results?handler=Csv", UriKind.Relative));
        Assert.True(csvText.StartsWith("response_id,", StringComparison.Ordinal), csvText[..Math.Min(2000, csvText.Length)]);
        var csv = CsvText.Parse(csvText);
        Assert.Equal(4, csv.Count);
        Assert.DoesNotContain(survey.Secret, csvText, StringComparison.Ordinal);
        Assert.DoesNotContain("employee_id", csvText, StringComparison.Ordinal);
        var segment = Array.IndexOf(csv[0], "participant_segment");
        Assert.True(segment >= 0, string.Join(',', csv[0]));
        Assert.Equal(["", "north", "south"], csv.Skip(1).Select(r => r[segment]).Order());
        Assert.All(csv.Skip(1), r => Assert.Empty(r[Array.IndexOf(csv[0], "city")]));
        Assert.All(csv.Skip(1), r => Assert.EndsWith("T00:00:00Z", r[1], StringComparison.Ordinal));
        var xlsx = await reader.Client.GetAsync(new Uri($"/surveys/{survey.Id}/results?handler=Xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);

        // A second run finds nothing.
        var recorded = (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == survey.Id))).RetentionLastRunAt;
        clock.Advance(TimeSpan.FromDays(1));
        Assert.All((await RunJobAsync(app)).Values, c => Assert.Equal(RetentionCounts.None, c));
        Assert.Equal(recorded, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == survey.Id))).RetentionLastRunAt);
        using var nextDay = await app.SignedInAsync();
        Assert.Equal(csvText, await nextDay.Client.GetStringAsync(new Uri($"/surveys/{survey.Id}/results?handler=Csv", UriKind.Relative)));
    }

    [Fact]
    public async Task TheRetentionJob_IsRegisteredAsADailyRecurringJob_AtStart()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var session = app.Session();
        await session.GetAsync("/health/ready");
        using var connection = app.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var job = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == RetentionJob.RecurringId);
        Assert.Equal("30 2 * * *", job.Cron);
        Assert.Equal(typeof(RetentionJob), job.Job.Type);
    }

    [Fact]
    public async Task TheSurveyPage_ShowsTheSetting_RefusesMissingOrOutOfRangeDays_BesideTheField_AndOnlyTheOwnerCanChangeIt()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var page = await owner.GetAsync($"/surveys/{id}");
        Assert.Equal("None: responses are kept", page.Text("[data-testid=retention-setting]"));
        Assert.Equal("Never", page.Text("[data-testid=retention-last-run]"));
        Assert.NotNull(page.Document.QuerySelector($"{RetentionForm} input[name=__RequestVerificationToken]"));

        var missing = await SetRetentionAsync(owner, id, "Delete", "");
        Assert.Equal(HttpStatusCode.OK, missing.Status);
        Assert.Equal("Enter a number of days from 1 to 3650 after the close.", missing.Text("[data-valmsg-for='Retention.Days']"));
        var tooMany = await SetRetentionAsync(owner, id, "Anonymise", "3651");
        Assert.Equal("Enter a number of days from 1 to 3650 after the close.", tooMany.Text("[data-valmsg-for='Retention.Days']"));
        var notANumber = await SetRetentionAsync(owner, id, "Anonymise", "ten");
        Assert.Equal(HttpStatusCode.OK, notANumber.Status);
        Assert.Equal("Enter a number of days from 1 to 3650 after the close.", notANumber.Text("[data-valmsg-for='Retention.Days']"));
        Assert.Equal("ten", notANumber.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Retention_Days")!.Value);
        Assert.Equal(RetentionAction.None, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).RetentionAction);

        var saved = await SetRetentionAsync(owner, id, "Anonymise", "90");
        Assert.Equal("Anonymise 90 day(s) after the close", saved.Text("[data-testid=retention-setting]"));
        Assert.Equal("checked", saved.Document.QuerySelector("#Retention_Action_Anonymise")!.GetAttribute("checked"));
        Assert.Equal("90", saved.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Retention_Days")!.Value);

        // Another owner finds no such survey; a post without the antiforgery token is refused.
        await app.CreateUserAsync("other-owner@example.org", "another long password", Roles.SurveyOwner);
        using var other = await app.SignedInAsync("other-owner@example.org", "another long password");
        var token = saved.Document.QuerySelector($"{RetentionForm} input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var foreign = await other.GetAsync($"/surveys/{id}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        var otherPage = await other.GetAsync("/surveys");
        var otherToken = otherPage.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? token;
        var forged = await other.PostRawAsync($"/surveys/{id}?handler=Retention", [new("__RequestVerificationToken", otherToken), new("Retention.Action", "None"), new("Retention.Days", "")]);
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        var noToken = await owner.PostRawAsync($"/surveys/{id}?handler=Retention", [new("Retention.Action", "None"), new("Retention.Days", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);
        Assert.Equal(RetentionAction.Anonymise, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).RetentionAction);
    }
}
