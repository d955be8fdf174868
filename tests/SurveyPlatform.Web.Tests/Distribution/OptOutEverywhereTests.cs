using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>An opt-out the owner records "for every survey" keeps the person out of every other survey's mail; one for this survey does not.</summary>
public sealed class OptOutEverywhereTests
{
    [Fact]
    public async Task AnOptOutForEverySurvey_BlocksAnotherSurveysInvitation_AndAnOptOutForOneSurveyDoesNot()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "http://localhost" });
        using var owner = await app.SignedInAsync();
        var domain = $"{Guid.NewGuid():N}.example.org";
        var (first, _) = await SurveyPages.CreateStandardAsync(owner, "First survey");
        var (second, _) = await SurveyPages.CreateStandardAsync(owner, "Second survey");
        foreach (var survey in new[] { first, second })
        {
            foreach (var who in new[] { "everywhere", "here", "keen" })
            {
                await owner.SubmitAsync(await owner.GetAsync($"/surveys/{survey}/participants"), "form[action*='handler=Add']", new Dictionary<string, string[]> { ["Email"] = [$"{who}@{domain}"] });
            }
        }

        var people = await app.WithDbAsync(db => db.Participants.AsNoTracking().Where(p => p.SurveyId == first).ToDictionaryAsync(p => p.Email, p => p.Id));
        var list = await owner.GetAsync($"/surveys/{first}/participants");
        var token = list.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await owner.PostRawAsync($"/surveys/{first}/participants?handler=OptOut", new Dictionary<string, string>
        {
            ["participantId"] = people[$"everywhere@{domain}"].ToString(), ["everywhere"] = "true", ["__RequestVerificationToken"] = token,
        });
        await owner.PostRawAsync($"/surveys/{first}/participants?handler=OptOut", new Dictionary<string, string>
        {
            ["participantId"] = people[$"here@{domain}"].ToString(), ["__RequestVerificationToken"] = token,
        });

        var mailings = await owner.GetAsync($"/surveys/{second}/mailings");
        var form = mailings.Document.QuerySelectorAll("#mailing-form input[name], #mailing-form textarea[name]")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? string.Empty);
        form["RatePerMinute"] = "6000";
        await owner.PostRawAsync($"/surveys/{second}/mailings?handler=Send", form);

        var outcome = await SurveyPages.EventuallyAsync(async () =>
        {
            var rows = await app.WithDbAsync(db => db.Deliveries.AsNoTracking()
                .Join(db.Participants.Where(p => p.SurveyId == second), d => d.ParticipantId, p => p.Id, (d, p) => new { p.Email, d.Status }).ToListAsync());
            return rows.Count == 3 && rows.All(r => r.Status != DeliveryStatus.Pending) ? rows.ToDictionary(r => r.Email, r => r.Status) : null;
        }, TimeSpan.FromSeconds(30), "the second survey's invitation run");

        Assert.Equal(DeliveryStatus.Skipped, outcome[$"everywhere@{domain}"]);
        Assert.Equal(DeliveryStatus.Sent, outcome[$"here@{domain}"]);
        Assert.Equal(DeliveryStatus.Sent, outcome[$"keen@{domain}"]);
        await Maildir.WaitForMessageToAsync($"keen@{domain}", TimeSpan.FromSeconds(10));
        var delivered = Directory.GetFiles(Path.Combine(Maildir.Folder, "new")).Select(File.ReadAllText).Count(raw => raw.Contains($"everywhere@{domain}", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, delivered);
    }
}
