using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SurveyPlatform.Domain.Templates;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// Every page of every template, in the owner's preview and on the live respondent link, along every segment's path:
/// page introductions and question text render as formatted text, so nothing on a page shows escaped markup such as
/// a literal <c>&lt;p&gt;</c> or <c>&amp;lt;</c>.
/// </summary>
public sealed partial class TemplatePagesTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    public static TheoryData<string, string?> Paths() => new()
    {
        { HealthcareAiAdoption.Template.Key, "Provider" },
        { HealthcareAiAdoption.Template.Key, "Payer" },
        { HealthcareAiAdoption.Template.Key, "Pharma" },
        { GenAiPractitioner.Template.Key, null },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task EveryTemplatePage_InPreviewAndLive_ShowsNoEscapedMarkup(string templateKey, string? segment)
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateFromTemplateAsync(owner, templateKey);

        await owner.GotoAsync(surveyPath + "/preview");
        var previewPages = await WalkAsync(owner, segment, done: p => p.Locator("#preview-result").CountAsync());

        await owner.GotoAsync(surveyPath + "/edit");
        var respondPath = await OwnerSteps.PublishAsync(owner);
        await using var phone = await host.NewPhoneContextAsync();
        var respondent = await phone.NewPageAsync();
        await respondent.GotoAsync(respondPath);
        var livePages = await WalkAsync(respondent, segment, done: p => p.GetByTestId("thanks").CountAsync());

        output.WriteLine($"{templateKey} ({segment ?? "no segment"}): {previewPages} preview pages, {livePages} live pages, none with escaped markup.");
        Assert.True(previewPages >= 3, $"The preview walk saw only {previewPages} page(s).");
        Assert.Equal(previewPages, livePages);
    }

    /// <summary>Answers page after page (choosing the segment on the first) until <paramref name="done"/>; checks each page's text.</summary>
    private static async Task<int> WalkAsync(IPage page, string? segment, Func<IPage, Task<int>> done)
    {
        var pages = 0;
        for (var i = 0; i < 25; i++)
        {
            if (await done(page) > 0)
            {
                return pages;
            }

            pages++;
            var text = await page.Locator("main").InnerTextAsync();
            var escaped = EscapedMarkup().Matches(text).Select(m => m.Value).Distinct().ToList();
            Assert.True(escaped.Count == 0, $"{page.Url} (page {pages}) shows escaped markup {string.Join(", ", escaped)}:\n{text}");
            var html = await page.Locator("main").InnerHTMLAsync();
            var doubly = DoublyEncoded().Matches(html).Select(m => m.Value).Distinct().ToList();
            Assert.True(doubly.Count == 0, $"{page.Url} (page {pages}) holds doubly encoded markup {string.Join(", ", doubly)}.");

            if (pages == 1 && segment is not null)
            {
                await page.GetByLabel(segment, new() { Exact = true }).CheckAsync();
            }

            await RespondentSteps.FillPageAsync(page);
            await RespondentSteps.ContinueAsync(page);
            if (await page.Locator(".error-summary").CountAsync() > 0)
            {
                Assert.Fail($"The filler's answers were refused on {page.Url}: {await page.Locator("main").InnerTextAsync()}");
            }
        }

        Assert.Fail($"No end after 25 pages; last at {page.Url}.");
        return pages;
    }

    /// <summary>Visible tags or entities: "&lt;p&gt;", "&lt;/strong&gt;", "&amp;lt;", "&amp;#39;".</summary>
    [GeneratedRegex(@"</?(p|em|strong|ul|ol|li|a|br|code|h\d)\b[^>]*>|&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);", RegexOptions.IgnoreCase)]
    private static partial Regex EscapedMarkup();

    /// <summary>In the HTML source, an entity that was encoded again ("&amp;amp;lt;", "&amp;lt;p&amp;gt;").</summary>
    [GeneratedRegex(@"&amp;(lt|gt|amp|quot|#\d+);|&lt;/?(p|em|strong|ul|ol|li)&gt;", RegexOptions.IgnoreCase)]
    private static partial Regex DoublyEncoded();
}
