using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>
/// How mailings use SMTP connections, against the small in-process server that counts them: one
/// connection per batch of 50, a new one after the server ends a session, and a misconfigured or
/// silent server recorded on the delivery (retried later) rather than crashing the job.
/// </summary>
public sealed class SmtpConnectionTests
{
    private sealed record DeliveryRow(string Email, DeliveryStatus Status, int Attempts, string? LastError);

    private static AppFactory App(TestDatabase database, RefusingSmtpServer smtp, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new AppFactory(database, all);
    }

    /// <summary>Creates a survey with these participants and sends them an invitation at full speed.</summary>
    private static async Task<Guid> InviteAsync(AppFactory app, HtmlSession owner, IReadOnlyList<string> emails)
    {
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        await app.WithDbAsync(async db =>
        {
            foreach (var email in emails)
            {
                db.Participants.Add(Participant.Create(id, email, "First", "Last", null, DateTime.UtcNow).Participant!);
            }

            return await db.SaveChangesAsync();
        });
        var page = await owner.GetAsync($"/surveys/{id}/mailings");
        var form = page.Document.QuerySelectorAll("#mailing-form input[name], #mailing-form textarea[name]")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? string.Empty);
        form["RatePerMinute"] = "100000";
        await owner.PostRawAsync($"/surveys/{id}/mailings?handler=Send", form);
        return id;
    }

    /// <summary>Waits until every delivery of the survey has had its first attempt.</summary>
    private static Task<List<DeliveryRow>> AttemptedAsync(AppFactory app, Guid surveyId, int count) =>
        SurveyPages.EventuallyAsync(async () =>
        {
            var rows = await app.WithDbAsync(db => db.Deliveries.AsNoTracking()
                .Join(db.Participants.Where(p => p.SurveyId == surveyId), d => d.ParticipantId, p => p.Id, (d, p) => new DeliveryRow(p.Email, d.Status, d.Attempts, d.LastError))
                .ToListAsync());
            return rows.Count == count && rows.All(r => r.Attempts > 0) ? rows : null;
        }, TimeSpan.FromSeconds(60), $"one attempt for each of {count} deliveries");

    private static string[] Addresses(int count) => [.. Enumerable.Range(0, count).Select(i => $"p{i:D3}@{Guid.NewGuid():N}.example.org")];

    [Fact]
    public async Task AMailingOf120_OpensOneConnectionPerBatchOf50_AndEndsEachWithQuit()
    {
        using var smtp = new RefusingSmtpServer();
        await using var database = TestDatabase.Sqlite();
        await using var app = App(database, smtp);
        using var owner = await app.SignedInAsync();

        var id = await InviteAsync(app, owner, Addresses(120));

        var rows = await AttemptedAsync(app, id, 120);
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(120, smtp.Delivered.Count);
        Assert.Equal(3, smtp.Sessions); // 50 + 50 + 20; one connection per message would be 120.
        await SurveyPages.EventuallyAsync(() => Task.FromResult(smtp.Quits == 3 ? (object)true : null), TimeSpan.FromSeconds(10), "a QUIT at the end of each batch");
    }

    [Fact]
    public async Task AfterARefusedRecipient_TheSameConnectionIsResetAndGoesOn()
    {
        using var smtp = new RefusingSmtpServer();
        await using var database = TestDatabase.Sqlite();
        await using var app = App(database, smtp);
        using var owner = await app.SignedInAsync();
        var domain = $"{Guid.NewGuid():N}.example.org";

        var id = await InviteAsync(app, owner, [$"a@{domain}", $"bounce@{domain}", $"later@{domain}", $"b@{domain}", $"c@{domain}"]);

        var rows = (await AttemptedAsync(app, id, 5)).ToDictionary(r => r.Email);
        Assert.Equal(DeliveryStatus.Failed, rows[$"bounce@{domain}"].Status);
        Assert.Equal("550: 5.1.1 No such user here", rows[$"bounce@{domain}"].LastError);
        Assert.Equal(DeliveryStatus.Pending, rows[$"later@{domain}"].Status);
        Assert.Equal("451: 4.3.0 Try again later", rows[$"later@{domain}"].LastError);
        Assert.Equal(3, smtp.Delivered.Count);
        Assert.Equal(1, smtp.Sessions);
        Assert.Equal(2, smtp.Commands.Count(c => c == "RSET")); // One after each refusal, so the next MAIL FROM starts clean.
    }

    [Fact]
    public async Task WhenTheServerEndsTheSessionWith421_TheNextMessageConnectsAgain_AndTheRefusedOneIsRetriedLater()
    {
        using var smtp = new RefusingSmtpServer(messagesPerSession: 10);
        await using var database = TestDatabase.Sqlite();
        await using var app = App(database, smtp);
        using var owner = await app.SignedInAsync();

        var id = await InviteAsync(app, owner, Addresses(15));

        var rows = await AttemptedAsync(app, id, 15);
        Assert.Equal(14, rows.Count(r => r.Status == DeliveryStatus.Sent));
        var refused = Assert.Single(rows, r => r.Status == DeliveryStatus.Pending);
        Assert.Equal(1, refused.Attempts);
        Assert.StartsWith("421", refused.LastError, StringComparison.Ordinal);
        Assert.Equal(14, smtp.Delivered.Count);
        Assert.Equal(2, smtp.Sessions);
    }

    [Fact]
    public async Task StartTlsRequired_AgainstAServerWithoutIt_IsRecordedOnTheDelivery_AndNothingIsSent()
    {
        using var smtp = new RefusingSmtpServer();
        await using var database = TestDatabase.Sqlite();
        await using var app = App(database, smtp, ("Smtp:Security", "StartTls"));
        using var owner = await app.SignedInAsync();

        var id = await InviteAsync(app, owner, Addresses(2));

        var rows = await AttemptedAsync(app, id, 2);
        Assert.All(rows, r =>
        {
            Assert.Equal(DeliveryStatus.Pending, r.Status); // Retried with backoff, then failed: the owner sees it either way.
            Assert.Contains("STARTTLS", r.LastError, StringComparison.Ordinal);
        });
        Assert.Empty(smtp.Delivered);
        var participants = await owner.GetAsync($"/surveys/{id}/participants");
        Assert.Equal(System.Net.HttpStatusCode.OK, participants.Status);
    }

    [Fact]
    public async Task ASilentServer_TimesOutAfterTimeoutSeconds_AndTheDeliveryIsRetriedLater()
    {
        using var smtp = new RefusingSmtpServer(silent: true);
        await using var database = TestDatabase.Sqlite();
        await using var app = App(database, smtp, ("Smtp:TimeoutSeconds", "1"));
        using var owner = await app.SignedInAsync();

        var id = await InviteAsync(app, owner, Addresses(1));

        var row = Assert.Single(await AttemptedAsync(app, id, 1));
        Assert.Equal(DeliveryStatus.Pending, row.Status);
        Assert.Equal("The SMTP server did not answer within 1 s.", row.LastError);
    }
}
