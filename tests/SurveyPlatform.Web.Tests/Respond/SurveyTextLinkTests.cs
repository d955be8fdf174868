using System.Text.Json;
using AngleSharp;
using AngleSharp.Dom;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Web.Respond;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>
/// Links in survey Markdown (and in e-mails) may point only to http, https, mailto or a relative
/// address, on every path that renders them: the respondent page, the preview, the rendering
/// helpers and mail templates.
/// </summary>
public sealed class SurveyTextLinkTests
{
    public static readonly string[] Unsafe =
    [
        "[js](javascript:alert(1))",
        "[mixed](JaVaScRiPt:alert(1))",
        "[entity](jav&#x61;script:alert(1))",
        "[decimal](&#106;avascript:alert(1))",
        "[padded](<  javascript:alert(1)>)",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[vb](vbscript:msgbox(1))",
        "[ref][evil]\n\n[evil]: javascript:alert(1)",
        "![img](javascript:alert(1))",
        "<javascript:alert(1)>",
        "<data:text/html,hello>",
    ];

    public const string Safe = "[site](https://example.org/a?b=1) [plain](http://example.org) [mail](mailto:team@example.org) [rel](/s/abc) [time](page?at=10:30) <https://example.org/auto>";

    /// <summary>Every href and src in the document that is not http(s), mailto or relative.</summary>
    private static List<string> UnsafeTargets(IDocument document) =>
        [.. document.QuerySelectorAll("[href], [src]")
            .SelectMany(e => new[] { e.GetAttribute("href"), e.GetAttribute("src") })
            .OfType<string>()
            .Where(url =>
            {
                var cleaned = new string([.. url.Where(c => c > ' ')]).ToLowerInvariant();
                var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
                var slash = cleaned.IndexOfAny(['/', '?', '#']);
                var hasScheme = colon > 0 && (slash < 0 || colon < slash);
                return hasScheme && !cleaned.StartsWith("http:", StringComparison.Ordinal) && !cleaned.StartsWith("https:", StringComparison.Ordinal) && !cleaned.StartsWith("mailto:", StringComparison.Ordinal);
            })];

    private static async Task<IDocument> ParseAsync(string html) =>
        await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));

    [Fact]
    public async Task UnsafeLinkTargets_RenderAsPlainText_InBlockAndInlineText_AndSafeLinksStayLinks()
    {
        foreach (var markdown in Unsafe)
        {
            foreach (var html in new[] { SurveyText.Block(markdown).Value, SurveyText.Inline(markdown).Value })
            {
                var document = await ParseAsync(html);
                Assert.True(UnsafeTargets(document).Count == 0, $"{markdown} rendered {html}");
                Assert.NotEqual(string.Empty, document.Body!.TextContent.Trim());
            }
        }

        Assert.Equal("Click <em>js</em> now", SurveyText.Inline("Click [*js*](javascript:alert(1)) now").Value);

        var safe = await ParseAsync(SurveyText.Block(Safe).Value);
        Assert.Equal(
            ["https://example.org/a?b=1", "http://example.org", "mailto:team@example.org", "/s/abc", "page?at=10:30", "https://example.org/auto"],
            safe.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void AMailTemplate_NeverLinksTheAuthorsText_AndLinksOnlyAllowedTargets()
    {
        var template = new MailTemplate("Hello", "See [x](javascript:alert(1)) and <a href=\"javascript:alert(1)\">y</a>\n\n{SurveyLink}\n\n{OptOutLink}");
        var (_, _, html) = template.Render(new Dictionary<string, string>
        {
            ["SurveyLink"] = "https://surveys.example.org/i/abc",
            ["OptOutLink"] = "JavaScript:alert(1)",
        });

        Assert.Contains("<a href=\"https://surveys.example.org/i/abc\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;a href=&quot;javascript:alert(1)&quot;&gt;", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<a "));
    }

    [Fact]
    public async Task TheRespondentPageAndThePreview_ShowNoUnsafeLink_InIntroTextAndHelp()
    {
        var all = string.Join("\n\n", Unsafe.Append(Safe));
        var json = JsonSerializer.Serialize(new
        {
            format = "surveyplatform.survey/1",
            title = "Links",
            description = "Links in text",
            definition = new
            {
                pages = new[]
                {
                    new
                    {
                        title = "Only page",
                        intro = all,
                        questions = new object[]
                        {
                            new { code = "about", text = all, type = "Descriptive" },
                            new { code = "name", text = "Name [js](javascript:alert(1)) <javascript:alert(2)>", help = "Help [js](jav&#x61;script:alert(1)) [ok](https://example.org/help)", type = "ShortText" },
                        },
                    },
                },
            },
        });

        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, code) = await SurveyPages.PublishFileAsync(owner, json);
        using var respondent = app.Session();

        foreach (var page in new[] { await respondent.GetAsync($"/s/{code}"), await owner.GetAsync($"/surveys/{id}/preview") })
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
            Assert.Empty(UnsafeTargets(page.Document));
            var main = page.Document.QuerySelector("main")!;
            var links = main.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Contains("https://example.org/a?b=1", links);
            Assert.Contains("mailto:team@example.org", links);
            Assert.Contains("https://example.org/auto", links);
            Assert.Contains("https://example.org/help", links);
            Assert.Contains("vb", main.TextContent, StringComparison.Ordinal);
        }
    }
}
