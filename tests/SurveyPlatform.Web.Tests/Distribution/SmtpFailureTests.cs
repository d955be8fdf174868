using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>
/// SMTP failures, against a small real SMTP server on loopback that refuses some recipients: a
/// permanent refusal (550) marks the person bounced at once, a temporary one (451) is retried later
/// with backoff, and the owner sees each error and can filter the list by status.
/// </summary>
public sealed class SmtpFailureTests
{
    [Fact]
    public async Task APermanentRefusalBounces_ATemporaryOneIsRetriedLater_AndTheOwnerSeesAndFiltersThem()
    {
        using var smtp = new RefusingSmtpServer();
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        foreach (var who in new[] { "ok", "bounce", "later" })
        {
            var page = await owner.GetAsync($"/surveys/{id}/participants");
            await owner.SubmitAsync(page, "form[action*='handler=Add']", new Dictionary<string, string[]> { ["Email"] = [$"{who}@example.org"] });
        }

        var mailings = await owner.GetAsync($"/surveys/{id}/mailings");
        var form = mailings.Document.QuerySelectorAll("#mailing-form input[name], #mailing-form textarea[name]")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? string.Empty);
        form["RatePerMinute"] = "6000";
        await owner.PostRawAsync($"/surveys/{id}/mailings?handler=Send", form);

        var deliveries = await SurveyPages.EventuallyAsync(async () =>
        {
            var rows = await app.WithDbAsync(db => db.Deliveries.AsNoTracking()
                .Join(db.Participants, d => d.ParticipantId, p => p.Id, (d, p) => new { p.Email, d.Status, d.Attempts, d.NextAttemptAt, d.LastError }).ToListAsync());
            return rows.Count == 3 && rows.All(r => r.Attempts > 0) ? rows.ToDictionary(r => r.Email) : null;
        }, TimeSpan.FromSeconds(30), "one attempt for each delivery");

        Assert.Equal(DeliveryStatus.Sent, deliveries["ok@example.org"].Status);
        Assert.Equal(DeliveryStatus.Failed, deliveries["bounce@example.org"].Status);
        Assert.StartsWith("550", deliveries["bounce@example.org"].LastError, StringComparison.Ordinal);
        var later = deliveries["later@example.org"];
        Assert.Equal(DeliveryStatus.Pending, later.Status);
        Assert.Equal(1, later.Attempts);
        Assert.Contains("451", later.LastError, StringComparison.Ordinal);
        Assert.InRange(later.NextAttemptAt!.Value, DateTime.UtcNow.AddSeconds(20), DateTime.UtcNow.AddMinutes(2));
        Assert.Equal(["ok@example.org"], smtp.Delivered);

        var people = await app.WithDbAsync(db => db.Participants.AsNoTracking().ToDictionaryAsync(p => p.Email));
        Assert.Equal(ParticipantStatus.Sent, people["ok@example.org"].Status);
        Assert.Equal(ParticipantStatus.Bounced, people["bounce@example.org"].Status);
        Assert.Equal(ParticipantStatus.Pending, people["later@example.org"].Status); // Not failed yet: retried with backoff.

        var bounced = await owner.GetAsync($"/surveys/{id}/participants?status=Bounced");
        var rowsShown = bounced.Document.QuerySelectorAll("[data-testid=participant]").Select(r => r.TextContent).ToList();
        var row = Assert.Single(rowsShown);
        Assert.Contains("bounce@example.org", row, StringComparison.Ordinal);
        Assert.Contains("550", row, StringComparison.Ordinal);
        Assert.Equal("1", bounced.Text("[data-testid=count-bounced]"));
    }
}
