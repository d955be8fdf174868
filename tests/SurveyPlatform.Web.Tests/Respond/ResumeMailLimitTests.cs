using System.Net;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>
/// "E-mail my resume link" beyond the five per session: hourly limits per client address, per
/// recipient and per survey, counted on the real SMTP server.
/// </summary>
public sealed class ResumeMailLimitTests
{
    private const string Busy = "Error: Too many e-mails with survey links were sent from here or to this address recently. Copy the link from this page instead, or try again in an hour.";

    private static async Task<Page> SavedPageAsync(HtmlSession respondent, string code)
    {
        var second = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"], ["pet"] = ["Rex"] });
        var saved = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, submitter: RespondentPages.Save);
        Assert.Equal($"/s/{code}/saved", new Uri(saved.Url).AbsolutePath);
        return saved;
    }

    private static async Task<Page> SendAsync(HtmlSession respondent, Page saved, string address)
    {
        var page = await respondent.SubmitAsync(saved, "main form", new Dictionary<string, string[]> { ["Email"] = [address] });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    private static async Task<int> MessagesToAsync(string address)
    {
        var folder = Path.Combine(Maildir.Folder, "new");
        var count = 0;
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder) : [])
        {
            if ((await File.ReadAllTextAsync(file)).Contains(address, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    [Fact]
    public async Task ResumeMails_AreLimitedPerAddressPerClientAndPerSurvey_WithAMessageOnThePage_AndNoMailWhenRefused()
    {
        await using var database = TestDatabase.Sqlite();
        await using var factory = new AppFactory(database, new Dictionary<string, string?>
        {
            ["Respond:ResumeMail:PerAddressPerHour"] = "2",
            ["Respond:ResumeMail:PerClientPerHour"] = "4",
            ["Respond:ResumeMail:PerSurveyPerHour"] = "6",
        });
        await using var app = PeerAddress.Enable(factory);
        using var owner = PeerAddress.Session(app, "192.0.2.1");
        await owner.SignInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        var (_, code) = await SurveyPages.PublishFileAsync(owner, TestSurveyFiles.PetsAndColours);
        var (_, otherCode) = await SurveyPages.PublishFileAsync(owner, TestSurveyFiles.PetsAndColours);
        var marker = Guid.NewGuid().ToString("N")[..12];
        string To(int n) => $"limit-{marker}-{n}@example.org";

        // One address: two messages, then refused with a message beside the field, and nothing sent.
        using var first = PeerAddress.Session(app, "198.51.100.1");
        var saved = await SavedPageAsync(first, code);
        saved = await SendAsync(first, saved, To(1));
        Assert.NotEmpty(saved.Text("[data-testid=sent]"));
        saved = await SendAsync(first, saved, To(1).ToUpperInvariant());
        Assert.NotEmpty(saved.Text("[data-testid=sent]"));
        var refused = await SendAsync(first, saved, To(1));
        Assert.Equal(Busy, refused.Text("#email-error"));
        Assert.Null(refused.Document.QuerySelector("[data-testid=sent]"));
        Assert.Equal(2, await MessagesToAsync(To(1)));

        // One client address: four messages in all (the refused one did not count), then refused.
        saved = await SendAsync(first, refused, To(2));
        saved = await SendAsync(first, saved, To(3));
        Assert.NotEmpty(saved.Text("[data-testid=sent]"));
        refused = await SendAsync(first, saved, To(4));
        Assert.Equal(Busy, refused.Text("#email-error"));
        Assert.Equal(0, await MessagesToAsync(To(4)));

        // Another client, even in a fresh session, is not limited by the first client's count...
        using var second = PeerAddress.Session(app, "198.51.100.2");
        saved = await SavedPageAsync(second, code);
        saved = await SendAsync(second, saved, To(4));
        Assert.NotEmpty(saved.Text("[data-testid=sent]"));
        saved = await SendAsync(second, saved, To(5));
        Assert.NotEmpty(saved.Text("[data-testid=sent]"));

        // ...but the survey has now sent six, its limit.
        refused = await SendAsync(second, saved, To(6));
        Assert.Equal(Busy, refused.Text("#email-error"));
        Assert.Equal(0, await MessagesToAsync(To(6)));

        // Another survey has its own count.
        using var third = PeerAddress.Session(app, "198.51.100.3");
        saved = await SendAsync(third, await SavedPageAsync(third, otherCode), To(6));
        Assert.NotEmpty(saved.Text("[data-testid=sent]"));
        var counts = await Task.WhenAll(Enumerable.Range(1, 6).Select(n => MessagesToAsync(To(n))));
        Assert.Equal("2 1 1 1 1 1", string.Join(' ', counts));
    }
}
