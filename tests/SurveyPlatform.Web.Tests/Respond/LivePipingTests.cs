using System.Net;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>
/// Piping from a question on the same page: the value is a span respond.js fills in as the respondent answers, and
/// while it is unanswered the page shows nothing for it, brackets included, never an empty "()". A value piped from
/// an earlier page is plain text, also without empty brackets when that answer was left out.
/// </summary>
public sealed class LivePipingTests
{
    private const string Survey = """
        {
          "format": "surveyplatform.survey/1",
          "title": "Fruit",
          "description": "Piping on the same page and from an earlier one.",
          "definition": {
            "pages": [
              { "title": "Fruit", "questions": [
                { "code": "fruit", "text": "Which fruit do you like best?", "type": "SingleChoice",
                  "options": [ { "code": "apple", "label": "Apple" }, { "code": "pear", "label": "Pear \"Conference\"" } ] },
                { "code": "nick", "text": "Your nickname", "type": "ShortText" },
                { "code": "often", "text": "How often do you eat it ({fruit})?", "type": "ShortText", "help": "Think of [{fruit}] last week, {nick}." } ] },
              { "title": "Later", "questions": [
                { "code": "why", "text": "Why that fruit ({fruit})? Thanks ({nick}).", "type": "ShortText" } ] }
            ]
          }
        }
        """;

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task SamePagePipe_Unanswered_RendersAnEmptySpanWithItsBrackets_AndNoEmptyBrackets(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, Survey);
        using var respondent = app.Session();

        var first = await respondent.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var legend = first.Document.QuerySelector("#q-often label") ?? throw new InvalidOperationException("No label for often.");
        Assert.StartsWith("How often do you eat it?", legend.TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("()", first.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("[]", first.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var span = legend.QuerySelector("span.pipe") ?? throw new InvalidOperationException("No pipe span in the label.");
        Assert.Equal("fruit", span.GetAttribute("data-pipe"));
        Assert.Equal(" (", span.GetAttribute("data-before"));
        Assert.Equal(")", span.GetAttribute("data-after"));
        Assert.Equal(string.Empty, span.TextContent);

        // The help pipes two same-page values: one in square brackets, one bare.
        var help = first.Document.QuerySelector("#a-often-help") ?? throw new InvalidOperationException("No help for often.");
        Assert.Equal("Think of last week, .", help.TextContent.Trim());
        Assert.Equal(["fruit", "nick"], help.QuerySelectorAll("span.pipe").Select(s => s.GetAttribute("data-pipe")));
        Assert.Equal(" [", help.QuerySelectorAll("span.pipe")[0].GetAttribute("data-before"));
        Assert.Equal(string.Empty, help.QuerySelectorAll("span.pipe")[1].GetAttribute("data-before"));
        Assert.DoesNotContain('\uE000', first.Html);
    }

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task SamePagePipe_ReShownAfterAPost_CarriesTheStoredValueInItsBrackets_AndAnEarlierPagesPipeIsPlainText(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (_, code) = await SurveyPages.PublishFileAsync(owner, Survey);
        using var respondent = app.Session();

        var first = await respondent.GetAsync($"/s/{code}");
        var second = await RespondentPages.NextAsync(respondent, first, new Dictionary<string, string[]> { ["fruit"] = ["pear"], ["nick"] = [""], ["often"] = [""] });
        Assert.Equal(1, RespondentPages.PageIndex(second));

        // From an earlier page: plain text, the answered value in its brackets, the unanswered one gone with its brackets.
        var why = second.Document.QuerySelector("#q-why label") ?? throw new InvalidOperationException("No label for why.");
        Assert.StartsWith("Why that fruit (Pear \"Conference\")? Thanks.", why.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(why.QuerySelectorAll("span.pipe"));

        // Back on page 1 the stored answer is piped into the same-page span, which respond.js keeps up to date.
        var back = await respondent.SubmitAsync(second, RespondentPages.SurveyForm, new Dictionary<string, string[]>(), RespondentPages.Back);
        Assert.Equal(0, RespondentPages.PageIndex(back));
        var span = back.Document.QuerySelector("#q-often label span.pipe") ?? throw new InvalidOperationException("No pipe span.");
        Assert.Equal(" (Pear \"Conference\")", span.TextContent);
        Assert.StartsWith("How often do you eat it (Pear \"Conference\")?", back.Text("#q-often label"), StringComparison.Ordinal);
        Assert.Empty(back.Document.QuerySelectorAll("#q-often label b, #q-often label a"));
    }
}
