using System.Net;
using System.Net.Http.Headers;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Io;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// A browser-like session over HttpClient: fetches pages, parses them with AngleSharp, fills and
/// submits real forms (antiforgery token included), follows redirects and keeps cookies.
/// </summary>
public sealed class HtmlSession(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public async Task<Page> GetAsync(string url)
    {
        var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        return await Page.FromAsync(response);
    }

    /// <summary>Fills the form that matches <paramref name="formSelector"/> and submits it.</summary>
    /// <param name="values">Field name → values; several values tick several checkboxes.</param>
    /// <param name="submitter">CSS selector of the button to press, if the form has more than one.</param>
    public async Task<Page> SubmitAsync(Page page, string formSelector, IReadOnlyDictionary<string, string[]>? values = null, string? submitter = null)
    {
        var form = page.Document.QuerySelector<IHtmlFormElement>(formSelector)
                   ?? throw new InvalidOperationException($"No form matches {formSelector} on {page.Url}.\n{page.Document.Body?.TextContent}");
        Fill(form, values ?? new Dictionary<string, string[]>());
        var button = submitter is null ? null : form.QuerySelector<IHtmlElement>(submitter)
            ?? throw new InvalidOperationException($"No submitter {submitter} in {formSelector}.");
        var submission = (button is null ? form.GetSubmission() : form.GetSubmission(button))
            ?? throw new InvalidOperationException("The form produced no submission.");
        var target = new Uri(new Uri(page.Url), submission.Target.Href);
        var isPost = submission.Method == AngleSharp.Io.HttpMethod.Post;
        using var request = new HttpRequestMessage(isPost ? System.Net.Http.HttpMethod.Post : System.Net.Http.HttpMethod.Get, target);
        if (submission.Body is { } body && isPost)
        {
            var content = new StreamContent(body);
            foreach (var header in submission.Headers)
            {
                if (header.Key == HeaderNames.ContentType)
                {
                    content.Headers.ContentType = MediaTypeHeaderValue.Parse(header.Value);
                }
            }

            request.Content = content;
        }

        var response = await Client.SendAsync(request);
        return await Page.FromAsync(response);
    }

    /// <summary>Posts raw form fields, for requests a browser would not make (forged or replayed posts).</summary>
    public async Task<Page> PostRawAsync(string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        var response = await Client.PostAsync(new Uri(url, UriKind.Relative), content);
        return await Page.FromAsync(response);
    }

    public async Task SignInAsync(string email, string password)
    {
        var login = await GetAsync("/account/login");
        var result = await SubmitAsync(login, "main form", new Dictionary<string, string[]>
        {
            ["Input.Email"] = [email],
            ["Input.Password"] = [password],
        });
        Assert.DoesNotContain("/account/login", result.Url, StringComparison.OrdinalIgnoreCase);
    }

    private static void Fill(IHtmlFormElement form, IReadOnlyDictionary<string, string[]> values)
    {
        foreach (var (name, wanted) in values)
        {
            var elements = form.Elements.Where(e => e.GetAttribute("name") == name).ToList();
            if (elements.Count == 0)
            {
                throw new InvalidOperationException($"The form has no field named {name}.");
            }

            // A checkbox rendered by asp-for has a hidden "false" twin: leave hidden twins alone.
            var hasChoices = elements.Any(e => e is IHtmlInputElement { Type: "checkbox" or "radio" });
            foreach (var element in elements.Where(e => !hasChoices || e is IHtmlInputElement { Type: "checkbox" or "radio" }))
            {
                switch (element)
                {
                    case IHtmlInputElement { Type: "checkbox" or "radio" } choice:
                        choice.IsChecked = wanted.Contains(choice.Value);
                        break;
                    case IHtmlInputElement input:
                        input.Value = wanted.FirstOrDefault() ?? string.Empty;
                        break;
                    case IHtmlTextAreaElement textArea:
                        textArea.Value = wanted.FirstOrDefault() ?? string.Empty;
                        break;
                    case IHtmlSelectElement select:
                        foreach (var option in select.Options)
                        {
                            option.IsSelected = wanted.Contains(option.Value);
                        }

                        break;
                    default:
                        break;
                }
            }
        }
    }

    public void Dispose() => Client.Dispose();
}

public sealed class Page
{
    private Page(HttpStatusCode status, string url, string html, IDocument document, HttpResponseMessage response)
    {
        Status = status;
        Url = url;
        Html = html;
        Document = document;
        Response = response;
    }

    public HttpStatusCode Status { get; }
    public string Url { get; }
    public string Html { get; }
    public IDocument Document { get; }
    public HttpResponseMessage Response { get; }

    public string Text(string selector) => Document.QuerySelector(selector)?.TextContent.Trim() ?? string.Empty;

    public static async Task<Page> FromAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var url = response.RequestMessage!.RequestUri!.ToString();
        var context = BrowsingContext.New(Configuration.Default);
        var document = await context.OpenAsync(r => r.Content(html).Address(url));
        return new Page(response.StatusCode, url, html, document, response);
    }
}
