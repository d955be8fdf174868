using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

/// <summary>The owner's survey page (/surveys/{id}): editing, closing with confirmation, reopening, the public link and times in the survey's zone.</summary>
public sealed class SurveyPageTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EditQuestions_OnAnOpenSurveysPage_StartsTheNextVersion_AsTheEditorDoes(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var details = await owner.GetAsync($"/surveys/{id}");
        Assert.Equal("Edit questions", details.Text("[data-testid=edit-questions-form] button"));
        Assert.Contains("starts version 2", details.Text("#edit-questions-hint"), StringComparison.Ordinal);

        var editor = await owner.SubmitAsync(details, "[data-testid=edit-questions-form]");
        Assert.EndsWith($"/surveys/{id}/edit", editor.Url, StringComparison.Ordinal);
        Assert.Equal("You are editing version 2. Version 1 stays live until you publish.", editor.Text(".notice"));
        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.True(survey.IsRevising);
        Assert.Equal(SurveyStatus.Open, survey.Status);
        Assert.Equal(1, survey.PublishedVersion);

        // While the revision is open the page links straight to the editor; nothing else changed.
        var revising = await owner.GetAsync($"/surveys/{id}");
        Assert.Equal($"/surveys/{id}/edit", revising.Document.QuerySelector("a[data-testid=edit-questions]")?.GetAttribute("href"));
        Assert.Null(revising.Document.QuerySelector("[data-testid=edit-questions-form]"));
        Assert.Equal("Open", revising.Text("[data-testid=status]"));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task EditQuestions_OnADraftsPage_IsALinkToTheEditor_AndAClosedSurveyHasNone(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var draft = await SurveyPages.CreateAsync(owner, "Still a draft");

        var page = await owner.GetAsync($"/surveys/{draft}");
        Assert.Equal($"/surveys/{draft}/edit", page.Document.QuerySelector("a[data-testid=edit-questions]")?.GetAttribute("href"));
        Assert.Equal("Edit questions", page.Text("a[data-testid=edit-questions]"));

        var (closed, _) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.CloseAsync(owner, closed);
        var closedPage = await owner.GetAsync($"/surveys/{closed}");
        Assert.Equal("Closed", closedPage.Text("[data-testid=status]"));
        Assert.Null(closedPage.Document.QuerySelector("[data-testid=edit-questions]"));
        Assert.Null(closedPage.Document.QuerySelector("[data-testid=edit-questions-form]"));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task CloseSurveyNow_AsksForConfirmation_AndAPostWithoutItClosesNothing(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var details = await owner.GetAsync($"/surveys/{id}");
        Assert.Null(details.Document.QuerySelector("[data-testid=confirm-close-dialog]")!.GetAttribute("open")); // only JavaScript opens it here

        // One post without the confirmation field: the confirmation step, and nothing closed.
        var step = await owner.PostRawAsync($"/surveys/{id}?handler=Close", new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(details) });
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal("Open", step.Text("[data-testid=status]"));
        Assert.NotNull(step.Document.QuerySelector("[data-testid=confirm-close-dialog]")!.GetAttribute("open"));
        var statement = step.Text("[data-testid=confirm-close-dialog]");
        Assert.Contains("Closing stops responses", statement, StringComparison.Ordinal);
        Assert.Contains("Scoring then runs", statement, StringComparison.Ordinal);
        Assert.Equal("Yes, close it", step.Text("[data-testid=confirm-close] button[type=submit]"));
        Assert.Equal(SurveyStatus.Open, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.ScoringRuns.CountAsync(r => r.SurveyId == id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SurveyId == id && e.Kind == AuditKinds.SurveyClosed)));

        // "Yes, close it" closes and queues scoring.
        var closed = await owner.SubmitAsync(step, SurveyPages.ConfirmCloseForm);
        Assert.Equal("The survey is closed. Scoring has started.", closed.Text(".notice"));
        Assert.Equal("Closed", closed.Text("[data-testid=status]"));
        Assert.Equal(1, await app.WithDbAsync(db => db.ScoringRuns.CountAsync(r => r.SurveyId == id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SurveyId == id && e.Kind == AuditKinds.SurveyClosed)));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Reopen_AfterConfirmation_KeepsResponsesAndEarlierRuns_IsAudited_AndTheNextCloseScoresANewRun(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        using (var first = app.Session())
        {
            await SurveyPages.AnswerStandardAsync(first, code, "red", ["apple"], 3, "Basel", "40");
        }

        using (var second = app.Session())
        {
            await SurveyPages.AnswerStandardAsync(second, code, "blue", ["pear"], 5, "Bern", "50");
        }

        await SurveyPages.CloseAsync(owner, id);
        var firstRun = await SucceededRunsAsync(app, id, 1);
        var before = await app.WithDbAsync(db => db.Responses.AsNoTracking().Where(r => r.SurveyId == id).OrderBy(r => r.Id).Select(r => new { r.Id, r.SubmittedAt }).ToListAsync());
        var answersBefore = await AnswersAsync(app, id);

        // "Reopen survey" without confirmation shows the step and changes nothing.
        var closedPage = await owner.GetAsync($"/surveys/{id}");
        var step = await owner.SubmitAsync(closedPage, "form[data-testid=reopen-form]");
        Assert.Equal("Closed", step.Text("[data-testid=status]"));
        Assert.NotNull(step.Document.QuerySelector("[data-testid=confirm-reopen-dialog]")!.GetAttribute("open"));
        Assert.Contains("2 response(s) collected so far stay unchanged", step.Text("[data-testid=confirm-reopen-dialog]"), StringComparison.Ordinal);
        Assert.Equal(SurveyStatus.Closed, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).Status);

        var reopened = await owner.SubmitAsync(step, SurveyPages.ConfirmReopenForm);
        Assert.Equal("The survey is open again. Its responses are kept; closing it again starts a new scoring run.", reopened.Text(".notice"));
        Assert.Equal("Open", reopened.Text("[data-testid=status]"));
        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(SurveyStatus.Open, survey.Status);
        Assert.Null(survey.ClosedAt);
        Assert.Null(survey.ClosedBy);
        Assert.Equal(before.Select(r => (r.Id, r.SubmittedAt)), (await app.WithDbAsync(db => db.Responses.AsNoTracking().Where(r => r.SurveyId == id).OrderBy(r => r.Id).Select(r => new { r.Id, r.SubmittedAt }).ToListAsync())).Select(r => (r.Id, r.SubmittedAt)));
        Assert.Equal(answersBefore, await AnswersAsync(app, id));
        var runs = await app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id).ToListAsync());
        Assert.Equal(firstRun.Id, Assert.Single(runs).Id);
        Assert.Equal(ScoringRunStatus.Succeeded, runs[0].Status);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.SurveyId == id && e.Kind == AuditKinds.SurveyReopened).ToListAsync());
        Assert.Contains("2 response(s) kept unchanged, 1 earlier scoring run(s) kept as history", Assert.Single(audit).What, StringComparison.Ordinal);

        // The link takes responses again, and the next close scores a new run over all three.
        using (var third = app.Session())
        {
            var thanks = await SurveyPages.AnswerStandardAsync(third, code, "red", ["pear"], 4, "Chur", "60");
            Assert.EndsWith("/thanks", thanks.Url, StringComparison.Ordinal);
        }

        await SurveyPages.CloseAsync(owner, id);
        var secondRun = await SucceededRunsAsync(app, id, 2);
        Assert.NotEqual(firstRun.Id, secondRun.Id);
        Assert.Equal(2, firstRun.N);
        Assert.Equal(3, secondRun.N);
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SurveyId == id && e.Kind == AuditKinds.SurveyClosed)));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Reopen_AtTheResponseLimit_IsRefusedBesideTheButton_UntilTheOwnerRaisesTheLimit(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.SetRespondingAsync(owner, id, new() { ["Responding.ResponseLimit"] = ["1"] });
        using (var respondent = app.Session())
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, "red", ["apple"], 3, "Basel", "40");
        }

        Assert.Equal(CloseReason.Limit, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).ClosedBy);
        var page = await owner.GetAsync($"/surveys/{id}");
        Assert.Contains("raise or remove the limit under Respondents first", page.Text("[data-testid=confirm-reopen-dialog]"), StringComparison.Ordinal);
        var refused = await owner.SubmitAsync(page, SurveyPages.ConfirmReopenForm);
        Assert.Equal("This survey has reached its response limit (1 of 1). Raise or remove the limit under Respondents first, then reopen it.", refused.Text("[data-testid=reopen-error]"));
        Assert.Equal(SurveyStatus.Closed, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SurveyId == id && e.Kind == AuditKinds.SurveyReopened)));

        await SurveyPages.SetRespondingAsync(owner, id, new() { ["Responding.ResponseLimit"] = ["5"] });
        var reopened = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), SurveyPages.ConfirmReopenForm);
        Assert.Equal("Open", reopened.Text("[data-testid=status]"));
        Assert.Equal(SurveyStatus.Open, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).Status);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ReleaseResults_IsIdempotentAndAudited_AndThenReopenIsRefusedBesideTheButton(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        await SurveyPages.ChooseDefaultModelAsync(owner, id);
        using (var respondent = app.Session())
        {
            await SurveyPages.AnswerStandardAsync(respondent, code, "red", ["apple"], 3, "Basel", "40");
        }

        await SurveyPages.CloseAsync(owner, id);
        var run = await SucceededRunsAsync(app, id, 1);

        // Before a release the confirmation says nothing about it (reopening is allowed, as the test above shows).
        Assert.DoesNotContain("released", (await owner.GetAsync($"/surveys/{id}")).Text("[data-testid=confirm-reopen-dialog]"), StringComparison.Ordinal);
        var results = await owner.GetAsync($"/surveys/{id}/results");
        Assert.Null(results.Document.QuerySelector("[data-testid=released]"));
        var released = await owner.SubmitAsync(results, "form[data-testid=release-form]");
        Assert.Equal("Results released. The survey can no longer be reopened; duplicate it to collect more responses.", released.Text(".notice"));
        Assert.Null(released.Document.QuerySelector("form[data-testid=release-form]"));
        var stored = await app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id));
        Assert.NotNull(stored.ReleasedAt);
        Assert.Equal(AppFactory.AdminEmail, stored.ReleasedBy);
        Assert.StartsWith($"Results released on {stored.ReleasedAt:yyyy-MM-dd HH:mm} UTC by {AppFactory.AdminEmail} (the current run).", released.Text("[data-testid=released]"), StringComparison.Ordinal);

        // A second release (a double click, a stale page) changes and records nothing.
        var again = await owner.PostRawAsync($"/surveys/{id}/results?handler=Release", new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(results) });
        Assert.Equal($"These results were already released on {stored.ReleasedAt:yyyy-MM-dd HH:mm} UTC.", again.Text(".notice"));
        Assert.Equal(stored.ReleasedAt, (await app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id))).ReleasedAt);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.SurveyId == id && e.Kind == AuditKinds.ResultsReleased).ToListAsync());
        Assert.Equal($"Results of scoring run {run.Id} (finished {run.FinishedAt:yyyy-MM-dd HH:mm} UTC, n = 1) released by the owner; the survey can no longer be reopened.", Assert.Single(audit).What);
        Assert.Equal(AppFactory.AdminEmail, audit[0].ActorEmail);

        // The survey page shows the release; reopening is refused beside the button with what to do instead.
        var page = await owner.GetAsync($"/surveys/{id}");
        Assert.StartsWith("2", page.Text("[data-testid=released]"), StringComparison.Ordinal);
        Assert.Contains("by " + AppFactory.AdminEmail, page.Text("[data-testid=released]"), StringComparison.Ordinal);
        Assert.Contains("Its results have been released, so it cannot be reopened", page.Text("[data-testid=confirm-reopen-dialog]"), StringComparison.Ordinal);
        var refused = await owner.SubmitAsync(page, SurveyPages.ConfirmReopenForm);
        Assert.Equal(
            $"Its results were released on {stored.ReleasedAt:yyyy-MM-dd HH:mm} UTC, so it cannot be reopened: new responses would change results people have already seen. To collect more responses, duplicate the survey (All surveys, Duplicate) and publish the copy.",
            refused.Text("[data-testid=reopen-error]"));
        Assert.Equal("Closed", refused.Text("[data-testid=status]"));
        Assert.Equal(SurveyStatus.Closed, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SurveyId == id && e.Kind == AuditKinds.SurveyReopened)));
    }

    [Fact]
    public async Task Reopen_ClearsACloseTimeThatHasPassed_SoTheSurveyDoesNotCloseAgainAtOnce()
    {
        var clock = new SettableClock();
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database) { Clock = clock };
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var closeAt = clock.UtcNow.AddMinutes(10); // within the 30-minute idle limit of the session
        var details = await owner.GetAsync($"/surveys/{id}");
        var saved = await owner.SubmitAsync(details, SurveyPages.ScheduleForm, new Dictionary<string, string[]> { ["CloseAt"] = [closeAt.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)] });
        Assert.Equal("Close time saved.", saved.Text(".notice"));
        clock.Advance(TimeSpan.FromMinutes(15));
        await SurveyPages.CloseAsync(owner, id);

        var page = await owner.GetAsync($"/surveys/{id}");
        Assert.Contains("has passed and will be cleared", page.Text("[data-testid=confirm-reopen-dialog]"), StringComparison.Ordinal);
        var reopened = await owner.SubmitAsync(page, SurveyPages.ConfirmReopenForm);
        Assert.Equal("Open", reopened.Text("[data-testid=status]"));
        var survey = await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Null(survey.CloseAt);
        Assert.True(survey.IsAcceptingResponses(clock.UtcNow));
        Assert.Contains("The close time had passed and was cleared.", (await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.SurveyId == id && e.Kind == AuditKinds.SurveyReopened))).What, StringComparison.Ordinal);
        using var respondent = app.Session();
        Assert.EndsWith("/thanks", (await SurveyPages.AnswerStandardAsync(respondent, code, "red", ["apple"], 3, "Basel", "40")).Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task PublicLink_HasACopyField_AndAQrCodeAsPngAndSvg_ForItsOwnerOnly(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var (other, _) = await SurveyPages.CreateStandardAsync(owner, "Another survey");
        var draft = await SurveyPages.CreateAsync(owner, "No link yet");

        var page = await owner.GetAsync($"/surveys/{id}");
        var field = page.Document.QuerySelector("input#public-url[readonly]")!;
        Assert.EndsWith($"/s/{code}", field.GetAttribute("value"), StringComparison.Ordinal);
        Assert.Equal("Public link", page.Text("label[for=public-url]"));
        var copy = page.Document.QuerySelector("[data-testid=copy-link]")!;
        Assert.True(copy.HasAttribute("hidden")); // shown by the script; without it the field is the way to copy
        Assert.Equal("polite", page.Document.QuerySelector($"#{copy.GetAttribute("data-status")}")!.GetAttribute("aria-live"));
        var image = page.Document.QuerySelector("img[data-testid=qr-image]")!;
        Assert.Contains(field.GetAttribute("value")!, image.GetAttribute("alt"), StringComparison.Ordinal);

        var png = await owner.Client.GetAsync(new Uri(image.GetAttribute("src")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var pngBytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, pngBytes[..8]);

        var download = await owner.Client.GetAsync(new Uri(page.Document.QuerySelector("a[data-testid=qr-png]")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal($"survey-{code}-qr.png", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(pngBytes, await download.Content.ReadAsByteArrayAsync());

        var svg = await owner.Client.GetAsync(new Uri(page.Document.QuerySelector("a[data-testid=qr-svg]")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"survey-{code}-qr.svg", svg.Content.Headers.ContentDisposition?.FileNameStar ?? svg.Content.Headers.ContentDisposition?.FileName);
        var svgText = await svg.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svgText, StringComparison.Ordinal);
        Assert.Contains("<rect", svgText, StringComparison.Ordinal);

        // Each survey's code encodes its own link.
        Assert.NotEqual(pngBytes, await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{other}?handler=QrPng", UriKind.Relative)));

        // A draft has no public link, so no code; another owner gets a 404 for both formats.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"/surveys/{draft}?handler=QrPng", UriKind.Relative))).StatusCode);
        Assert.Null((await owner.GetAsync($"/surveys/{draft}")).Document.QuerySelector("[data-testid=qr-image]"));
        await app.CreateUserAsync("other-owner@example.org", "another long password", AppFactory.OwnerRoles);
        using var stranger = await app.SignedInAsync("other-owner@example.org", "another long password");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(new Uri($"/surveys/{id}?handler=QrPng", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(new Uri($"/surveys/{id}?handler=QrSvg", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TimeZone_IsChosenInItsOwnForm_AndEveryTimeOnThePageIsEnteredAndShownInIt(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var year = DateTime.UtcNow.Year + 1;

        var berlin = await owner.SubmitAsync(await owner.GetAsync($"/surveys/{id}"), "[data-testid=timezone-form]", new Dictionary<string, string[]> { ["TimeZone"] = ["Europe/Berlin"] });
        Assert.Equal("Times on this page are now entered and shown in Europe/Berlin.", berlin.Text(".notice"));
        Assert.Equal("Close at (Europe/Berlin)", berlin.Text("label[for=CloseAt]"));
        Assert.Equal("Opens at (Europe/Berlin)", berlin.Text("label[for=Responding_OpensAt]"));
        Assert.DoesNotContain("(UTC)", berlin.Html, StringComparison.Ordinal);
        Assert.Equal("Europe/Berlin", berlin.Document.QuerySelector("#TimeZone option[selected]")?.GetAttribute("value"));

        var scheduled = await owner.SubmitAsync(berlin, SurveyPages.ScheduleForm, new Dictionary<string, string[]> { ["CloseAt"] = [$"{year}-07-15T10:00:00"] });
        Assert.Equal("Close time saved.", scheduled.Text(".notice"));
        var stored = new DateTime(year, 7, 15, 8, 0, 0, DateTimeKind.Utc); // CEST = UTC+2
        Assert.Equal(stored, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).CloseAt);
        Assert.Equal($"{year}-07-15 10:00 Europe/Berlin", scheduled.Text("[data-testid=closes]"));

        // A refused close time keeps what was typed, and the other forms still show the survey's own values and zone.
        var refused = await owner.SubmitAsync(scheduled, SurveyPages.ScheduleForm, new Dictionary<string, string[]> { ["CloseAt"] = [$"{year - 3}-01-01T09:00:00"] });
        Assert.Equal("The close time must be in the future.", refused.Text($"{SurveyPages.ScheduleForm} .error-message"));
        Assert.Equal($"{year - 3}-01-01T09:00:00", refused.Document.QuerySelector("#CloseAt")!.GetAttribute("value"));
        Assert.Equal("Europe/Berlin", refused.Document.QuerySelector("#TimeZone option[selected]")?.GetAttribute("value"));
        Assert.Equal("60", refused.Document.QuerySelector("#Responding_GraceMinutes")!.GetAttribute("value"));

        // Another zone keeps the stored moment and shows it there.
        var newYork = await owner.SubmitAsync(refused, "[data-testid=timezone-form]", new Dictionary<string, string[]> { ["TimeZone"] = ["America/New_York"] });
        Assert.Equal(stored, (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).CloseAt);
        Assert.Equal($"{year}-07-15T04:00:00", newYork.Document.QuerySelector("#CloseAt")!.GetAttribute("value")); // EDT = UTC-4
        Assert.Equal($"{year}-07-15 04:00 America/New_York", newYork.Text("[data-testid=closes]"));
        Assert.Equal("Close at (America/New_York)", newYork.Text("label[for=CloseAt]"));

        // An unknown zone is refused beside its field and changes nothing.
        var unknown = await owner.PostRawAsync($"/surveys/{id}?handler=TimeZone", new Dictionary<string, string> { ["TimeZone"] = "Mars/Olympus", ["__RequestVerificationToken"] = Token(newYork) });
        Assert.Contains("Choose a time zone such as Europe/Berlin", unknown.Text("[data-testid=timezone-form] .error-message"), StringComparison.Ordinal);
        Assert.Equal("America/New_York", (await app.WithDbAsync(db => db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id))).TimeZone);
    }

    private static async Task<List<string>> AnswersAsync(AppFactory app, Guid id) =>
        (await app.WithDbAsync(db => db.Answers.AsNoTracking().Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == id))
            .Select(a => new { a.ResponseId, a.QuestionCode, a.Value }).ToListAsync()))
        .Select(a => $"{a.ResponseId}|{a.QuestionCode}|{a.Value}").Order(StringComparer.Ordinal).ToList();

    private static string Token(Page page) => page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static async Task<ScoringRun> SucceededRunsAsync(AppFactory app, Guid id, int count) =>
        await SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(async db =>
            {
                var runs = await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded).ToListAsync();
                return runs.Count >= count ? runs.OrderBy(r => r.QueuedAt).Last() : null;
            }),
            TimeSpan.FromSeconds(60), $"{count} successful scoring run(s)");
}
