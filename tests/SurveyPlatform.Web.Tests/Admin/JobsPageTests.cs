using System.Globalization;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Admin;

/// <summary>The administrators' Jobs page, read from the database and the real Hangfire job store.</summary>
public sealed class JobsPageTests
{
    private const string Password = "a long password here";

    [Fact]
    public async Task Administrator_SeesAScheduledClose_AndAScheduledMailing_LinkedToTheirSurvey()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var admin = await app.SignedInAsync();
        const string title = "Close <b>soon</b> & co";
        var (id, _) = await SurveyPages.CreateStandardAsync(admin, title);

        var details = await admin.GetAsync($"/surveys/{id}");
        var saved = await admin.SubmitAsync(details, SurveyPages.ScheduleForm, new Dictionary<string, string[]>
        {
            ["CloseAt"] = [DateTime.UtcNow.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)],
        });
        Assert.Equal("Close time saved.", saved.Text(".notice"));
        var closeAt = await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.CloseAt).SingleAsync());

        // The form's own fields (token and default message), sent to the Send handler as MailingTests does.
        var mailings = await admin.GetAsync($"/surveys/{id}/mailings?kind=Invitation");
        var fields = mailings.Document.QuerySelectorAll("#mailing-form input[name], #mailing-form textarea[name]")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? string.Empty);
        fields["SendAt"] = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var scheduled = await admin.PostRawAsync($"/surveys/{id}/mailings?handler=Send", fields);
        Assert.StartsWith("Scheduled for", scheduled.Text(".notice"), StringComparison.Ordinal);
        var sendAt = await app.WithDbAsync(db => db.Mailings.Where(m => m.SurveyId == id).Select(m => m.ScheduledAt).SingleAsync());

        var jobs = await admin.GetAsync("/admin/jobs");
        Assert.Equal("/admin/jobs", new Uri(jobs.Url).AbsolutePath);
        Assert.Equal("Jobs", jobs.Text("h1"));
        Assert.Equal("Scheduled and waiting", jobs.Text("#scheduled-heading"));
        Assert.Equal("scheduled-heading", jobs.Document.QuerySelector("#scheduled table")!.GetAttribute("aria-labelledby"));
        Assert.All(jobs.Document.QuerySelectorAll("main th"), th => Assert.Equal("col", th.GetAttribute("scope")));

        var close = TriggerRow(jobs, "Close", id);
        Assert.Equal(title, close.QuerySelector("[data-testid=survey]")!.TextContent);
        Assert.Equal(Iso(closeAt!.Value), Cell(close, "next"));
        Assert.Equal(Iso(closeAt.Value), close.QuerySelector("[data-testid=next] time")!.GetAttribute("datetime"));
        Assert.Equal("Scheduled", Cell(close, "state")); // its Hangfire job waits for the close time
        Assert.Empty(jobs.Document.QuerySelectorAll("main b")); // The title is text, not markup.

        var mailing = TriggerRow(jobs, "Mailing", id);
        Assert.Equal(Iso(sendAt), Cell(mailing, "next"));
        Assert.Equal("Scheduled", Cell(mailing, "state"));
        Assert.Equal("/admin/hangfire", jobs.Document.QuerySelector("a[data-testid=dashboard]")!.GetAttribute("href"));

        // Cancelling the close removes its trigger from the page.
        details = await admin.GetAsync($"/surveys/{id}");
        var removed = await admin.SubmitAsync(details, SurveyPages.ScheduleForm, new Dictionary<string, string[]> { ["CloseAt"] = [string.Empty] });
        Assert.Equal("Automatic close removed.", removed.Text(".notice"));
        jobs = await admin.GetAsync("/admin/jobs");
        Assert.DoesNotContain(Rows(jobs), r => Cell(r, "kind") == "Close");
        Assert.Contains(Rows(jobs), r => Cell(r, "kind") == "Mailing");
    }

    [Fact]
    public async Task Administrator_SeesFailedScoringRunsAndMailDeliveries_WithTheirErrorsClippedAndEncoded()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var admin = await app.SignedInAsync();
        var id = await SurveyPages.CreateAsync(admin, "Scored survey");
        var error = "Scoring failed: <script>alert(1)</script> " + new string('x', 300);
        await app.WithDbAsync(async db =>
        {
            var started = DateTime.UtcNow.AddMinutes(-5);
            var succeeded = ScoringRun.Queue(id, "close", started.AddMinutes(-10));
            succeeded.Begin(null, null, 1, started.AddMinutes(-10));
            succeeded.Succeed(3, 4.5, 1.2, "hash", started.AddMinutes(-9));
            var failed = ScoringRun.Queue(id, "close", started);
            failed.Begin(null, null, 1, started);
            failed.Fail(error, started.AddSeconds(30));
            db.ScoringRuns.AddRange(succeeded, failed);

            var (participant, _) = Participant.Create(id, "ana@example.org", "Ana", "Silva", null, started);
            var (mailing, _) = Mailing.Create(id, MailingKind.Invitation, MailTemplate.DefaultInvitation, started, 60, 1, 0, started);
            var delivery = new Delivery(mailing!.Id, participant!.Id, 1);
            delivery.Bounce("550 5.1.1 <ana@example.org>: mailbox unavailable");
            db.Participants.Add(participant);
            db.Mailings.Add(mailing);
            db.Deliveries.Add(delivery);
            return await db.SaveChangesAsync();
        });

        var jobs = await admin.GetAsync("/admin/jobs");
        var clipped = error[..200] + "…";

        var runs = jobs.Document.QuerySelectorAll("#runs tr[data-testid=run]");
        Assert.Equal(["Failed", "Succeeded"], runs.Select(r => Cell(r, "status")));
        Assert.Equal(clipped, Cell(runs[0], "error"));
        Assert.Equal($"/surveys/{id}/results", runs[0].QuerySelector("[data-testid=results]")!.GetAttribute("href"));
        Assert.Equal("Scored survey", runs[0].QuerySelector("[data-testid=results]")!.TextContent);

        var failedRun = Assert.Single(jobs.Document.QuerySelectorAll("#failures tr[data-testid=failed-run]"));
        Assert.Equal(clipped, Cell(failedRun, "error"));
        Assert.Equal($"/surveys/{id}/results", failedRun.QuerySelector("[data-testid=results]")!.GetAttribute("href"));

        var failedDelivery = Assert.Single(jobs.Document.QuerySelectorAll("#failures tr[data-testid=failed-delivery]"));
        Assert.Equal("550 5.1.1 <ana@example.org>: mailbox unavailable", Cell(failedDelivery, "error"));
        Assert.Contains("Scored survey", failedDelivery.TextContent, StringComparison.Ordinal);

        Assert.Empty(jobs.Document.QuerySelectorAll("main script")); // Errors are text, never markup.
    }

    [Fact]
    public async Task Anonymous_IsSentToSignIn_AndASurveyOwnerWithoutTheAdministratorRole_IsDenied()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var anonymous = app.Session();
        var login = await anonymous.GetAsync("/admin/jobs");
        Assert.Equal("/account/login", new Uri(login.Url).AbsolutePath);
        Assert.Contains($"ReturnUrl={Uri.EscapeDataString("/admin/jobs")}", login.Url, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Sign in", login.Text("h1"));

        await app.CreateUserAsync("owner@example.org", Password, Roles.SurveyOwner);
        using var owner = await app.SignedInAsync("owner@example.org", Password);
        var denied = await owner.GetAsync("/admin/jobs");
        Assert.Equal("/account/denied", new Uri(denied.Url).AbsolutePath);
        Assert.Equal("Access denied", denied.Text("h1"));
        Assert.Null(denied.Document.QuerySelector("nav a[href='/admin/jobs']"));

        // The administrator reaches it from the navigation, so the denial is about the role.
        using var admin = await app.SignedInAsync();
        var home = await admin.GetAsync("/surveys");
        Assert.NotNull(home.Document.QuerySelector("nav a[href='/admin/jobs']"));
        var jobs = await admin.GetAsync("/admin/jobs");
        Assert.Equal("/admin/jobs", new Uri(jobs.Url).AbsolutePath);
        Assert.Equal("Jobs", jobs.Text("h1"));
    }

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim() ?? string.Empty;

    private static IHtmlCollection<IElement> Rows(Page page) => page.Document.QuerySelectorAll("#scheduled tr[data-testid=trigger]");

    private static IElement TriggerRow(Page page, string kind, Guid surveyId) =>
        Rows(page).SingleOrDefault(r => Cell(r, "kind") == kind && r.QuerySelector($"a[href='/surveys/{surveyId}']") is not null)
        ?? throw new InvalidOperationException($"No {kind} trigger for survey {surveyId}:\n{page.Text("#scheduled")}");
}
