using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Privacy;

/// <summary>
/// Erasure by e-mail address: an Administrator previews what every survey holds for the address, then
/// erases it on confirmation; afterwards no table holds the address or what was linked to it, the other
/// respondents are untouched, and closed runs keep their aggregates.
/// </summary>
public sealed class ErasureTests
{
    private static async Task<Page> PreviewAsync(HtmlSession admin, string email)
    {
        var page = await admin.GetAsync("/admin/erasure");
        return await admin.SubmitAsync(page, "form[data-testid=find-form]", new Dictionary<string, string[]> { ["Email"] = [email] });
    }

    private static Dictionary<string, string> Row(Page page, string table, Guid surveyId) =>
        page.Document.QuerySelectorAll($"table[data-testid={table}] tr[data-survey='{surveyId}'] td[data-count]")
            .ToDictionary(td => td.GetAttribute("data-count")!, td => td.TextContent.Trim());

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AnAdministrator_PreviewsCountsPerSurvey_ThenErasesTheAddressFromEveryTable_WhileOthersAndClosedRunAggregatesStay(DatabaseProviderKind provider)
    {
        var clock = new SettableClock();
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database) { Clock = clock };
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var target = $"erase-me-{tag}@example.org";
        var neighbour = $"neighbour-{tag}@example.org";

        // The address answered the closed, scored survey; in the open one it started and never finished (its last address).
        var scored = await PrivacySurveys.SeedAsync(app, admin, clock, "Scored survey", [target, neighbour, $"third-{tag}@example.org"]);
        var open = await PrivacySurveys.SeedAsync(app, admin, clock, "Open survey", [neighbour, target.ToUpperInvariant()]);
        var run = await PrivacySurveys.CloseAndScoreAsync(app, admin, scored, clock);
        var results = await app.WithDbAsync(db => db.ScoringResults.AsNoTracking().SingleAsync(r => r.RunId == run.Id));
        await app.WithDbAsync(async db =>
        {
            db.UserInvitations.Add(UserInvitation.Create($" {target} ", Roles.Researcher, PrivacySurveys.Hash(), (await db.Users.FirstAsync()).Id, clock.GetUtcNow().UtcDateTime));
            return await db.SaveChangesAsync();
        });
        var mine = scored.People.Single(p => p.Email == target);
        var theirs = scored.People.Single(p => p.Email == neighbour);
        var neighbourBefore = await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, neighbour));

        var preview = await PreviewAsync(admin, $"  {target.ToUpperInvariant()} ");
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Equal(new Dictionary<string, string>
        {
            ["participants"] = "1", ["responses"] = "1", ["sessions"] = "0", ["deliveries"] = "1", ["links"] = "1",
            ["report-deliveries"] = "1", ["report-links"] = "1", ["scores"] = "1",
        }, Row(preview, "preview-counts", scored.Id));
        Assert.Equal(new Dictionary<string, string>
        {
            ["participants"] = "1", ["responses"] = "0", ["sessions"] = "1", ["deliveries"] = "1", ["links"] = "1",
            ["report-deliveries"] = "0", ["report-links"] = "0", ["scores"] = "0",
        }, Row(preview, "preview-counts", open.Id));
        Assert.Equal("User invitations to this address: 1", preview.Text("[data-testid=preview-counts-invitations]"));
        Assert.NotEmpty(await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, target)));

        // Without the confirmation nothing is erased, and the reason is beside the box.
        var unconfirmed = await admin.SubmitAsync(preview, "form[data-testid=erase-form]");
        Assert.Equal("Tick the box to confirm that this address's data is to be erased for good.", unconfirmed.Text("[data-valmsg-for=Confirm]"));
        Assert.NotEmpty(await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, target)));

        var erased = await admin.SubmitAsync(unconfirmed, "form[data-testid=erase-form]", new Dictionary<string, string[]> { ["Confirm"] = ["true"] });
        Assert.Equal(HttpStatusCode.OK, erased.Status);
        Assert.Equal("1", Row(erased, "erased-counts", scored.Id)["responses"]);

        // No table holds the address, its answers (the free text was unique to each person), its response, session, scores or links.
        Assert.Empty(await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, target)));
        var gone = await app.WithDbAsync(async db => new[]
        {
            await db.Participants.CountAsync(p => p.Id == mine.ParticipantId),
            await db.Responses.CountAsync(r => r.Id == mine.ResponseId),
            await db.Answers.CountAsync(a => a.ResponseId == mine.ResponseId),
            await db.RespondentScores.CountAsync(s => s.ResponseId == mine.ResponseId),
            await db.ReportLinks.CountAsync(l => l.ResponseId == mine.ResponseId),
            await db.ResponseSessions.CountAsync(s => s.Id == mine.SessionId || s.Id == open.People[1].SessionId),
            await db.Deliveries.CountAsync(d => d.ParticipantId == mine.ParticipantId || d.ParticipantId == open.People[1].ParticipantId),
            await db.ParticipantLinks.CountAsync(l => l.ParticipantId == mine.ParticipantId || l.ParticipantId == open.People[1].ParticipantId),
            await db.ReportDeliveries.CountAsync(d => d.ParticipantId == mine.ParticipantId),
            await db.UserInvitations.CountAsync(i => i.Email.Contains(tag)),
        });
        Assert.All(gone, count => Assert.Equal(0, count));
        Assert.DoesNotContain(await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, scored.Secret + "-city0")), _ => true);

        // The audit trail records the erasure per survey and overall, by the Administrator, without the address (the scan above covers the trail too).
        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Kind == SurveyPlatform.Web.Audit.AuditKinds.Erasure).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(3, audited.Count);
        Assert.Equal(new HashSet<Guid?> { scored.Id, open.Id, null }, audited.Select(e => e.SurveyId).ToHashSet());
        Assert.All(audited, e => Assert.Equal(AppFactory.AdminEmail, e.ActorEmail));

        // Everyone else, and the closed run's aggregates, are as they were.
        Assert.Equal(neighbourBefore, await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, neighbour)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.Id == theirs.ResponseId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.RespondentScores.CountAsync(s => s.ResponseId == theirs.ResponseId)));
        var runAfter = await app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id));
        Assert.Equal((run.N, run.Mean, run.StandardDeviation), (runAfter.N, runAfter.Mean, runAfter.StandardDeviation));
        Assert.Equal(results.Json, (await app.WithDbAsync(db => db.ScoringResults.AsNoTracking().SingleAsync(r => r.RunId == run.Id))).Json);
        var csv = await admin.Client.GetStringAsync(new Uri($"/surveys/{scored.Id}/results?handler=Csv", UriKind.Relative));
        Assert.DoesNotContain(scored.Secret + "-city0", csv, StringComparison.Ordinal);
        Assert.Contains(scored.Secret + "-city1", csv, StringComparison.Ordinal);

        // A second erasure finds nothing and changes nothing.
        var again = await PreviewAsync(admin, target);
        Assert.NotNull(again.Document.QuerySelector("[data-testid=preview-counts-empty]"));
        Assert.Null(again.Document.QuerySelector("form[data-testid=erase-form]"));
        var forced = await admin.SubmitAsync(unconfirmed, "form[data-testid=erase-form]", new Dictionary<string, string[]> { ["Confirm"] = ["true"] });
        Assert.NotNull(forced.Document.QuerySelector("[data-testid=erased-counts-empty]"));
        Assert.Equal(neighbourBefore, await app.WithDbAsync(db => DatabaseScan.WhereAsync(db, neighbour)));
    }

    [Fact]
    public async Task OnlyAdministrators_ReachTheErasurePage_ABadAddressIsRefusedBesideItsField_AndAPostWithoutTheTokenIsRefused()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        await app.CreateUserAsync("owner@example.org", "a long enough password", Roles.SurveyOwner);
        using var owner = await app.SignedInAsync("owner@example.org", "a long enough password");
        var denied = await owner.GetAsync("/admin/erasure");
        Assert.Equal("/account/denied", new Uri(denied.Url).AbsolutePath);
        Assert.Null(denied.Document.QuerySelector("nav a[href='/admin/erasure']"));
        var surveys = await owner.GetAsync("/surveys");
        var token = surveys.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await owner.PostRawAsync("/admin/erasure?handler=Erase", [new("__RequestVerificationToken", token), new("Email", "someone@example.org"), new("Confirm", "true")]);
        Assert.Equal("/account/denied", new Uri(forged.Url).AbsolutePath);
        using var anonymous = app.Session();
        var signIn = await anonymous.GetAsync("/admin/erasure");
        Assert.Equal("/account/login", new Uri(signIn.Url).AbsolutePath);

        using var admin = await app.SignedInAsync();
        var page = await admin.GetAsync("/admin/erasure");
        Assert.NotNull(page.Document.QuerySelector("nav a[href='/admin/erasure']"));
        var bad = await admin.SubmitAsync(page, "form[data-testid=find-form]", new Dictionary<string, string[]> { ["Email"] = ["not an address"] });
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Equal("Enter the e-mail address to look for, like name@example.org.", bad.Text("[data-valmsg-for=Email]"));
        var noToken = await admin.PostRawAsync("/admin/erasure?handler=Erase", [new("Email", "someone@example.org"), new("Confirm", "true")]);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);
    }
}
