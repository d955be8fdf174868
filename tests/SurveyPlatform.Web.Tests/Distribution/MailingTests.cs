using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>Invitations and reminders through the durable sending job, over the real SMTP server on loopback.</summary>
public sealed partial class MailingTests
{
    [GeneratedRegex(@"https?://[^\s""<>]+/i/[A-Za-z0-9_-]{43}")]
    private static partial Regex PersonalLink();

    [GeneratedRegex(@"https?://[^\s""<>]+/o/[A-Za-z0-9_-]{43}")]
    private static partial Regex OptOutLink();

    private static async Task<(Guid Id, string Code, string Domain)> SurveyWithParticipantsAsync(AppFactory app, HtmlSession owner, int count)
    {
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var domain = $"{Guid.NewGuid():N}.example.org";
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                var (participant, errors) = Participant.Create(id, $"p{i:D4}@{domain}", $"First{i}", $"Last{i}", new Dictionary<string, string> { ["segment"] = i % 2 == 0 ? "payer" : "provider" }, DateTime.UtcNow);
                Assert.Empty(errors);
                db.Participants.Add(participant!);
            }

            return await db.SaveChangesAsync();
        });
        return (id, code, domain);
    }

    private static async Task<Page> SendAsync(HtmlSession owner, Guid id, MailingKind kind, int? maxRounds = null, string handler = "Send")
    {
        var page = await owner.GetAsync($"/surveys/{id}/mailings?kind={kind}");
        var form = page.Document.QuerySelectorAll("#mailing-form input[name], #mailing-form textarea[name]")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? string.Empty);
        form["RatePerMinute"] = "100000";
        if (maxRounds is { } rounds)
        {
            form["MaxRounds"] = rounds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await owner.PostRawAsync($"/surveys/{id}/mailings?handler={handler}", form);
    }

    private static async Task WaitForRoundAsync(AppFactory app, Guid surveyId, MailingKind kind, int expectedSent)
    {
        await SurveyPages.EventuallyAsync(async () =>
        {
            var counts = await app.WithDbAsync(db => db.Deliveries.AsNoTracking()
                .Where(d => db.Mailings.Any(m => m.Id == d.MailingId && m.SurveyId == surveyId && m.Kind == kind))
                .GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
            var sent = counts.Where(c => c.Key == DeliveryStatus.Sent).Sum(c => c.Count);
            var pending = counts.Where(c => c.Key == DeliveryStatus.Pending).Sum(c => c.Count);
            return sent >= expectedSent && pending == 0 ? (object)sent : null;
        }, TimeSpan.FromSeconds(90), $"{expectedSent} {kind} deliveries sent");
    }

    private static async Task<List<(string To, string Text)>> MessagesAsync(string domain, string subjectStart)
    {
        var messages = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(Path.Combine(Maildir.Folder, "new")))
        {
            var raw = await File.ReadAllTextAsync(file);
            var to = Regex.Match(raw, @"^To: <?([^>\r\n]+)>?", RegexOptions.Multiline).Groups[1].Value.Trim();
            if (to.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && raw.Contains($"Subject: {subjectStart}", StringComparison.Ordinal))
            {
                messages.Add((to.ToLowerInvariant(), Maildir.Decode(raw)));
            }
        }

        return messages;
    }

    [Fact]
    public async Task AnInvitationRun_Delivers200Messages_OneEach_WithWorkingPersonalLinks_ThenRemindersGoOnlyToThoseWhoDidNotFinish()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "http://localhost" });
        using var owner = await app.SignedInAsync();
        var (id, code, domain) = await SurveyWithParticipantsAsync(app, owner, 200);

        var preview = await SendAsync(owner, id, MailingKind.Invitation, handler: "Preview");
        Assert.Contains("Dear First0,", preview.Text("[data-testid=preview]"), StringComparison.Ordinal);

        var sent = await SendAsync(owner, id, MailingKind.Invitation);
        Assert.EndsWith($"/surveys/{id}/mailings", sent.Url, StringComparison.Ordinal);
        await WaitForRoundAsync(app, id, MailingKind.Invitation, 200);

        var invitations = await MessagesAsync(domain, "Invitation:");
        Assert.Equal(200, invitations.Count);
        Assert.Equal(200, invitations.Select(m => m.To).Distinct().Count());
        var first = invitations.Single(m => m.To == $"p0000@{domain}").Text;
        Assert.Contains("Dear First0,", first, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe: <http://localhost/o/", first, StringComparison.Ordinal);
        Assert.Contains("text/html", first, StringComparison.Ordinal);
        Assert.All(await app.WithDbAsync(db => db.Participants.AsNoTracking().Where(p => p.SurveyId == id).Select(p => p.Status).ToListAsync()),
            s => Assert.Equal(ParticipantStatus.Sent, s));

        // Two people finish through their links, one opts out.
        foreach (var who in new[] { "p0001", "p0002" })
        {
            var link = PersonalLink().Match(invitations.Single(m => m.To == $"{who}@{domain}").Text).Value;
            using var respondent = app.Session();
            var landed = await respondent.GetAsync(new Uri(link).PathAndQuery);
            Assert.Equal($"/s/{code}", new Uri(landed.Url).AbsolutePath);
            var done = await RespondentPages.CompleteAsync(respondent, code, new Dictionary<string, string[]> { ["colour"] = ["red"], ["mood"] = ["2"], ["age"] = ["33"] });
            Assert.EndsWith("/thanks", done.Url, StringComparison.Ordinal);
        }

        var optOut = OptOutLink().Match(invitations.Single(m => m.To == $"p0003@{domain}").Text).Value;
        using (var visitor = app.Session())
        {
            var confirm = await visitor.GetAsync(new Uri(optOut).PathAndQuery);
            var optedOut = await visitor.SubmitAsync(confirm, "main form");
            Assert.Contains("You will not receive any more e-mails", optedOut.Text("[data-testid=opted-out]"), StringComparison.Ordinal);
        }

        await SendAsync(owner, id, MailingKind.Reminder, maxRounds: 1);
        await WaitForRoundAsync(app, id, MailingKind.Reminder, 197);
        var reminders = await MessagesAsync(domain, "Reminder:");
        Assert.Equal(197, reminders.Count);
        Assert.DoesNotContain(reminders, m => m.To is var to && (to.StartsWith("p0001@", StringComparison.Ordinal) || to.StartsWith("p0002@", StringComparison.Ordinal) || to.StartsWith("p0003@", StringComparison.Ordinal)));

        // A second invitation run has nobody left to invite: no one gets a duplicate.
        await SendAsync(owner, id, MailingKind.Invitation);
        await Task.Delay(1500);
        Assert.Equal(200, (await MessagesAsync(domain, "Invitation:")).Count);
    }

    [Fact]
    public async Task ATemplateWithAnUnknownPlaceholderOrNoSurveyLink_IsRefusedBesideTheField_AndNothingIsQueued()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _, _) = await SurveyWithParticipantsAsync(app, owner, 3);
        var page = await owner.GetAsync($"/surveys/{id}/mailings");
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await owner.PostRawAsync($"/surveys/{id}/mailings?handler=Send", new Dictionary<string, string>
        {
            ["Kind"] = "Invitation",
            ["Subject"] = "Hello {Name}",
            ["Body"] = "No link here.",
            ["RatePerMinute"] = "60",
            ["__RequestVerificationToken"] = token,
        });
        Assert.Contains("{Name} is not a placeholder", refused.Text("#mailing-form"), StringComparison.Ordinal);
        Assert.Contains("The message must contain {SurveyLink}", refused.Text("#mailing-form"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Mailings.CountAsync(m => m.SurveyId == id)));
    }
}
