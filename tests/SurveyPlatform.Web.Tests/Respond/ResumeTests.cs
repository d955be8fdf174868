using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>Save and continue later, the resume link (opened and e-mailed), expiry, and a finished response revisited.</summary>
public sealed class ResumeTests
{
    private const string FlowSurvey = TestSurveyFiles.PetsAndColours;

    [Fact]
    public async Task SaveForLater_ShowsTheResumeLink_WhichContinuesInANewBrowserAtTheSavedPage_AndCanFinish()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var second = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["blue"], ["pet"] = ["Rex"] });
        var sessionId = RespondentPages.ResponseId(second);

        // Save with page 2 half answered: what is valid is kept (an invalid age is not).
        var saved = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, new Dictionary<string, string[]>
        {
            ["a.petkind"] = ["dog"],
            ["a.petage"] = ["not a number"],
        }, RespondentPages.Save);

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal($"/s/{code}/saved", new Uri(saved.Url).AbsolutePath);
        Assert.Equal("Your answers are saved", saved.Text("h1"));
        Assert.Equal("no-referrer", saved.Response.Headers.GetValues("Referrer-Policy").Single());
        var link = saved.Document.QuerySelector("[data-testid=resume-link]")?.GetAttribute("href") ?? throw new InvalidOperationException($"No resume link:\n{saved.Text("main")}");
        var resumePath = new Uri(link).AbsolutePath;
        Assert.StartsWith($"/s/{code}/r/{sessionId:N}.", resumePath, StringComparison.Ordinal);
        var secret = resumePath[$"/s/{code}/r/{sessionId:N}.".Length..];
        Assert.True(secret.Length >= 40, secret);

        var session = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.Equal(1, session.CurrentPage);
        Assert.Null(session.CompletedAt);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "blue", ["pet"] = "Rex", ["petkind"] = "dog" }, session.Answers.ToDictionary(a => a.Key, a => a.Value));
        Assert.DoesNotContain(secret, session.TokenHash, StringComparison.Ordinal); // Only a hash of the secret is stored.
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync()));

        // Another browser, without cookies, opens the link: it lands on the plain survey URL at the saved page.
        using var elsewhere = app.Session();
        var resumed = await elsewhere.GetAsync(resumePath);
        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        Assert.Equal($"/s/{code}", new Uri(resumed.Url).AbsolutePath);
        Assert.DoesNotContain(secret, resumed.Url, StringComparison.Ordinal);
        Assert.Equal(1, RespondentPages.PageIndex(resumed));
        Assert.Equal(sessionId, RespondentPages.ResponseId(resumed));
        Assert.Equal(["dog"], RespondentPages.Checked(resumed, "a.petkind"));
        Assert.Equal(string.Empty, RespondentPages.TextValue(resumed, "a.petage"));

        // Back still shows page 1's answers, then the response is finished from the new browser.
        var first = await elsewhere.SubmitAsync(resumed, RespondentPages.SurveyForm, submitter: RespondentPages.Back);
        Assert.Equal(["blue"], RespondentPages.Checked(first, "a.colour"));
        Assert.Equal("Rex", RespondentPages.TextValue(first, "a.pet"));
        var done = await RespondentPages.CompleteAsync(elsewhere, code, new Dictionary<string, string[]> { ["petage"] = ["3"], ["mood"] = ["5"] });
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);
        Assert.Equal([sessionId], await app.WithDbAsync(db => db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync()));
        Assert.Equal(
            new Dictionary<string, string> { ["colour"] = "blue", ["pet"] = "Rex", ["petkind"] = "dog", ["petage"] = "3", ["mood"] = "5" },
            await app.WithDbAsync(db => db.Answers.Where(a => a.ResponseId == sessionId).ToDictionaryAsync(a => a.QuestionCode, a => a.Value)));

        // The first browser sees the response as completed.
        Assert.NotEmpty((await respondent.GetAsync($"/s/{code}")).Text("[data-testid=completed]"));
    }

    [Fact]
    public async Task AnInvalidOrTamperedResumeLink_ShowsTheNotValidPage_AndResumesNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        var (_, otherCode) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var resumePath = await SaveAsync(respondent, code);
        var sessionId = Guid.ParseExact(resumePath.Split('/')[^1].Split('.')[0], "N");
        var secret = resumePath.Split('.', 2)[1];
        var tampered = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');

        string[] links =
        [
            $"/s/{code}/r/{sessionId:N}.{tampered}",
            $"/s/{code}/r/{Guid.NewGuid():N}.{secret}",
            $"/s/{code}/r/not-a-link",
            $"/s/{code}/r/{sessionId:N}",
            $"/s/{otherCode}/r/{sessionId:N}.{secret}",
            $"/s/nosuchcode/r/{sessionId:N}.{secret}",
        ];
        foreach (var link in links)
        {
            using var stranger = app.Session();
            var page = await stranger.GetAsync(link);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{link}: {page.Status}");
            Assert.Equal("This survey link is not valid", page.Text("h1"));
            Assert.Equal("This link to continue a survey is not valid. Check that you copied the whole link.", page.Text("[data-testid=not-found]"));
            Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);

            // No cookie was set: the survey starts afresh for this browser.
            var fresh = await stranger.GetAsync($"/s/{code}");
            Assert.Equal(0, RespondentPages.PageIndex(fresh));
            Assert.NotEqual(sessionId, RespondentPages.ResponseId(fresh));
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.ResponseSessions.CountAsync()));
    }

    [Fact]
    public async Task TheResumeLink_CanBeEmailed_AndArrivesAtTheSmtpServer_AnInvalidAddressIsRefusedBesideTheField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var second = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"], ["pet"] = ["Rex"] });
        var saved = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, submitter: RespondentPages.Save);
        var link = saved.Document.QuerySelector("[data-testid=resume-link]")!.GetAttribute("href")!;
        var sessionId = RespondentPages.ResponseId(second);
        var marker = Guid.NewGuid().ToString("N");

        var invalid = await respondent.SubmitAsync(saved, "main form", new Dictionary<string, string[]> { ["Email"] = [$"resume-{marker}@localhost"] });
        Assert.Equal(HttpStatusCode.OK, invalid.Status);
        Assert.Equal("Error: Enter an e-mail address like name@example.org.", invalid.Text("#email-error"));
        Assert.Equal("Enter an e-mail address like name@example.org.", invalid.Text(".error-summary a[href='#email']"));
        Assert.True(invalid.Document.QuerySelector(".error-summary")!.HasAttribute("autofocus"));
        var field = invalid.Document.GetElementById("email") as IHtmlInputElement ?? throw new InvalidOperationException("No #email.");
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Equal($"resume-{marker}@localhost", field.Value);
        Assert.Null(invalid.Document.QuerySelector("[data-testid=sent]"));
        Assert.Equal(link, invalid.Document.QuerySelector("[data-testid=resume-link]")!.GetAttribute("href"));
        Assert.Equal(0, await ResumeMailsAsync(app, sessionId));

        var address = $"resume-{Guid.NewGuid():N}@example.org";
        var sent = await respondent.SubmitAsync(invalid, "main form", new Dictionary<string, string[]> { ["Email"] = [address] });
        Assert.Equal($"We sent the link to {address}.", sent.Text("[data-testid=sent]"));
        Assert.Null(sent.Document.QuerySelector(".error-summary"));
        Assert.Equal(1, await ResumeMailsAsync(app, sessionId));

        var message = await Maildir.WaitForMessageToAsync(address, TimeSpan.FromSeconds(15));
        Assert.Contains("Subject: Continue the survey: Pets and colours", message, StringComparison.Ordinal);
        Assert.Contains(link, message.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("=\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        // The refused address got nothing (the valid message was sent after it, synchronously).
        foreach (var file in Directory.GetFiles(Path.Combine(Maildir.Folder, "new")))
        {
            Assert.DoesNotContain(marker, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }

        // The link from the e-mail works in another browser.
        using var phone = app.Session();
        var resumed = await phone.GetAsync(new Uri(link).AbsolutePath);
        Assert.Equal(1, RespondentPages.PageIndex(resumed));
        Assert.Equal(sessionId, RespondentPages.ResponseId(resumed));
    }

    [Fact]
    public async Task TheMailServerDown_TheResumeMailIsRefusedBesideTheField_TheLinkStaysOnThePage_AndNoneOfTheFiveIsUsed()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = ExternalProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), // nothing listens: refused at once
        });
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        await SaveAsync(respondent, code);
        var saved = await respondent.GetAsync($"/s/{code}/saved");
        var link = saved.Document.QuerySelector("[data-testid=resume-link]")!.GetAttribute("href")!;
        var sessionId = await app.WithDbAsync(db => db.ResponseSessions.Select(s => s.Id).SingleAsync());

        var address = $"down-{Guid.NewGuid():N}@example.org";
        var failed = await respondent.SubmitAsync(saved, "main form", new Dictionary<string, string[]> { ["Email"] = [address] });

        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.Equal("Error: The e-mail could not be sent just now. Your answers are saved: copy the link from this page instead, or try again in a few minutes.", failed.Text("#email-error"));
        Assert.Null(failed.Document.QuerySelector("[data-testid=sent]"));
        Assert.Equal(address, (failed.Document.GetElementById("email") as IHtmlInputElement)?.Value);
        Assert.Equal(link, failed.Document.QuerySelector("[data-testid=resume-link]")!.GetAttribute("href"));
        Assert.Equal(0, await ResumeMailsAsync(app, sessionId));
    }

    [Fact]
    public async Task TheResumeLink_IsEmailedAtMostFiveTimes()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        await SaveAsync(respondent, code);
        var saved = await respondent.GetAsync($"/s/{code}/saved");
        var sessionId = await app.WithDbAsync(db => db.ResponseSessions.Select(s => s.Id).SingleAsync());

        for (var i = 0; i < ResponseSession.MaxResumeMails; i++)
        {
            saved = await respondent.SubmitAsync(saved, "main form", new Dictionary<string, string[]> { ["Email"] = [$"limit-{Guid.NewGuid():N}@example.org"] });
            Assert.NotEmpty(saved.Text("[data-testid=sent]"));
        }

        var refused = await respondent.SubmitAsync(saved, "main form", new Dictionary<string, string[]> { ["Email"] = [$"limit-{Guid.NewGuid():N}@example.org"] });
        Assert.Equal("Error: The link has already been e-mailed several times. Copy it from this page instead.", refused.Text("#email-error"));
        Assert.Null(refused.Document.QuerySelector("[data-testid=sent]"));
        Assert.Equal(ResponseSession.MaxResumeMails, await ResumeMailsAsync(app, sessionId));
    }

    [Fact]
    public async Task AnExpiredSession_ShowsTheExpiredPage_KeepsItsAnswers_AndCanStartAgain()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var second = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"], ["pet"] = ["Rex"] });
        var saved = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, submitter: RespondentPages.Save);
        var resumePath = new Uri(saved.Document.QuerySelector("[data-testid=resume-link]")!.GetAttribute("href")!).AbsolutePath;
        var sessionId = RespondentPages.ResponseId(second);
        await app.WithDbAsync(db => db.ResponseSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        var before = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());

        var page = await respondent.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Your saved answers have expired, so this response can no longer be continued.", page.Text("[data-testid=expired]"));
        Assert.Null(page.Document.QuerySelector(RespondentPages.SurveyForm));
        Assert.Equal("Start again", page.Text($"{RespondentPages.Restart} button"));

        // The page that was open before it expired cannot be posted; the saved page is gone too.
        var posted = await RespondentPages.NextAsync(respondent, second, new Dictionary<string, string[]> { ["petkind"] = ["cat"] });
        Assert.NotEmpty(posted.Text("[data-testid=expired]"));
        var savedAgain = await respondent.GetAsync($"/s/{code}/saved");
        Assert.Equal($"/s/{code}", new Uri(savedAgain.Url).AbsolutePath);
        Assert.NotEmpty(savedAgain.Text("[data-testid=expired]"));
        Assert.Null(savedAgain.Document.QuerySelector("[data-testid=resume-link]"));

        // The resume link leads to the same page in another browser.
        using var elsewhere = app.Session();
        Assert.NotEmpty((await elsewhere.GetAsync(resumePath)).Text("[data-testid=expired]"));

        var after = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.Equal(before.AnswersJson, after.AnswersJson);
        Assert.Equal(before.PageVersion, after.PageVersion);
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));

        var restarted = await respondent.SubmitAsync(page, RespondentPages.Restart);
        Assert.Equal(0, RespondentPages.PageIndex(restarted));
        Assert.NotEqual(sessionId, RespondentPages.ResponseId(restarted));
        Assert.Empty(RespondentPages.Checked(restarted, "a.colour"));
    }

    [Fact]
    public async Task ACompletedResponseRevisited_SaysSo_AndStartANewResponseGivesAFreshPage1()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var first = await respondent.GetAsync($"/s/{code}");
        var firstId = RespondentPages.ResponseId(first);
        var done = await RespondentPages.CompleteAsync(respondent, code, new Dictionary<string, string[]> { ["colour"] = ["red"], ["mood"] = ["3"] });
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);
        Assert.Equal("Thank you", done.Text("h1"));

        var revisit = await respondent.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.OK, revisit.Status);
        Assert.Equal("You have already completed this survey. Thank you.", revisit.Text("[data-testid=completed]"));
        Assert.Null(revisit.Document.QuerySelector(RespondentPages.SurveyForm));
        Assert.Equal("Start a new response", revisit.Text($"{RespondentPages.Restart} button"));

        var fresh = await respondent.SubmitAsync(revisit, RespondentPages.Restart);
        Assert.Equal($"/s/{code}", new Uri(fresh.Url).AbsolutePath);
        Assert.Equal(0, RespondentPages.PageIndex(fresh));
        Assert.Equal("0", RespondentPages.Hidden(fresh)["PageVersion"]);
        var secondId = RespondentPages.ResponseId(fresh);
        Assert.NotEqual(firstId, secondId);
        Assert.Empty(RespondentPages.Checked(fresh, "a.colour"));

        var second = await RespondentPages.NextAsync(respondent, fresh, new Dictionary<string, string[]> { ["colour"] = ["blue"] });
        await RespondentPages.NextAsync(respondent, second, new Dictionary<string, string[]> { ["mood"] = ["1"] });
        Assert.Equal(
            new[] { firstId, secondId }.Order(),
            (await app.WithDbAsync(db => db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync())).Order());
        Assert.Equal("red", await app.WithDbAsync(db => db.Answers.Where(a => a.ResponseId == firstId && a.QuestionCode == "colour").Select(a => a.Value).SingleAsync()));
        Assert.Equal("blue", await app.WithDbAsync(db => db.Answers.Where(a => a.ResponseId == secondId && a.QuestionCode == "colour").Select(a => a.Value).SingleAsync()));
    }

    [Fact]
    public async Task EverySave_KeepsTheBrowsersCookieAsLongAsTheSessionIsResumable()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var respondent = new HtmlSession(client);
        var first = await respondent.GetAsync($"/s/{code}");
        Assert.Contains(first.Response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sp_response=", StringComparison.Ordinal) && c.Contains("max-age=2592000", StringComparison.OrdinalIgnoreCase));

        var fields = RespondentPages.Hidden(first);
        fields["a.colour"] = "blue";
        fields["a.pet"] = "Rex";
        var posted = await respondent.PostRawAsync($"/s/{code}", fields);

        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        var session = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.True(posted.Response.Headers.TryGetValues("Set-Cookie", out var cookies), $"The save (ExpiresAt {session.ExpiresAt:O}) did not renew the cookie.");
        Assert.Contains(cookies, c => c.StartsWith("sp_response=", StringComparison.Ordinal) && c.Contains("max-age=2592000", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Answers page 1 with a pet, saves on page 2 and returns the resume link's path.</summary>
    private static async Task<string> SaveAsync(HtmlSession respondent, string code)
    {
        var second = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"], ["pet"] = ["Rex"] });
        var saved = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, submitter: RespondentPages.Save);
        var link = saved.Document.QuerySelector("[data-testid=resume-link]")?.GetAttribute("href") ?? throw new InvalidOperationException($"No resume link:\n{saved.Text("main")}");
        return new Uri(link).AbsolutePath;
    }

    private static Task<int> ResumeMailsAsync(AppFactory app, Guid sessionId) =>
        app.WithDbAsync(db => db.ResponseSessions.Where(s => s.Id == sessionId).Select(s => s.ResumeMailsSent).SingleAsync());
}
