using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// A respondent going through a survey's pages with the real forms: each page is filled from the
/// given answers (by answer key) and posted with the Continue button until the thank-you page.
/// </summary>
public static class RespondentPages
{
    public const string SurveyForm = "form[data-answers]";
    public const string Next = "button[name=nav][value=next]";
    public const string Back = "button[name=nav][value=back]";
    public const string Save = "button[name=nav][value=save]";
    public const string Restart = "form[action*='handler=Restart']";

    /// <summary>Answers every page from <paramref name="answers"/>; fields not named there are left as they are.</summary>
    public static async Task<Page> CompleteAsync(HtmlSession respondent, string code, IReadOnlyDictionary<string, string[]> answers, int maxPages = 50)
    {
        var page = await respondent.GetAsync($"/s/{code}");
        if (page.Document.QuerySelector(Restart) is not null)
        {
            page = await respondent.SubmitAsync(page, Restart); // This browser finished a response before: start another.
        }

        for (var i = 0; i < maxPages && page.Document.QuerySelector(SurveyForm) is not null; i++)
        {
            var before = PageIndex(page);
            page = await NextAsync(respondent, page, answers);
            if (page.Document.QuerySelector(".error-summary") is not null)
            {
                throw new InvalidOperationException($"Page {before} of {code} has errors: {page.Text(".error-summary")}");
            }
        }

        return page;
    }

    /// <summary>Fills the fields of this page that <paramref name="answers"/> names and posts it with Continue.</summary>
    public static Task<Page> NextAsync(HtmlSession respondent, Page page, IReadOnlyDictionary<string, string[]> answers) =>
        respondent.SubmitAsync(page, SurveyForm, OnThisPage(page, answers), Next);

    public static IReadOnlyDictionary<string, string[]> OnThisPage(Page page, IReadOnlyDictionary<string, string[]> answers)
    {
        var names = page.Document.QuerySelectorAll($"{SurveyForm} [name]").Select(e => e.GetAttribute("name")).ToHashSet();
        return answers.Where(a => names.Contains($"a.{a.Key}")).ToDictionary(a => $"a.{a.Key}", a => a.Value);
    }

    public static int PageIndex(Page page) =>
        int.Parse(page.Document.QuerySelector<IHtmlInputElement>("input[name=PageIndex]")?.Value ?? "-1", System.Globalization.CultureInfo.InvariantCulture);

    public static Guid ResponseId(Page page) =>
        Guid.Parse(page.Document.QuerySelector<IHtmlInputElement>("input[name=ResponseId]")?.Value
                   ?? throw new InvalidOperationException($"No ResponseId on {page.Url}."));

    /// <summary>The hidden fields and antiforgery token of the page's form, for raw (replayed or forged) posts.</summary>
    public static Dictionary<string, string> Hidden(Page page) =>
        page.Document.QuerySelectorAll($"{SurveyForm} input[type=hidden]").Cast<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);

    /// <summary>The answer keys whose controls this page shows.</summary>
    public static IReadOnlyList<string> Keys(Page page) =>
        [.. page.Document.QuerySelectorAll($"{SurveyForm} [name^='a.']").Select(e => e.GetAttribute("name")![2..]).Distinct()];

    public static IElement? Question(Page page, string code) => page.Document.QuerySelector($"#q-{code}");

    /// <summary>The values of the checked inputs named <paramref name="name"/>.</summary>
    public static List<string> Checked(Page page, string name) =>
        [.. page.Document.QuerySelectorAll<IHtmlInputElement>($"input[name='{name}']").Where(i => i.IsChecked).Select(i => i.Value)];

    public static string TextValue(Page page, string name) =>
        page.Document.QuerySelector<IHtmlInputElement>($"input[name='{name}']")?.Value
        ?? throw new InvalidOperationException($"No input named {name} on {page.Url}.");

    /// <summary>A stored response's answers, by answer key.</summary>
    public static Task<Dictionary<string, string>> StoredAnswersAsync(AppFactory app, Guid responseId) =>
        app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(
            db.Answers.Where(a => a.ResponseId == responseId), a => a.QuestionCode, a => a.Value));

    /// <summary>Posts the public form's single page as a client could (hostile values included), with its token and ResponseId; returns the response id.</summary>
    public static async Task<Guid> PostRawAsync(HtmlSession respondent, string code, params (string Code, string Value)[] answers)
    {
        ArgumentNullException.ThrowIfNull(respondent);
        ArgumentNullException.ThrowIfNull(answers);
        var form = await respondent.GetAsync($"/s/{code}");
        if (form.Document.QuerySelector(Restart) is not null)
        {
            form = await respondent.SubmitAsync(form, Restart);
        }

        var hidden = form.Document.QuerySelectorAll<IHtmlInputElement>($"{SurveyForm} input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        var done = await respondent.PostRawAsync($"/s/{code}", [.. hidden, .. answers.Select(a => new KeyValuePair<string, string>($"a.{a.Code}", a.Value))]);
        Assert.True(done.Url.EndsWith("/thanks", StringComparison.Ordinal), $"The answers were refused: {done.Text(".error-summary")}");
        return Guid.Parse(hidden.Single(f => f.Key == "ResponseId").Value);
    }
}
