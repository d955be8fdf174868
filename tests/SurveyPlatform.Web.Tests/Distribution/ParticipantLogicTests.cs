using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Distribution;

/// <summary>
/// Participant attributes in logic and piping: a page shown only to one segment, an organisation
/// piped into a question, and a same-page condition that reads an attribute in the browser.
/// </summary>
public sealed class ParticipantLogicTests
{
    /// <summary>
    /// Page 2 is for providers only and pipes {participant.organisation}; page 3's "detail" reads
    /// "mood" on its own page and the segment, so respond.js re-checks it live.
    /// </summary>
    private const string SegmentSurvey = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Segments",
          "description": "Providers get an extra page.",
          "definition": {
            "pages": [
              { "title": "About you", "questions": [
                { "code": "role", "text": "Your role?", "type": "ShortText", "required": true } ] },
              { "title": "For providers", "condition": "participant.segment = provider", "questions": [
                { "code": "beds", "text": "How many beds are there at {participant.organisation}?", "type": "Number", "required": true, "min": 0 } ] },
              { "title": "Last words", "questions": [
                { "code": "mood", "text": "How is your mood?", "type": "Rating", "required": true },
                { "code": "detail", "text": "What went well?", "type": "ShortText", "condition": "mood >= 4 and participant.segment = provider" } ] }
            ]
          }
        }
        """;

    [Fact]
    public async Task TheProviderSeesTheirPageWithTheirOrganisation_ThePayerAndThePublicLinkSkipIt_AndNoAttributeIsStoredAsAnAnswer()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, SegmentSurvey);
        var providerLink = await AddParticipantAsync(owner, id, "ana@example.org", "organisation: St Mary's Hospital\nsegment: provider\nregion: north");
        var payerLink = await AddParticipantAsync(owner, id, "bo@example.org", "organisation: Acme Insurance\nsegment: payer");

        // The provider: page 2 is on their path, with their organisation piped into the question.
        using var provider = app.Session();
        var first = await provider.GetAsync(new Uri(providerLink).PathAndQuery);
        Assert.Equal($"/s/{code}", new Uri(first.Url).AbsolutePath);
        Assert.Equal(0, RespondentPages.PageIndex(first));
        Assert.Equal("Page 1 of 3", first.Text(".progress"));
        var second = await RespondentPages.NextAsync(provider, first, new Dictionary<string, string[]> { ["role"] = ["Nurse"] });
        Assert.Equal(1, RespondentPages.PageIndex(second));
        Assert.Equal("Page 2 of 3", second.Text(".progress"));
        Assert.Equal("For providers", second.Text("h2.page-title"));
        Assert.Contains("How many beds are there at St Mary's Hospital?", second.Text("#q-beds"), StringComparison.Ordinal);
        var third = await RespondentPages.NextAsync(provider, second, new Dictionary<string, string[]> { ["beds"] = ["120"] });
        Assert.Equal(2, RespondentPages.PageIndex(third));
        Assert.Equal(["mood", "detail"], RespondentPages.Keys(third)); // "detail" reads its own page: rendered, re-checked live
        Assert.Equal(["provider"], LiveAnswers(third)["participant.segment"]);
        var providerDone = await RespondentPages.NextAsync(provider, third, new Dictionary<string, string[]> { ["mood"] = ["5"], ["detail"] = ["The staff"] });
        Assert.EndsWith($"/s/{code}/thanks", providerDone.Url, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string> { ["role"] = "Nurse", ["beds"] = "120", ["mood"] = "5", ["detail"] = "The staff" },
            await RespondentPages.StoredAnswersAsync(app, RespondentPages.ResponseId(third)));

        // The payer skips page 2, and "detail" is dropped because the segment is not provider.
        using var payer = app.Session();
        var payerFirst = await payer.GetAsync(new Uri(payerLink).PathAndQuery);
        Assert.Equal("Page 1 of 2", payerFirst.Text(".progress"));
        var payerLast = await RespondentPages.NextAsync(payer, payerFirst, new Dictionary<string, string[]> { ["role"] = ["Analyst"] });
        Assert.Equal(2, RespondentPages.PageIndex(payerLast));
        Assert.Equal("Page 2 of 2", payerLast.Text(".progress"));
        Assert.Null(RespondentPages.Question(payerLast, "beds"));
        Assert.Equal(["payer"], LiveAnswers(payerLast)["participant.segment"]);
        var payerDone = await RespondentPages.NextAsync(payer, payerLast, new Dictionary<string, string[]> { ["mood"] = ["5"], ["detail"] = ["Forged"] });
        Assert.EndsWith($"/s/{code}/thanks", payerDone.Url, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string> { ["role"] = "Analyst", ["mood"] = "5" },
            await RespondentPages.StoredAnswersAsync(app, RespondentPages.ResponseId(payerLast)));

        // The public link has no participant: every attribute is unanswered, so page 2 is skipped too,
        // and a posted field named like the attribute changes nothing.
        using var visitor = app.Session();
        var publicFirst = await visitor.GetAsync($"/s/{code}");
        Assert.Equal("Page 1 of 2", publicFirst.Text(".progress"));
        var publicLast = await RespondentPages.NextAsync(visitor, publicFirst, new Dictionary<string, string[]> { ["role"] = ["Visitor"] });
        Assert.Equal(2, RespondentPages.PageIndex(publicLast));
        Assert.Equal("Page 2 of 2", publicLast.Text(".progress"));
        Assert.False(LiveAnswers(publicLast).ContainsKey("participant.segment"));
        var fields = RespondentPages.Hidden(publicLast);
        fields["a.mood"] = "5";
        fields["a.detail"] = "Forged";
        fields["a.participant.segment"] = "provider";
        fields["participant.segment"] = "provider";
        var publicDone = await visitor.PostRawAsync($"/s/{code}", fields);
        Assert.EndsWith($"/s/{code}/thanks", publicDone.Url, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string> { ["role"] = "Visitor", ["mood"] = "5" },
            await RespondentPages.StoredAnswersAsync(app, RespondentPages.ResponseId(publicLast)));

        Assert.Equal(3, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));
        var codes = await app.WithDbAsync(db => db.Answers.Select(a => a.QuestionCode).Distinct().ToListAsync());
        Assert.Equal(["beds", "detail", "mood", "role"], codes.Order(StringComparer.Ordinal));
    }

    private static async Task<string> AddParticipantAsync(HtmlSession owner, Guid id, string email, string attributes)
    {
        var page = await owner.GetAsync($"/surveys/{id}/participants");
        var added = await owner.SubmitAsync(page, "form[action*='handler=Add']", new Dictionary<string, string[]>
        {
            ["Email"] = [email],
            ["FirstName"] = ["Test"],
            ["LastName"] = ["Person"],
            ["Attributes"] = [attributes],
        });
        var link = added.Text("[data-testid=issued-link] code");
        Assert.StartsWith("http://localhost/i/", link, StringComparison.Ordinal);
        return link;
    }

    /// <summary>The values respond.js evaluates live conditions against (the form's data-answers JSON).</summary>
    private static Dictionary<string, string[]> LiveAnswers(Page page) =>
        JsonSerializer.Deserialize<Dictionary<string, string[]>>(page.Document.QuerySelector(RespondentPages.SurveyForm)!.GetAttribute("data-answers")!)!;
}
