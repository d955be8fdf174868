using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>
/// The respondent flow page by page: skipped pages and hidden questions, Back with kept answers,
/// answers saved on the server at every page, piping, and the respondent UI's language.
/// </summary>
public sealed class PageFlowTests
{
    /// <summary>
    /// Page 2 is shown only when page 1's "pet" is answered; page 3's "bluewhy" only when colour = blue.
    /// Page 2's texts pipe {pet} and {colour}.
    /// </summary>
    private const string FlowSurvey = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Pets and colours",
          "description": "A survey over three pages.",
          "definition": {
            "pages": [
              { "title": "About you", "questions": [
                { "code": "colour", "text": "Favourite colour?", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "red", "label": "Red" }, { "code": "blue", "label": "Blue" } ] },
                { "code": "pet", "text": "Your pet's name, if you have one", "type": "ShortText" } ] },
              { "title": "Your pet", "condition": "pet is answered", "questions": [
                { "code": "petkind", "text": "What kind of animal is {pet}?", "type": "SingleChoice", "required": true,
                  "options": [ { "code": "dog", "label": "Dog" }, { "code": "cat", "label": "Cat" } ] },
                { "code": "petage", "text": "You like {colour}. How old is {pet}?", "type": "Number", "min": 0, "max": 40 } ] },
              { "title": "Last words", "questions": [
                { "code": "mood", "text": "How is your mood?", "type": "Rating", "required": true },
                { "code": "bluewhy", "text": "Why {colour}?", "type": "ShortText", "condition": "colour = blue" },
                { "code": "note", "text": "Anything else?", "type": "LongText" } ] }
            ]
          }
        }
        """;

    [Fact]
    public async Task ConditionFalse_SkipsPage2_DoesNotRenderHiddenQuestions_AndStoresNoAnswersForThem()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();

        var first = await respondent.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(0, RespondentPages.PageIndex(first));
        Assert.Equal("Page 1 of 2", first.Text(".progress")); // Without a pet, page 2 is not on the path.
        Assert.Equal(["colour", "pet"], RespondentPages.Keys(first));
        Assert.Equal("Continue", first.Text(RespondentPages.Next));
        Assert.Null(first.Document.QuerySelector(RespondentPages.Back));

        var last = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]> { ["colour"] = ["red"], ["pet"] = [""] });
        Assert.Equal(2, RespondentPages.PageIndex(last));
        Assert.Equal("Page 2 of 2", last.Text(".progress"));
        Assert.Equal("Last words", last.Text("h2.page-title"));
        Assert.Equal(["mood", "note"], RespondentPages.Keys(last));
        Assert.Null(RespondentPages.Question(last, "bluewhy"));
        Assert.Null(last.Document.GetElementById("a-bluewhy"));
        Assert.Null(RespondentPages.Question(last, "petkind"));
        Assert.Equal("Submit", last.Text(RespondentPages.Next));

        // Even answers posted for the hidden question (and for the skipped page) are not stored.
        var fields = RespondentPages.Hidden(last);
        fields["a.mood"] = "3";
        fields["a.bluewhy"] = "forged";
        fields["a.petkind"] = "dog";
        var done = await respondent.PostRawAsync($"/s/{code}", fields);
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);

        var responseId = RespondentPages.ResponseId(last);
        Assert.Equal([responseId], await app.WithDbAsync(db => db.Responses.Where(r => r.SurveyId == id).Select(r => r.Id).ToListAsync()));
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "red", ["mood"] = "3" }, await RespondentPages.StoredAnswersAsync(app, responseId));
    }

    [Fact]
    public async Task ConditionTrue_AsksPage2_BackKeepsTheAnswers_AndChangingPage1SoPage2HidesDropsItsAnswers()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();

        var first = await respondent.GetAsync($"/s/{code}");
        var second = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]> { ["colour"] = ["blue"], ["pet"] = ["Rex"] });
        Assert.Equal(1, RespondentPages.PageIndex(second));
        Assert.Equal("Page 2 of 3", second.Text(".progress"));
        Assert.Equal("Your pet", second.Text("h2.page-title"));
        Assert.Equal(["petkind", "petage"], RespondentPages.Keys(second));
        Assert.NotNull(second.Document.QuerySelector(RespondentPages.Back));

        var third = await RespondentPages.NextAsync(respondent, second, new Dictionary<string, string[]> { ["petkind"] = ["cat"], ["petage"] = ["7"] });
        Assert.Equal(2, RespondentPages.PageIndex(third));
        Assert.Equal("Page 3 of 3", third.Text(".progress"));
        Assert.Equal(["mood", "bluewhy", "note"], RespondentPages.Keys(third));
        Assert.Contains("Why Blue?", third.Text("#q-bluewhy label"), StringComparison.Ordinal);

        // Back from page 3 (with what was typed there) returns to page 2 with its answers shown.
        var backToSecond = await respondent.SubmitAsync(third, RespondentPages.SurveyForm, new Dictionary<string, string[]>
        {
            ["a.mood"] = ["4"],
            ["a.bluewhy"] = ["It is calm"],
        }, RespondentPages.Back);
        Assert.Equal(HttpStatusCode.OK, backToSecond.Status);
        Assert.Equal($"/s/{code}", new Uri(backToSecond.Url).AbsolutePath);
        Assert.Equal(1, RespondentPages.PageIndex(backToSecond));
        Assert.Equal(["cat"], RespondentPages.Checked(backToSecond, "a.petkind"));
        Assert.Equal("7", RespondentPages.TextValue(backToSecond, "a.petage"));

        var backToFirst = await respondent.SubmitAsync(backToSecond, RespondentPages.SurveyForm, submitter: RespondentPages.Back);
        Assert.Equal(0, RespondentPages.PageIndex(backToFirst));
        Assert.Equal(["blue"], RespondentPages.Checked(backToFirst, "a.colour"));
        Assert.Equal("Rex", RespondentPages.TextValue(backToFirst, "a.pet"));
        Assert.Equal("Page 1 of 3", backToFirst.Text(".progress"));

        // Without a pet, page 2 hides: Continue goes straight to page 3, which kept what was typed there.
        var last = await RespondentPages.NextAsync(respondent, backToFirst, new Dictionary<string, string[]> { ["pet"] = [""] });
        Assert.Equal(2, RespondentPages.PageIndex(last));
        Assert.Equal("Page 2 of 2", last.Text(".progress"));
        Assert.Equal(["4"], RespondentPages.Checked(last, "a.mood"));
        Assert.Equal("It is calm", RespondentPages.TextValue(last, "a.bluewhy"));

        var done = await RespondentPages.NextAsync(respondent, last, new Dictionary<string, string[]>());
        Assert.EndsWith($"/s/{code}/thanks", done.Url, StringComparison.Ordinal);
        var responseId = RespondentPages.ResponseId(first);
        Assert.Equal(1, await app.WithDbAsync(db => db.Responses.CountAsync(r => r.SurveyId == id)));
        Assert.Equal(
            new Dictionary<string, string> { ["colour"] = "blue", ["mood"] = "4", ["bluewhy"] = "It is calm" },
            await RespondentPages.StoredAnswersAsync(app, responseId));
    }

    [Fact]
    public async Task AnswersAreSavedOnTheServerAtEveryPage_AndAReloadShowsTheCurrentPage()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();

        var first = await respondent.GetAsync($"/s/{code}");
        var sessionId = RespondentPages.ResponseId(first);
        Assert.Equal("0", RespondentPages.Hidden(first)["PageVersion"]);
        Assert.Equal(0, await app.WithDbAsync(db => db.ResponseSessions.CountAsync())); // Showing page 1 stores nothing.

        var second = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]> { ["colour"] = ["blue"], ["pet"] = ["Rex"] });
        Assert.Equal(1, RespondentPages.PageIndex(second));

        var session = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.Equal(sessionId, session.Id);
        Assert.Equal(id, session.SurveyId);
        Assert.Equal(1, session.CurrentPage);
        Assert.Equal(1, session.PageVersion);
        Assert.Null(session.CompletedAt);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "blue", ["pet"] = "Rex" }, ToDictionary(session.Answers));
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync()));

        // A new GET in the same browser shows page 2 of the same session.
        var reloaded = await respondent.GetAsync($"/s/{code}");
        Assert.Equal(1, RespondentPages.PageIndex(reloaded));
        Assert.Equal(sessionId, RespondentPages.ResponseId(reloaded));
        Assert.Equal("1", RespondentPages.Hidden(reloaded)["PageVersion"]);
        Assert.Equal("Page 2 of 3", reloaded.Text(".progress"));

        var third = await RespondentPages.NextAsync(respondent, reloaded, new Dictionary<string, string[]> { ["petkind"] = ["dog"] });
        Assert.Equal(2, RespondentPages.PageIndex(third));
        session = await app.WithDbAsync(db => db.ResponseSessions.AsNoTracking().SingleAsync());
        Assert.Equal(2, session.CurrentPage);
        Assert.Equal(2, session.PageVersion);
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "blue", ["pet"] = "Rex", ["petkind"] = "dog" }, ToDictionary(session.Answers));
        Assert.Equal(0, await app.WithDbAsync(db => db.Responses.CountAsync()));

        // Another browser starts its own response on page 1.
        using var other = app.Session();
        var otherFirst = await other.GetAsync($"/s/{code}");
        Assert.Equal(0, RespondentPages.PageIndex(otherFirst));
        Assert.NotEqual(sessionId, RespondentPages.ResponseId(otherFirst));
        Assert.Empty(RespondentPages.Checked(otherFirst, "a.colour"));
    }

    [Fact]
    public async Task Piping_ShowsTheLabelOfAnEarlierAnswer_AndATypedAnswerLiterally()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();

        const string typed = "<b>markdown *stars*</b> & [link](http://evil.example)";
        var first = await respondent.GetAsync($"/s/{code}");
        var second = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]> { ["colour"] = ["blue"], ["pet"] = [typed] });
        Assert.Equal(1, RespondentPages.PageIndex(second));

        var petkind = second.Document.QuerySelector("#q-petkind legend") ?? throw new InvalidOperationException("No legend for petkind.");
        Assert.StartsWith($"What kind of animal is {typed}?", petkind.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(petkind.QuerySelectorAll("b, em, strong, a"));
        Assert.DoesNotContain("<b>markdown", second.Html, StringComparison.Ordinal);

        // A choice pipes its label, not its code.
        var petage = second.Document.QuerySelector("#q-petage label") ?? throw new InvalidOperationException("No label for petage.");
        Assert.StartsWith($"You like Blue. How old is {typed}?", petage.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(petage.QuerySelectorAll("b, em, strong, a"));
        Assert.Empty(second.Document.QuerySelectorAll("main b"));
    }

    [Fact]
    public async Task Piping_AYesNoAnswer_ShowsTheLabelTheRespondentChose_InTheSurveysLanguage()
    {
        const string survey = """
            {
              "format": "surveyplatform.survey/1",
              "title": "Einwilligung",
              "description": "",
              "definition": {
                "pages": [
                  { "title": "Eins", "questions": [
                    { "code": "consent", "text": "Stimmen Sie zu?", "type": "YesNo", "required": true } ] },
                  { "title": "Zwei", "questions": [
                    { "code": "why", "text": "Sie haben {consent} gewählt. Warum?", "type": "ShortText" } ] }
                ]
              }
            }
            """;
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, survey);
        await SurveyPages.SetRespondingAsync(owner, id, new() { ["Responding.Language"] = ["de"] });
        using var respondent = app.Session();

        var first = await respondent.GetAsync($"/s/{code}");
        Assert.Equal("Ja", first.Text("label[for='a-consent']"));
        var second = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]> { ["consent"] = ["yes"] });

        Assert.Equal(1, RespondentPages.PageIndex(second));
        Assert.Equal("Sie haben Ja gewählt. Warum?", second.Text("#q-why label"));
    }

    [Fact]
    public async Task SurveyLanguageGerman_ShowsGermanButtonsLangAndValidationMessages()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        await SurveyPages.SetRespondingAsync(owner, id, new() { ["Responding.Language"] = ["de"] });
        Assert.Equal("de", await app.WithDbAsync(db => db.Surveys.Where(s => s.Id == id).Select(s => s.Language).SingleAsync()));

        using var respondent = app.Session();
        respondent.Client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-GB")); // The survey's language wins.
        var first = await respondent.GetAsync($"/s/{code}");
        Assert.Equal("de", first.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Weiter", first.Text(RespondentPages.Next));
        Assert.Equal("Seite 1 von 2", first.Text(".progress"));

        var invalid = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]> { ["pet"] = [""] });
        Assert.Equal(HttpStatusCode.OK, invalid.Status);
        Assert.Equal("Es gibt ein Problem", invalid.Text("#error-summary-title"));
        Assert.Equal("Favourite colour: Wählen Sie eine Antwort.", invalid.Text(".error-summary a[href='#a-colour']"));
        Assert.Equal("Fehler: Wählen Sie eine Antwort.", invalid.Text("#q-colour .error-message"));

        var last = await RespondentPages.NextAsync(respondent, invalid, new Dictionary<string, string[]> { ["colour"] = ["red"] });
        Assert.Equal(2, RespondentPages.PageIndex(last));
        Assert.Equal("Absenden", last.Text(RespondentPages.Next));
        Assert.Equal("Zurück", last.Text(RespondentPages.Back));
        Assert.Equal("de", last.Document.DocumentElement.GetAttribute("lang"));

        var thanks = await RespondentPages.NextAsync(respondent, last, new Dictionary<string, string[]> { ["mood"] = ["2"] });
        Assert.EndsWith("/thanks", thanks.Url, StringComparison.Ordinal);
        Assert.Equal("Vielen Dank", thanks.Text("h1"));
        Assert.Equal("de", thanks.Document.DocumentElement.GetAttribute("lang"));
    }

    [Theory]
    [InlineData("de-DE", "de", "Weiter", "Favourite colour: Wählen Sie eine Antwort.")]
    [InlineData("en-GB", "en", "Continue", "Favourite colour: choose an answer.")]
    [InlineData("fr-FR, de;q=0.8, en;q=0.5", "de", "Weiter", "Favourite colour: Wählen Sie eine Antwort.")]
    public async Task WithoutASurveyLanguage_TheBrowsersAcceptLanguageChooses(string acceptLanguage, string lang, string next, string message)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, FlowSurvey);
        using var respondent = app.Session();
        respondent.Client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        var first = await respondent.GetAsync($"/s/{code}");
        Assert.Equal(lang, first.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal(next, first.Text(RespondentPages.Next));

        var invalid = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]>());
        Assert.Equal(message, invalid.Text(".error-summary a[href='#a-colour']"));
    }

    private static Dictionary<string, string> ToDictionary(IReadOnlyDictionary<string, string> answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value);
}
