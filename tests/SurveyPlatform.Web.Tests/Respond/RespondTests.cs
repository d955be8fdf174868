using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>The public link /s/{code} under bad input, replays, races, closed surveys and unknown links.</summary>
public sealed class RespondTests
{
    private const string FlowSurvey = TestSurveyFiles.PetsAndColours;

    // ---- Bad input ----

    [Fact]
    public async Task InvalidPage_IsReshownWithAGovUkErrorSummary_MessagesBesideTheFields_TheOtherValuesKept_AndNothingSaved()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");
        var responseId = RespondentPages.ResponseId(form);

        var page = await RespondentPages.NextAsync(respondent, form, new Dictionary<string, string[]>
        {
            ["fruit"] = ["apple", "pear"],
            ["mood"] = ["4"],
            ["city"] = ["Zürich – 東京 <b>x</b>"],
            ["age"] = ["121"],
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/s/{code}", new Uri(page.Url).AbsolutePath);
        var summary = page.Document.QuerySelector(".error-summary") ?? throw new InvalidOperationException("No error summary.");
        Assert.True(summary.HasAttribute("autofocus"), "The error summary should take the focus.");
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        Assert.Equal("There is a problem", page.Text("#error-summary-title"));
        var links = summary.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(["#a-colour", "#a-age"], links);
        Assert.All(links, href => Assert.NotNull(page.Document.GetElementById(href[1..])));
        AssertFieldError(page, "colour", "Choose an answer.", "Favourite colour: choose an answer.");
        AssertFieldError(page, "age", "Enter a number from 18 to 120.", "How old are you: enter a number from 18 to 120.");
        Assert.Equal("true", page.Document.GetElementById("a-age")!.GetAttribute("aria-invalid"));
        Assert.Contains("a-age-error", page.Document.GetElementById("a-age")!.GetAttribute("aria-describedby") ?? string.Empty, StringComparison.Ordinal);
        Assert.Null(page.Document.GetElementById("a-city")!.GetAttribute("aria-invalid"));
        Assert.Empty(page.Document.QuerySelectorAll("#q-fruit .error-message, #q-mood .error-message, #q-city .error-message"));

        Assert.Equal(["apple", "pear"], RespondentPages.Checked(page, "a.fruit"));
        Assert.Equal(["4"], RespondentPages.Checked(page, "a.mood"));
        Assert.Empty(RespondentPages.Checked(page, "a.colour"));
        Assert.Equal("Zürich – 東京 <b>x</b>", RespondentPages.TextValue(page, "a.city"));
        Assert.Equal("121", RespondentPages.TextValue(page, "a.age"));
        Assert.Equal(responseId, RespondentPages.ResponseId(page));
        Assert.Equal("0", RespondentPages.Hidden(page)["PageVersion"]);
        Assert.Equal(0, await app.WithDbAsync(db => db.ResponseSessions.CountAsync()));
        Assert.Equal(0, await ResponseCountAsync(app, id));

        // Only the two fields are corrected; everything else comes from the re-shown page.
        var done = await RespondentPages.NextAsync(respondent, page, new Dictionary<string, string[]> { ["colour"] = ["blue"], ["age"] = ["120"] });
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string> { ["colour"] = "blue", ["fruit"] = "apple;pear", ["mood"] = "4", ["city"] = "Zürich – 東京 <b>x</b>", ["age"] = "120" },
            await RespondentPages.StoredAnswersAsync(app, responseId));
    }

    [Fact]
    public async Task InvalidLaterPage_DoesNotChangeTheSavedSession()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var second = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"], ["pet"] = ["Rex"] });
        Assert.Equal(1, RespondentPages.PageIndex(second));
        var before = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());

        var page = await RespondentPages.NextAsync(respondent, second, new Dictionary<string, string[]> { ["petage"] = ["41"] });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(1, RespondentPages.PageIndex(page));
        Assert.Equal(["#a-petkind", "#a-petage"], page.Document.QuerySelectorAll(".error-summary a").Select(a => a.GetAttribute("href")));
        AssertFieldError(page, "petkind", "Choose an answer.");
        AssertFieldError(page, "petage", "Enter a number from 0 to 40.");
        Assert.Equal("41", RespondentPages.TextValue(page, "a.petage"));
        Assert.Equal(RespondentPages.Hidden(second)["PageVersion"], RespondentPages.Hidden(page)["PageVersion"]);
        var after = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.Equal(before.PageVersion, after.PageVersion);
        Assert.Equal(before.AnswersJson, after.AnswersJson);
        Assert.Equal(1, after.CurrentPage);
    }

    [Fact]
    public async Task ValuesThatAreNotOptions_AreRejectedWithAMessage_AndStoreNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");

        var cases = new (string Question, KeyValuePair<string, string>[] Forged, string Message)[]
        {
            ("colour", [new("a.colour", "green")], "Choose one of the listed answers."),
            ("colour", [new("a.colour", "red"), new("a.colour", "blue")], "Choose one of the listed answers."),
            ("fruit", [new("a.fruit", "apple"), new("a.fruit", "kiwi")], "Choose only from the listed answers."),
            ("mood", [new("a.mood", "6")], "Choose a rating from 1 to 5."),
            ("mood", [new("a.mood", "-1")], "Choose a rating from 1 to 5."),
            ("age", [new("a.age", "abc")], "Enter a number, like 12 or 3.5."),
        };
        foreach (var (question, forged, message) in cases)
        {
            var valid = new Dictionary<string, string> { ["a.colour"] = "red", ["a.mood"] = "3", ["a.age"] = "30" };
            foreach (var key in forged.Select(f => f.Key).Distinct())
            {
                valid.Remove(key);
            }

            var page = await respondent.PostRawAsync($"/s/{code}", [.. RespondentPages.Hidden(form), .. valid, .. forged]);

            Assert.True(page.Status == HttpStatusCode.OK, $"{question}: {page.Status}");
            AssertFieldError(page, question, message);
            Assert.Single(page.Document.QuerySelectorAll(".error-summary li"));
            Assert.DoesNotContain("kiwi", page.Document.QuerySelectorAll("input[type=checkbox], input[type=radio]").Select(i => i.GetAttribute("value")));
            Assert.DoesNotContain("green", page.Document.QuerySelectorAll("input[type=checkbox], input[type=radio]").Select(i => i.GetAttribute("value")));
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.ResponseSessions.CountAsync()));
        Assert.Equal(0, await ResponseCountAsync(app, id));
    }

    [Fact]
    public async Task APageThatIsNotOnThePath_OrAnUnknownPageIndex_IsNotApplied()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var last = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"] });
        Assert.Equal(2, RespondentPages.PageIndex(last));
        var before = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());

        // Page 2 is skipped for this respondent (no pet): a forged post of it changes nothing.
        var fields = RespondentPages.Hidden(last);
        fields["PageIndex"] = "1";
        fields["a.petkind"] = "dog";
        var page = await respondent.PostRawAsync($"/s/{code}", fields);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(2, RespondentPages.PageIndex(page));

        fields["PageIndex"] = "7";
        page = await respondent.PostRawAsync($"/s/{code}", fields);
        Assert.True(page.Status == HttpStatusCode.OK, $"A page index out of range gave {page.Status}.");
        Assert.Equal(2, RespondentPages.PageIndex(page));

        var after = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.Equal(before.AnswersJson, after.AnswersJson);
        Assert.Equal(before.PageVersion, after.PageVersion);
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync()));
    }

    // ---- Replays and races ----

    [Fact]
    public async Task TheFinalPagePostedTwice_StoresExactlyOneResponse_AndTheSecondPostLandsOnThanks()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var last = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["blue"] });
        var fields = RespondentPages.Hidden(last);
        fields["a.mood"] = "5";
        fields["a.bluewhy"] = "Sky";

        var first = await respondent.PostRawAsync($"/s/{code}", fields);
        var second = await respondent.PostRawAsync($"/s/{code}", fields);

        Assert.EndsWith($"/s/{code}/thanks", first.Url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.EndsWith($"/s/{code}/thanks", second.Url, StringComparison.Ordinal);
        var responseId = RespondentPages.ResponseId(last);
        Assert.Equal([responseId], await app.WithDbAsync(db => db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync()));
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "blue", ["mood"] = "5", ["bluewhy"] = "Sky" }, await RespondentPages.StoredAnswersAsync(app, responseId));
        Assert.NotNull(await app.WithDbAsync(db => db.ResponseSessions.Where(s => s.Id == responseId).Select(s => s.CompletedAt).SingleAsync()));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheFinalPagePostedConcurrently_StoresExactlyOneResponse_AndNoPostFails(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);

        // Several respondents, each posting their final page five times at once, to give the race a chance.
        for (var round = 0; round < 3; round++)
        {
            using var respondent = app.Session();
            var last = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"] });
            Assert.Equal(2, RespondentPages.PageIndex(last));
            var fields = RespondentPages.Hidden(last);
            fields["a.mood"] = "2";
            fields["a.note"] = $"round {round}";

            var posts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => respondent.PostRawAsync($"/s/{code}", fields)));

            Assert.All(posts, p =>
            {
                Assert.Equal(HttpStatusCode.OK, p.Status);
                Assert.EndsWith($"/s/{code}/thanks", p.Url, StringComparison.Ordinal);
            });
            Assert.Equal(round + 1, await ResponseCountAsync(app, id));
            var responseId = RespondentPages.ResponseId(last);
            Assert.Equal(
                new Dictionary<string, string> { ["colour"] = "red", ["mood"] = "2", ["note"] = $"round {round}" },
                await RespondentPages.StoredAnswersAsync(app, responseId));
        }
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheFirstPagePostedConcurrently_CreatesOneSession_AndNoPostFails(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var first = await respondent.GetAsync($"/s/{code}");
        var fields = RespondentPages.Hidden(first);
        fields["a.colour"] = "blue";
        fields["a.pet"] = "Rex";

        var posts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => respondent.PostRawAsync($"/s/{code}", fields)));

        Assert.All(posts, p =>
        {
            Assert.Equal(HttpStatusCode.OK, p.Status);
            Assert.Equal(1, RespondentPages.PageIndex(p));
        });
        var session = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync(s => s.SurveyId == id));
        Assert.Equal(RespondentPages.ResponseId(first), session.Id);
        Assert.Equal(1, session.CurrentPage);
        Assert.Equal(1, session.PageVersion);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "blue", ["pet"] = "Rex" }, session.Answers.ToDictionary(a => a.Key, a => a.Value));
    }

    [Fact]
    public async Task APage1PostReplayedAfterPage2WasReached_DoesNotChangeTheSession_AndShowsPage2()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var first = await respondent.GetAsync($"/s/{code}");
        var fields = RespondentPages.Hidden(first);
        fields["a.colour"] = "blue";
        fields["a.pet"] = "Rex";

        var second = await respondent.PostRawAsync($"/s/{code}", fields);
        Assert.Equal(1, RespondentPages.PageIndex(second));
        var before = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.Equal(1, before.PageVersion);

        var replay = await respondent.PostRawAsync($"/s/{code}", fields);

        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal($"/s/{code}", new Uri(replay.Url).AbsolutePath);
        Assert.Equal(1, RespondentPages.PageIndex(replay));
        Assert.Equal("1", RespondentPages.Hidden(replay)["PageVersion"]);
        var after = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.Equal(before.PageVersion, after.PageVersion);
        Assert.Equal(before.AnswersJson, after.AnswersJson);
        Assert.Equal(before.SavedAt, after.SavedAt);
        Assert.Equal(1, after.CurrentPage);
    }

    [Fact]
    public async Task AFormPostedWithTheResponseIdOfAFinishedSessionFromAnotherBrowser_GoesToThanks_AndCreatesNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var first = app.Session();
        var last = await RespondentPages.NextAsync(first, await first.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"] });
        var finishedId = RespondentPages.ResponseId(last);
        Assert.EndsWith("/thanks", (await RespondentPages.NextAsync(first, last, new Dictionary<string, string[]> { ["mood"] = ["1"] })).Url, StringComparison.Ordinal);

        // Another browser (its own cookies and antiforgery token) posts a form carrying the finished session's id.
        using var other = app.Session();
        var fields = RespondentPages.Hidden(await other.GetAsync($"/s/{code}"));
        fields["ResponseId"] = finishedId.ToString();
        fields["PageIndex"] = "2";
        fields["a.mood"] = "5";
        fields["a.colour"] = "blue";
        var page = await other.PostRawAsync($"/s/{code}", fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.EndsWith($"/s/{code}/thanks", page.Url, StringComparison.Ordinal);
        Assert.Equal([finishedId], await app.WithDbAsync(db => db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync()));
        Assert.Equal([finishedId], await app.WithDbAsync(db => db.ResponseSessions.Select(s => s.Id).ToListAsync()));
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "red", ["mood"] = "1" }, await RespondentPages.StoredAnswersAsync(app, finishedId));
    }

    // ---- States of the link ----

    [Theory]
    [InlineData("nosuchcode")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")]
    public async Task AnUnknownCode_ShowsTheNotValidPageWith404_NotAnErrorPage(string unknown)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();

        AssertNotValidPage(await respondent.GetAsync($"/s/{unknown}"));

        // A post to an unknown code, with a valid token from a real form, is the same page and stores nothing.
        var form = await respondent.GetAsync($"/s/{code}");
        var posted = await respondent.PostRawAsync($"/s/{unknown}", [.. RespondentPages.Hidden(form), new("a.colour", "red"), new("a.mood", "3"), new("a.age", "30")]);
        AssertNotValidPage(posted);
        Assert.Equal(0, await app.WithDbAsync(db => db.ResponseSessions.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync()));
    }

    [Fact]
    public async Task BeforeOpensAt_TheLinkSaysWhenItOpens_WithNoForm_AndAPostStoresNothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var early = app.Session();
        var openedBefore = await early.GetAsync($"/s/{code}"); // A form shown while it was still open.

        var opensAt = DateTime.UtcNow.AddDays(2);
        opensAt = new DateTime(opensAt.Year, opensAt.Month, opensAt.Day, 9, 30, 0, DateTimeKind.Utc);
        await SurveyPages.SetRespondingAsync(owner, id, new() { ["Responding.OpensAt"] = [opensAt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)] });
        Assert.Equal(opensAt, await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.OpensAt).SingleAsync()));

        using var respondent = app.Session();
        var page = await respondent.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Standard survey", page.Text("h1"));
        Assert.Contains($"This survey is not open yet. It opens on {opensAt.ToString("d MMMM yyyy, 09:30", CultureInfo.InvariantCulture)} UTC.", page.Text("[data-testid=not-yet-open]"), StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("form"));

        var posted = await early.PostRawAsync($"/s/{code}", [.. RespondentPages.Hidden(openedBefore), new("a.colour", "red"), new("a.mood", "3"), new("a.age", "30")]);
        Assert.NotEmpty(posted.Text("[data-testid=not-yet-open]"));
        Assert.Equal(0, await app.WithDbAsync(db => db.ResponseSessions.CountAsync()));
        Assert.Equal(0, await ResponseCountAsync(app, id));
    }

    [Fact]
    public async Task OpensAtMovedIntoTheFuture_WhileSomeoneIsAnswering_ShowsTheNotYetOpenPage_NotTheClosedPage()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var last = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["red"] });
        Assert.Equal(2, RespondentPages.PageIndex(last));

        var opensAt = DateTime.UtcNow.Date.AddDays(3).AddHours(8);
        await SurveyPages.SetRespondingAsync(owner, id, new() { ["Responding.OpensAt"] = [opensAt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)] });

        var page = await respondent.GetAsync($"/s/{code}");
        Assert.Null(page.Document.QuerySelector("[data-testid=closed]"));
        Assert.Contains("This survey is not open yet.", page.Text("[data-testid=not-yet-open]"), StringComparison.Ordinal);
        Assert.Equal(0, await ResponseCountAsync(app, id));
    }

    [Fact]
    public async Task ResponseLimit_ClosesTheSurveyAfterTheLastAllowedResponse_AndANewVisitorSeesTheFullPage()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.SetRespondingAsync(owner, id, new() { ["Responding.ResponseLimit"] = ["2"] });
        using var late = app.Session();
        var openedBefore = await late.GetAsync($"/s/{code}");

        using (var one = app.Session())
        {
            Assert.EndsWith("/thanks", (await SurveyPages.AnswerStandardAsync(one, code, "red", [], 1, "", "30")).Url, StringComparison.Ordinal);
        }

        Assert.Equal(SurveyStatus.Open, await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.Status).SingleAsync()));
        using (var two = app.Session())
        {
            Assert.EndsWith("/thanks", (await SurveyPages.AnswerStandardAsync(two, code, "blue", [], 2, "", "31")).Url, StringComparison.Ordinal);
        }

        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(SurveyStatus.Closed, survey.Status);
        Assert.Equal(CloseReason.Limit, survey.ClosedBy);
        Assert.Equal(2, await ResponseCountAsync(app, id));

        using var visitor = app.Session();
        var page = await visitor.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("This survey has received all the responses it needs and is now closed. Thank you for your interest.", page.Text("[data-testid=full]"));
        Assert.Empty(page.Document.QuerySelectorAll("form"));

        // A form shown before the limit was reached, never posted, cannot add a third.
        var posted = await late.PostRawAsync($"/s/{code}", [.. RespondentPages.Hidden(openedBefore), new("a.colour", "red"), new("a.mood", "3"), new("a.age", "30")]);
        Assert.EndsWith("It closed before your answers were sent. Nothing was saved.", posted.Text("[data-testid=full]"), StringComparison.Ordinal);
        Assert.Equal(2, await ResponseCountAsync(app, id));
    }

    [Fact]
    public async Task ClosedSurvey_ShowsTheClosedPage_AndAFormOpenedBeforeTheCloseStoresNothing_WhenThereIsNoGracePeriod()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var noGrace = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), "form[action*='handler=Responding']", new Dictionary<string, string[]> { ["Responding.GraceMinutes"] = ["0"] });
        Assert.Equal("Respondent settings saved.", noGrace.Text(".notice"));
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");
        Assert.NotNull(form.Document.QuerySelector(RespondentPages.SurveyForm));

        var closed = await SurveyPages.CloseAsync(owner, id);
        Assert.Equal("Closed", closed.Text("[data-testid=status]"));

        var page = await RespondentPages.NextAsync(respondent, form, new Dictionary<string, string[]> { ["colour"] = ["red"], ["mood"] = ["3"], ["age"] = ["30"] });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/s/{code}", new Uri(page.Url).AbsolutePath);
        Assert.Equal(
            "This survey is closed and no longer accepts responses. Thank you for your interest. It closed before your answers were sent. Nothing was saved.",
            page.Text("[data-testid=closed]"));
        Assert.Empty(page.Document.QuerySelectorAll("form"));
        Assert.Equal(0, await app.WithDbAsync(db => db.ResponseSessions.CountAsync()));
        Assert.Equal(0, await ResponseCountAsync(app, id));

        using var visitor = app.Session();
        var later = await visitor.GetAsync($"/s/{code}");
        Assert.Equal("This survey is closed and no longer accepts responses. Thank you for your interest.", later.Text("[data-testid=closed]"));
        Assert.Null(later.Document.QuerySelector("[data-testid=full]"));
        Assert.Empty(later.Document.QuerySelectorAll("form"));
    }

    // ---- The grace period after a close ----

    [Fact]
    public async Task AFirstPageShownBeforeTheClose_IsAcceptedWithinTheGracePeriod_ButATamperedStartTimeIsNot()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        using var respondent = app.Session();
        var form = await respondent.GetAsync($"/s/{code}");
        using var forger = app.Session();
        var forged = RespondentPages.Hidden(await forger.GetAsync($"/s/{code}"));
        await SurveyPages.CloseAsync(owner, id);

        var done = await RespondentPages.NextAsync(respondent, form, new Dictionary<string, string[]> { ["colour"] = ["red"], ["mood"] = ["3"], ["age"] = ["30"] });
        Assert.EndsWith("/thanks", done.Url, StringComparison.Ordinal);
        Assert.Equal(1, await ResponseCountAsync(app, id));

        forged["Started"] = forged["Started"][..^4] + "AAAA";
        forged["a.colour"] = "red";
        forged["a.mood"] = "3";
        forged["a.age"] = "30";
        var refused = await forger.PostRawAsync($"/s/{code}", forged);
        Assert.Contains("Nothing was saved.", refused.Text("[data-testid=closed]"), StringComparison.Ordinal);
        Assert.Equal(1, await ResponseCountAsync(app, id));
    }

    [Fact]
    public async Task StartedBeforeTheClose_CanStillFinishWithinTheGracePeriod()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var last = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["blue"], ["pet"] = [""] });
        Assert.Equal(2, RespondentPages.PageIndex(last));

        await SurveyPages.CloseAsync(owner, id);
        Assert.Equal(60, await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.GraceMinutes).SingleAsync()));

        // A reload still shows their page, and they can finish.
        var reloaded = await respondent.GetAsync($"/s/{code}");
        Assert.Equal(2, RespondentPages.PageIndex(reloaded));
        var done = await RespondentPages.NextAsync(respondent, reloaded, new Dictionary<string, string[]> { ["mood"] = ["4"] });
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);
        Assert.Equal([RespondentPages.ResponseId(last)], await app.WithDbAsync(db => db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync()));
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "blue", ["mood"] = "4" }, await RespondentPages.StoredAnswersAsync(app, RespondentPages.ResponseId(last)));

        // Someone who had not started cannot start during the grace period.
        using var newcomer = app.Session();
        Assert.NotEmpty((await newcomer.GetAsync($"/s/{code}")).Text("[data-testid=closed]"));
    }

    [Fact]
    public async Task AfterTheGracePeriod_APostShowsTheClosedPage_AndKeepsTheTypedAnswersAsAPartial()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        var last = await RespondentPages.NextAsync(respondent, await respondent.GetAsync($"/s/{code}"), new Dictionary<string, string[]> { ["colour"] = ["blue"], ["pet"] = [""] });
        var sessionId = RespondentPages.ResponseId(last);
        await SurveyPages.CloseAsync(owner, id);

        // The close was 61 minutes ago, and this respondent started before it.
        var closedAt = DateTime.UtcNow.AddMinutes(-61);
        await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ClosedAt, closedAt)));
        await app.WithDbAsync(db => db.ResponseSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartedAt, closedAt.AddMinutes(-5))));

        var page = await RespondentPages.NextAsync(respondent, last, new Dictionary<string, string[]>
        {
            ["mood"] = ["5"],
            ["bluewhy"] = ["Typed too late"],
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("This survey has closed. The answers you gave so far have been kept. Thank you for your time.", page.Text("[data-testid=closed]"));
        Assert.Empty(page.Document.QuerySelectorAll("form"));
        var session = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId));
        Assert.Null(session.CompletedAt);
        Assert.Equal(
            new Dictionary<string, string> { ["colour"] = "blue", ["mood"] = "5", ["bluewhy"] = "Typed too late" },
            session.Answers.ToDictionary(a => a.Key, a => a.Value));
        Assert.Equal(0, await ResponseCountAsync(app, id));

        Assert.NotEmpty((await respondent.GetAsync($"/s/{code}")).Text("[data-testid=closed]"));
    }

    private static void AssertNotValidPage(Page page)
    {
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("This survey link is not valid", page.Text("h1"));
        Assert.Contains("Check that you copied the whole link.", page.Text("[data-testid=not-found]"), StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("form"));
        Assert.DoesNotContain("Something went wrong", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Page not found", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
    }

    /// <summary>The message sits inside the question's block and in the summary (led by the question's name), whose link targets the field.</summary>
    private static void AssertFieldError(Page page, string question, string message, string? summary = null)
    {
        var block = page.Document.QuerySelector($"#q-{question}") ?? throw new InvalidOperationException($"No #q-{question} on the page.");
        Assert.Equal($"Error: {message}", block.QuerySelector(".error-message")?.TextContent.Trim());
        Assert.Contains("has-error", block.ClassList);
        var link = page.Document.QuerySelector($".error-summary a[href='#a-{question}']");
        Assert.True(link is not null, $"The error summary has no link to #a-{question}: {page.Text(".error-summary")}");
        if (summary is not null)
        {
            Assert.Equal(summary, link.TextContent.Trim());
        }
        else
        {
            Assert.Matches($"^[^:]+: {System.Text.RegularExpressions.Regex.Escape(char.ToLowerInvariant(message[0]) + message[1..])}$", link.TextContent.Trim());
        }

        Assert.NotNull(block.QuerySelector($"#a-{question}"));
    }

    private static Task<int> ResponseCountAsync(AppFactory app, Guid surveyId) =>
        app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == surveyId));
}
