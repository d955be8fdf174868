using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Reports;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Reports;

/// <summary>
/// Respondents' own reports: e-mailed once per run to each invited participant with a completed
/// response, behind an expiring token link; peer figures suppressed as on the Results page; anonymous
/// surveys offer a one-time link on the thank-you page instead.
/// </summary>
public sealed partial class RespondentReportTests
{
    private const string Password = "correct horse battery staple";

    /// <summary>One participant per segment to mail, and the answers each gave (the generator's, stored as a completed response).</summary>
    private sealed record Invited(string Email, Guid ResponseId, IReadOnlyDictionary<string, string> Answers);

    /// <summary>A flagship survey (its own scoring model) with 60 responses, only two of them pharma (below k = 5), and invited participants linked to four of them.</summary>
    private static async Task<(Guid Id, List<Invited> Invited, string NotFinished)> FlagshipWithParticipantsAsync(AppFactory app, HtmlSession owner)
    {
        var create = await owner.GetAsync("/surveys/new");
        var edit = await owner.SubmitAsync(create, $"form[action*='handler=Template']:has(input[value='{HealthcareAiAdoption.Template.Key}'])");
        var id = Guid.Parse(new Uri(edit.Url).AbsolutePath.Split('/')[2]);
        await SurveyPages.PublishAsync(owner, id);

        var tag = Guid.NewGuid().ToString("N")[..10]; // The Maildir is shared: addresses unique to this test.
        var generator = new FlagshipResponseGenerator(HealthcareAiAdoption.Template.Definition, FlagshipProfile.Default(), 7);
        var invited = new List<Invited>();
        var notFinished = $"later-{tag}@example.org";
        await app.WithDbAsync(async db =>
        {
            var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == id);
            var (pharma, added) = (0, 0);
            var wanted = new Dictionary<string, int> { ["provider"] = 2, ["pharma"] = 1 };
            while (added < 60)
            {
                var answers = generator.Next();
                if (answers["segment"] == "pharma" && ++pharma > 2)
                {
                    continue;
                }

                var response = SurveyResponse.Submit(Guid.NewGuid(), survey, answers, DateTime.UtcNow);
                db.Responses.Add(response);
                added++;
                if (wanted.TryGetValue(answers["segment"], out var left) && left > 0)
                {
                    wanted[answers["segment"]] = left - 1;
                    var email = $"{answers["segment"]}{left}-{tag}@example.org";
                    var (participant, _) = Participant.Create(id, email, "Ana", "Lima", null, DateTime.UtcNow);
                    participant!.Start(response.Id);
                    participant.Complete(DateTime.UtcNow);
                    db.Participants.Add(participant);
                    invited.Add(new Invited(email, response.Id, answers));
                }
            }

            db.Participants.Add(Participant.Create(id, notFinished, "Bo", "Berg", null, DateTime.UtcNow).Participant!);
            return await db.SaveChangesAsync();
        });
        return (id, invited, notFinished);
    }

    private static async Task EnableAsync(HtmlSession owner, Guid id, string days = "14")
    {
        var page = await owner.GetAsync($"/surveys/{id}/reports");
        var saved = await owner.SubmitAsync(page, "form[data-testid=report-settings]", new Dictionary<string, string[]> { ["Enabled"] = ["true", "false"], ["LinkDays"] = [days] });
        Assert.Equal("Report settings saved.", saved.Text("[data-testid=saved]"));
    }

    private static Task<ScoringRun> SucceededRunAsync(AppFactory app, Guid id) =>
        SurveyPages.EventuallyAsync(
            () => app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded)),
            TimeSpan.FromSeconds(120), "the close's scoring run");

    private static string[] MessagesTo(string recipient) =>
        [.. (Directory.Exists(Path.Combine(Maildir.Folder, "new")) ? Directory.GetFiles(Path.Combine(Maildir.Folder, "new")) : [])
            .Select(File.ReadAllText)
            .Where(raw => raw.Contains($"To: {recipient}", StringComparison.OrdinalIgnoreCase) || raw.Contains($"<{recipient}>", StringComparison.OrdinalIgnoreCase))
            .Select(Maildir.Decode)];

    private static string LinkPath(string message) => ReportLink().Match(message) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"No report link in the message:\n{message}");

    [GeneratedRegex(@"https?://[^/\s""]+(/r/[A-Za-z0-9_-]{40,64})")]
    private static partial Regex ReportLink();

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AfterScoring_EachInvitedRespondentIsMailedOnce_TheLinkShowsTheirOwnReport_PeersBelowKAreSuppressed_AndExpiredOrUnknownLinksAreRefused(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, invited, notFinished) = await FlagshipWithParticipantsAsync(app, owner);
        await EnableAsync(owner, id);

        await SurveyPages.CloseAsync(owner, id);
        var run = await SucceededRunAsync(app, id);
        foreach (var person in invited)
        {
            await Maildir.WaitForMessageToAsync(person.Email, TimeSpan.FromSeconds(120));
        }

        // A second copy of the job (a retry, a re-queue after a restart) mails nobody again.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReportMailer>().SendAsync(run.Id, CancellationToken.None);
        }

        Assert.All(invited, person => Assert.Single(MessagesTo(person.Email)));
        Assert.Empty(MessagesTo(notFinished));
        var deliveries = await app.WithDbAsync(db => db.ReportDeliveries.AsNoTracking().Where(d => d.RunId == run.Id).ToListAsync());
        Assert.Equal(invited.Count, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(ReportDeliveryStatus.Sent, d.Status));

        // Sending the reports released the run they use, once, with its audit entry: the survey cannot be reopened now.
        var released = await app.WithDbAsync(db => db.ScoringRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id));
        Assert.NotNull(released.ReleasedAt);
        Assert.Equal(ScoringRun.ReleasedByReports, released.ReleasedBy);
        var releases = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.SurveyId == id && e.Kind == SurveyPlatform.Web.Audit.AuditKinds.ResultsReleased).ToListAsync());
        Assert.Contains($"Results of scoring run {run.Id}", Assert.Single(releases).What, StringComparison.Ordinal);
        Assert.Contains("released by sending respondent reports", releases[0].What, StringComparison.Ordinal);

        // Only hashes are stored.
        var provider1 = invited.First(p => p.Answers["segment"] == "provider");
        var path = LinkPath(MessagesTo(provider1.Email).Single());
        var token = path[3..];
        var links = await app.WithDbAsync(db => db.ReportLinks.AsNoTracking().Where(l => l.ResponseId == provider1.ResponseId).ToListAsync());
        Assert.Equal(PersonalLinks.Hash(token), Assert.Single(links).TokenHash);
        Assert.Equal(14, (links[0].ExpiresAt!.Value - links[0].IssuedAt).TotalDays, 3);

        // The page: their own readiness, maturity and dimensions as stored for the run, their percentile in the segment, and the segment's chart with their jobs.
        var mine = await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().SingleAsync(s => s.RunId == run.Id && s.ResponseId == provider1.ResponseId));
        using var reader = app.Session();
        var page = await reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"{mine.Overall!.Value.ToString("0.0", CultureInfo.InvariantCulture)} out of 100", page.Text("[data-testid=readiness]"));
        Assert.StartsWith(mine.Maturity!, page.Text("[data-testid=maturity]"), StringComparison.Ordinal);
        var rows = page.Document.QuerySelectorAll("[data-testid=dimensions] tbody tr");
        Assert.Equal(mine.DimensionScores().Count, rows.Length);
        Assert.Equal(
            mine.DimensionScores().Select(v => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) : "–"),
            rows.Select(r => r.QuerySelectorAll("td")[0].TextContent.Trim()));
        var percentile = (int)Math.Round(mine.PercentileInSegment!.Value, MidpointRounding.AwayFromZero);
        Assert.StartsWith(percentile.ToString(CultureInfo.InvariantCulture), page.Text("[data-testid=percentile]"), StringComparison.Ordinal);
        var chart = page.Document.QuerySelector("figure[data-testid=chart-quadrant-provider]");
        Assert.NotNull(chart);
        var highlighted = chart.QuerySelectorAll("g.point.highlighted").Select(g => g.GetAttribute("data-row")!).ToList();
        var stageKey = "prov_stage_"; // The flagship model's stage matrix of the provider segment.
        var started = provider1.Answers
            .Where(a => a.Key.StartsWith(stageKey, StringComparison.Ordinal) && a.Value != HealthcareAiAdoption.Stages[0].Code && HealthcareAiAdoption.Stages.Any(s => s.Code == a.Value))
            .Select(a => a.Key[stageKey.Length..]).ToHashSet();
        var plotted = chart.QuerySelectorAll("g.point").Select(g => g.GetAttribute("data-row")!).ToHashSet();
        Assert.Equal(started.Intersect(plotted).Order(), highlighted.Order());
        Assert.Equal("no-store", page.Response.Headers.CacheControl?.ToString());

        // A pharma respondent: their own scores, but no peer figures (two pharma responses, below k = 5).
        var pharma = invited.Single(p => p.Answers["segment"] == "pharma");
        var pharmaPage = await reader.GetAsync(LinkPath(MessagesTo(pharma.Email).Single()));
        Assert.Equal(HttpStatusCode.OK, pharmaPage.Status);
        Assert.Contains("Not shown", pharmaPage.Text("[data-testid=percentile]"), StringComparison.Ordinal);
        Assert.Contains("suppressed", pharmaPage.Text("[data-testid=segment-mean]"), StringComparison.Ordinal);
        Assert.All(pharmaPage.Document.QuerySelectorAll("[data-testid=dimensions] tbody tr"), r => Assert.Contains("suppressed", r.QuerySelectorAll("td")[1].TextContent, StringComparison.Ordinal));
        Assert.Contains("suppressed (n<5)", pharmaPage.Text("figure[data-testid=chart-quadrant-pharma]"), StringComparison.Ordinal);
        Assert.Empty(pharmaPage.Document.QuerySelectorAll("g.point"));

        // Expired: 410 and no survey data. Unknown or malformed: 404.
        await app.WithDbAsync(db => db.ReportLinks.Where(l => l.ResponseId == provider1.ResponseId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        var expired = await reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Equal("This report link has expired", expired.Text("h1"));
        Assert.Null(expired.Document.QuerySelector("[data-testid=readiness]"));
        Assert.DoesNotContain("Healthcare", expired.Html, StringComparison.OrdinalIgnoreCase);
        var unknown = await reader.GetAsync($"/r/{PersonalLinks.New().Token}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("This report link is not valid", unknown.Text("h1"));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/r/{PersonalLinks.Hash(token)}")).Status);
    }

    [Fact]
    public async Task ATokenOfAnotherSurvey_ShowsOnlyThatSurveysRespondent_AndAnotherOwnerCannotChangeTheSetting()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (first, invited, _) = await FlagshipWithParticipantsAsync(app, owner);
        var (second, others, _) = await FlagshipWithParticipantsAsync(app, owner);
        await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == second).ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, "The other survey")));
        await EnableAsync(owner, first);
        await EnableAsync(owner, second);
        await SurveyPages.CloseAsync(owner, second);
        var run = await SucceededRunAsync(app, second);
        var other = others.First(p => p.Answers["segment"] == "provider");
        await Maildir.WaitForMessageToAsync(other.Email, TimeSpan.FromSeconds(120));
        Assert.All(invited, p => Assert.Empty(MessagesTo(p.Email))); // The first survey is still open: nothing scored, nothing sent.

        using var reader = app.Session();
        var page = await reader.GetAsync(LinkPath(MessagesTo(other.Email).Single()));
        Assert.Contains("The other survey", page.Text(".lede"), StringComparison.Ordinal);
        var theirs = await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().SingleAsync(s => s.RunId == run.Id && s.ResponseId == other.ResponseId));
        Assert.Equal($"{theirs.Overall!.Value.ToString("0.0", CultureInfo.InvariantCulture)} out of 100", page.Text("[data-testid=readiness]"));

        await app.CreateUserAsync("other@example.org", Password, AppFactory.OwnerRoles);
        using var stranger = await app.SignedInAsync("other@example.org", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/surveys/{first}/reports")).Status);
        var antiforgery = (await stranger.GetAsync("/surveys")).Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? string.Empty;
        var forged = await stranger.PostRawAsync($"/surveys/{first}/reports", new Dictionary<string, string> { ["Enabled"] = "false", ["LinkDays"] = "3", ["__RequestVerificationToken"] = antiforgery });
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.True(await app.WithDbAsync(db => db.ReportSettings.Where(s => s.SurveyId == first).Select(s => s.Enabled).SingleAsync()));
    }

    [Fact]
    public async Task ABadLinkLifetime_IsRefusedBesideTheField_AndNothingIsSaved()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var page = await owner.GetAsync($"/surveys/{id}/reports");
        foreach (var bad in new[] { "0", "400", "soon" })
        {
            var refused = await owner.SubmitAsync(page, "form[data-testid=report-settings]", new Dictionary<string, string[]> { ["Enabled"] = ["true", "false"], ["LinkDays"] = [bad] });
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.Equal("Enter a number of days from 1 to 365.", refused.Text("[data-testid=linkdays-error]"));
            Assert.Equal("true", refused.Document.QuerySelector("#LinkDays")?.GetAttribute("aria-invalid"));
            Assert.Equal(bad, refused.Document.QuerySelector("#LinkDays")?.GetAttribute("value"));
        }

        Assert.False(await app.WithDbAsync(db => db.ReportSettings.AnyAsync(s => s.SurveyId == id)));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AnAnonymousSurvey_MailsNobody_ButTheThankYouPageGivesThisBrowserOneLinkThatOpensTheReportOnce(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var scoring = await owner.GetAsync($"/surveys/{id}/scoring");
        var model = scoring.Document.QuerySelector<IHtmlTextAreaElement>("#Json")!.Value;
        await owner.SubmitAsync(scoring, "form[action*='handler=Save']", new Dictionary<string, string[]> { ["Json"] = [model] }); // The owner chooses a model.
        var details = await owner.GetAsync($"/surveys/{id}");
        var access = await owner.SubmitAsync(details, "form[action*='handler=Access']", new Dictionary<string, string[]>
        {
            ["Access.Mode"] = ["Both"],
            ["Access.Anonymous"] = ["true"],
            ["Access.NonIdentifying"] = [string.Empty],
        });
        Assert.Equal("Access settings saved.", access.Text(".notice"));
        await EnableAsync(owner, id);

        using var respondent = app.Session();
        var thanks = await SurveyPages.AnswerStandardAsync(respondent, code, "blue", ["apple"], 4, "York", "40");
        Assert.NotNull(thanks.Document.QuerySelector("form[data-testid=report-offer]"));
        using var others = app.Session();
        for (var mood = 1; mood <= 5; mood++)
        {
            var done = await SurveyPages.AnswerStandardAsync(others, code, "red", ["pear"], mood, "Leeds", "50");
            Assert.NotNull(done.Document.QuerySelector("form[data-testid=report-offer]"));
        }

        // Another browser (no session cookie) is offered nothing, and a forged post gets no link.
        using var stranger = app.Session();
        var strangerThanks = await stranger.GetAsync($"/s/{code}/thanks");
        Assert.Null(strangerThanks.Document.QuerySelector("form[data-testid=report-offer]"));

        var issued = await respondent.SubmitAsync(thanks, "form[data-testid=report-offer]");
        var link = issued.Text("[data-testid=one-time-link] code");
        var path = new Uri(link).AbsolutePath;
        Assert.Matches("^/r/[A-Za-z0-9_-]{43}$", path);
        var again = await respondent.SubmitAsync(thanks, "form[data-testid=report-offer]");
        Assert.Null(again.Document.QuerySelector("[data-testid=one-time-link]"));
        Assert.Null((await respondent.GetAsync($"/s/{code}/thanks")).Document.QuerySelector("form[data-testid=report-offer]"));

        // Before scoring: not ready, and the link is not spent.
        using var reader = app.Session();
        var early = await reader.GetAsync(path);
        Assert.Equal("Your report is not ready yet", early.Text("h1"));

        await SurveyPages.CloseAsync(owner, id);
        var run = await SucceededRunAsync(app, id);
        var responseId = await app.WithDbAsync(db => db.ReportLinks.AsNoTracking().Select(l => l.ResponseId).SingleAsync());
        var mine = await app.WithDbAsync(db => db.RespondentScores.AsNoTracking().SingleAsync(s => s.RunId == run.Id && s.ResponseId == responseId));
        var shown = await reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Equal($"{mine.Overall!.Value.ToString("0.0", CultureInfo.InvariantCulture)} out of 100", shown.Text("[data-testid=readiness]"));
        Assert.NotEmpty(shown.Text("[data-testid=one-time]"));

        var spent = await reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, spent.Status);
        Assert.Equal("This report link has already been used", spent.Text("h1"));
        Assert.Null(spent.Document.QuerySelector("[data-testid=readiness]"));

        // Anonymous: no report e-mails were queued for any run, and the link's time is kept to the day.
        Assert.False(await app.WithDbAsync(db => db.ReportDeliveries.AnyAsync()));
        var stored = await app.WithDbAsync(db => db.ReportLinks.AsNoTracking().SingleAsync());
        Assert.Equal(TimeSpan.Zero, stored.IssuedAt.TimeOfDay);
        Assert.Equal(TimeSpan.Zero, stored.UsedAt!.Value.TimeOfDay);
    }
}
