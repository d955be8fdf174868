using System.Net;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>
/// Access modes (public link only, invitation only, both) and anonymous mode, through the owner's
/// form, the respondent's links and the CSV export, on real databases.
/// </summary>
public sealed class AccessAndAnonymityTests
{
    private const string AccessForm = "form[action*='handler=Access']";

    private static readonly Dictionary<string, string[]> Answers = new()
    {
        ["colour"] = ["blue"],
        ["mood"] = ["3"],
        ["age"] = ["40"],
    };

    private static readonly string[] AnswerHeader = ["response_id", "submitted_at_utc", "version", "colour", "fruit_apple", "fruit_pear", "mood", "city", "age"];

    private static async Task<string> InviteAsync(HtmlSession owner, Guid id, string email, string attributes)
    {
        var page = await owner.GetAsync($"/surveys/{id}/participants");
        var added = await owner.SubmitAsync(page, "form[action*='handler=Add']", new Dictionary<string, string[]>
        {
            ["Email"] = [email],
            ["FirstName"] = ["Ana"],
            ["LastName"] = ["Lima"],
            ["Attributes"] = [attributes],
        });
        var link = added.Text("[data-testid=issued-link] code");
        Assert.StartsWith("http://localhost/i/", link, StringComparison.Ordinal);
        return new Uri(link).PathAndQuery;
    }

    private static async Task<Page> SetAccessAsync(HtmlSession owner, Guid id, AccessMode mode, bool anonymous = false, string nonIdentifying = "")
    {
        var details = await owner.GetAsync($"/surveys/{id}");
        return await owner.SubmitAsync(details, AccessForm, new Dictionary<string, string[]>
        {
            ["Access.Mode"] = [mode.ToString()],
            ["Access.Anonymous"] = anonymous ? ["true"] : [],
            ["Access.NonIdentifying"] = [nonIdentifying],
        });
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task InvitationOnly_RefusesThePublicLink_EvenToAnEarlierPublicSession_ButAPersonalLinkWorksEndToEnd(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var link = await InviteAsync(owner, id, "ana@example.org", "segment: provider");

        // Someone starts through the public link while it still works, and saves.
        using var early = app.Session();
        var first = await early.GetAsync($"/s/{code}");
        await early.SubmitAsync(first, RespondentPages.SurveyForm, RespondentPages.OnThisPage(first, Answers), RespondentPages.Save);
        Assert.Equal(1, await app.WithDbAsync(db => db.ResponseSessions.CountAsync(s => s.SurveyId == id)));

        var saved = await SetAccessAsync(owner, id, AccessMode.Invitation);
        Assert.Equal("Access settings saved.", saved.Text(".notice"));
        Assert.Equal(AccessMode.Invitation, await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.AccessMode).SingleAsync()));

        // A new visitor of the public link sees the invitation-only page, in English or German.
        using var stranger = app.Session();
        var refused = await stranger.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("This survey is by invitation only", refused.Text("h1"));
        Assert.Contains("personal link", refused.Text("[data-testid=invitation-only]"), StringComparison.Ordinal);
        Assert.Null(refused.Document.QuerySelector(RespondentPages.SurveyForm));
        using var german = app.Session();
        german.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        Assert.Contains("nur auf Einladung", (await german.GetAsync($"/s/{code}")).Text("h1"), StringComparison.Ordinal);

        // The earlier public session can neither continue nor post.
        var stale = await early.GetAsync($"/s/{code}");
        Assert.NotNull(stale.Document.QuerySelector("[data-testid=invitation-only]"));
        var posted = await early.PostRawAsync($"/s/{code}", RespondentPages.Hidden(first).Append(new("nav", "next")).Append(new("a.colour", "red")));
        Assert.NotNull(posted.Document.QuerySelector("[data-testid=invitation-only]"));

        // The invited person answers through their personal link from start to finish.
        using var invited = app.Session();
        var opened = await invited.GetAsync(link);
        Assert.Equal($"/s/{code}", new Uri(opened.Url).AbsolutePath);
        Assert.NotNull(opened.Document.QuerySelector(RespondentPages.SurveyForm));
        var done = await RespondentPages.CompleteAsync(invited, code, Answers);
        Assert.EndsWith("/thanks", done.Url, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));
        Assert.Equal(ParticipantStatus.Completed, await app.WithDbAsync(db => db.Participants.Where(p => p.SurveyId == id).Select(p => p.Status).SingleAsync()));

        // Back on the survey's page they see that they finished, with no way to start a public response.
        var again = await invited.GetAsync($"/s/{code}");
        Assert.NotNull(again.Document.QuerySelector("[data-testid=completed]"));
        Assert.Null(again.Document.QuerySelector(RespondentPages.Restart));
    }

    [Fact]
    public async Task PublicLinkOnly_RefusesPersonalLinks_AndThePublicLinkStillWorks()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var link = await InviteAsync(owner, id, "ana@example.org", "segment: provider");

        await SetAccessAsync(owner, id, AccessMode.PublicLink);

        using var invited = app.Session();
        var refused = await invited.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal("This survey link is not valid", refused.Text("h1"));
        Assert.Null(refused.Document.QuerySelector(RespondentPages.SurveyForm));
        var participant = await app.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.SurveyId == id));
        Assert.Equal(ParticipantStatus.Pending, participant.Status);
        Assert.Null(participant.SessionId);
        Assert.Equal(0, await app.WithDbAsync(db => db.ResponseSessions.CountAsync(s => s.SurveyId == id)));

        using var visitor = app.Session();
        Assert.EndsWith("/thanks", (await RespondentPages.CompleteAsync(visitor, code, Answers)).Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task AnonymousMode_LeavesNoLinkFromTheResponseToTheParticipant_KeepsTimesToTheDay_AndExportsOnlyNonIdentifyingAttributes(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var link = await InviteAsync(owner, id, "ana@example.org", "organisation: St Mary's\nsegment: provider");

        var saved = await SetAccessAsync(owner, id, AccessMode.Both, anonymous: true, nonIdentifying: "segment");
        Assert.Equal("Access settings saved.", saved.Text(".notice"));
        var details = await owner.GetAsync($"/surveys/{id}");
        Assert.True(details.Document.QuerySelector("#Access_Anonymous")?.HasAttribute("checked"));
        Assert.Equal("segment", details.Document.QuerySelector("#Access_NonIdentifying")?.GetAttribute("value"));

        using var invited = app.Session();
        await invited.GetAsync(link);
        Assert.NotNull(await app.WithDbAsync(db => db.Participants.Where(p => p.SurveyId == id).Select(p => p.SessionId).SingleAsync()));
        Assert.EndsWith("/thanks", (await RespondentPages.CompleteAsync(invited, code, Answers)).Url, StringComparison.Ordinal);
        using var visitor = app.Session();
        await RespondentPages.CompleteAsync(visitor, code, Answers);

        // Only the completion status is kept; no table points from the participant to a response.
        var participant = await app.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.SurveyId == id));
        Assert.Equal(ParticipantStatus.Completed, participant.Status);
        Assert.Null(participant.SessionId);
        Assert.Equal(TimeSpan.Zero, participant.CompletedAt!.Value.TimeOfDay);
        var responses = await app.WithDbAsync(db => db.Responses.AsNoTracking().Where(r => r.SurveyId == id).ToListAsync());
        Assert.Equal(2, responses.Count);
        Assert.All(responses, r => Assert.Equal(TimeSpan.Zero, r.SubmittedAt.TimeOfDay));
        var sessions = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().Where(s => s.SurveyId == id).ToListAsync());
        Assert.All(sessions, s =>
        {
            Assert.Equal(TimeSpan.Zero, s.StartedAt.TimeOfDay);
            Assert.Equal(TimeSpan.Zero, s.SavedAt.TimeOfDay);
            Assert.Equal(TimeSpan.Zero, s.CompletedAt!.Value.TimeOfDay);
        });
        var ids = responses.Select(r => (Guid?)r.Id).ToList();
        Assert.False(await app.WithDbAsync(db => db.Participants.AnyAsync(p => ids.Contains(p.SessionId))));
        var kept = Assert.Single(await app.WithDbAsync(db => db.Set<ResponseAttributes>().AsNoTracking().ToListAsync()));
        Assert.Equal(new Dictionary<string, string> { ["segment"] = "provider" }, kept.Attributes);

        // The personal link is used up.
        using var later = app.Session();
        Assert.NotNull((await later.GetAsync(link)).Document.QuerySelector("[data-testid=already-used]"));

        // The export: the non-identifying attribute only, no e-mail, names or other attributes; days only.
        var text = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        foreach (var identifying in new[] { "ana@example.org", "Ana", "Lima", "St Mary", "organisation" })
        {
            Assert.DoesNotContain(identifying, text, StringComparison.OrdinalIgnoreCase);
        }

        var rows = CsvText.Parse(text);
        Assert.Equal([.. AnswerHeader, "participant_segment", .. ResultsCsv.ScoreColumns, .. ResultsCsv.SourceColumns], rows[0]);
        Assert.Equal(2, rows.Count - 1);
        Assert.All(rows.Skip(1), row => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row[1]));
        Assert.Equal(["", "provider"], rows.Skip(1).Select(r => r[^(ResultsCsv.ScoreColumns.Length + ResultsCsv.SourceColumns.Length + 1)]).Order(StringComparer.Ordinal));

        // The long layout and labels keep the same rules: days only, no attributes, nothing identifying.
        var longText = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv&format=long&values=labels", UriKind.Relative));
        foreach (var identifying in new[] { "ana@example.org", "Ana", "Lima", "St Mary", "organisation", "participant_" })
        {
            Assert.DoesNotContain(identifying, longText, StringComparison.OrdinalIgnoreCase);
        }

        var longRows = CsvText.Parse(longText);
        Assert.Equal(ResultsCsv.LongColumns, longRows[0]);
        Assert.True(longRows.Count > 2, "The long export has the answers.");
        Assert.All(longRows.Skip(1), row => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row[1]));

        // Anonymity cannot be turned off now: the refusal is beside the field, and nothing changes.
        var refused = await SetAccessAsync(owner, id, AccessMode.Both, anonymous: false, nonIdentifying: "segment");
        Assert.Contains("cannot be turned off", refused.Text("[data-testid=anonymous-field] .error-message"), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.Anonymous).SingleAsync()));
    }

    [Fact]
    public async Task MarkingAnIdentifyingName_IsRefusedBesideTheField()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);

        var refused = await SetAccessAsync(owner, id, AccessMode.Both, anonymous: true, nonIdentifying: "segment, email");

        Assert.Contains("identifies a person", refused.Text("[data-testid=non-identifying-field] .error-message"), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.Anonymous).SingleAsync()));
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ANonAnonymousSurvey_ExportsParticipantAttributesForInvitedResponses_FormulaSafe_WithoutEmailOrNames(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.CreateStandardAsync(owner);
        var link = await InviteAsync(owner, id, "ana@example.org", "organisation: =HYPERLINK(\"http://x\")\nsegment: provider");
        await InviteAsync(owner, id, "bo@example.org", "region: north");

        using var invited = app.Session();
        await invited.GetAsync(link);
        var invitedId = await app.WithDbAsync(db => db.Participants.Where(p => p.Email == "ana@example.org").Select(p => p.SessionId).SingleAsync());
        await RespondentPages.CompleteAsync(invited, code, Answers);
        using var visitor = app.Session();
        await RespondentPages.CompleteAsync(visitor, code, Answers);

        var text = await owner.Client.GetStringAsync(new Uri($"/surveys/{id}/results?handler=Csv", UriKind.Relative));
        Assert.DoesNotContain("example.org", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lima", text, StringComparison.Ordinal);
        var rows = CsvText.Parse(text);
        Assert.Equal([.. AnswerHeader, "participant_organisation", "participant_region", "participant_segment", .. ResultsCsv.ScoreColumns, .. ResultsCsv.SourceColumns], rows[0]);
        var byId = rows.Skip(1).ToDictionary(r => Guid.Parse(r[0]));
        Assert.Equal(2, byId.Count);
        var mine = byId[invitedId!.Value];
        Assert.Equal(["'=HYPERLINK(\"http://x\")", "", "provider"], mine[^(ResultsCsv.ScoreColumns.Length + ResultsCsv.SourceColumns.Length + 3)..^(ResultsCsv.ScoreColumns.Length + ResultsCsv.SourceColumns.Length)]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", mine[1]);
        var publicRow = byId.Values.Single(r => r != mine);
        Assert.Equal(["", "", ""], publicRow[^(ResultsCsv.ScoreColumns.Length + ResultsCsv.SourceColumns.Length + 3)..^(ResultsCsv.ScoreColumns.Length + ResultsCsv.SourceColumns.Length)]);

        // The participant is still linked to their response.
        Assert.Equal(invitedId, await app.WithDbAsync(db => db.Participants.Where(p => p.Email == "ana@example.org").Select(p => p.SessionId).SingleAsync()));
    }
}
