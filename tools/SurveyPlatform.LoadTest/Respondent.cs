using System.Diagnostics;
using System.Net;

namespace SurveyPlatform.LoadTest;

/// <summary>The kinds of request a respondent makes, each timed on its own.</summary>
internal enum RequestKind
{
    /// <summary>GET of the survey's current page.</summary>
    Page,

    /// <summary>POST of a page that leads to another page.</summary>
    Save,

    /// <summary>POST of the last page: the response is submitted.</summary>
    Submit,

    /// <summary>GET of the thank-you page.</summary>
    Thanks,

    /// <summary>GET /health/live, the baseline.</summary>
    Health,
}

/// <summary>A completion the server acknowledged (a redirect to the thank-you page), with the answers sent for it.</summary>
internal sealed record Completion(Guid ResponseId, IReadOnlyDictionary<string, string> Sent);

/// <summary>
/// One browser: its own cookies (antiforgery and the response cookie), fetches the public link, reads
/// the page's form with its hidden fields and antiforgery token, answers it and posts it with Continue,
/// page after page, then fetches the thank-you page. Requests go through a shared client without
/// cookies or automatic redirects, so every answer is seen as it came.
/// </summary>
internal sealed class Respondent(HttpClient client, Uri server, string code, Random random, Action<RequestKind, TimeSpan, bool> record)
{
    private readonly CookieContainer _cookies = new();

    /// <summary>Walks the survey to its end. Returns the completion, or throws <see cref="RespondentFailure"/> at the first unexpected answer.</summary>
    public async Task<Completion> CompleteAsync(Func<bool> stopping)
    {
        var url = new Uri(server, $"s/{code}");
        var sent = new Dictionary<string, string>();
        for (var page = 0; page < 50; page++)
        {
            var (status, _, html) = await SendAsync(RequestKind.Page, HttpMethod.Get, url, null, _ => RequestKind.Page);
            if (status != HttpStatusCode.OK)
            {
                throw new RespondentFailure(RequestKind.Page, $"GET {url.AbsolutePath} answered {(int)status}");
            }

            var form = PageForm.Read(html)
                       ?? throw new RespondentFailure(RequestKind.Page, $"GET {url.AbsolutePath} showed no survey form: {PageForm.TextOf(html, "<h1", "</h1>")}");
            var hidden = form.Where(c => c is { Tag: "input", Type: "hidden", Name: not null })
                .Select(c => new KeyValuePair<string, string>(c.Name!, c.Value)).ToList();
            var responseId = Guid.Parse(hidden.Single(f => f.Key == "ResponseId").Value);
            var answers = FormAnswers.Choose(form, random);
            foreach (var group in answers.GroupBy(a => a.Key))
            {
                sent[group.Key[2..]] = string.Join(' ', group.Select(a => a.Value));
            }

            // A post is a submission when the server answers with its thank-you page.
            static RequestKind KindOf(string? location) => location?.EndsWith("/thanks", StringComparison.Ordinal) == true ? RequestKind.Submit : RequestKind.Save;
            var (posted, location, body) = await SendAsync(RequestKind.Save, HttpMethod.Post, url, [.. hidden, .. answers, new("nav", "next")], KindOf);
            if (posted is not (HttpStatusCode.Found or HttpStatusCode.SeeOther) || location is null)
            {
                var error = posted == HttpStatusCode.OK ? PageForm.TextOf(body, "<div class=\"error-summary\"", "</div>") : null;
                throw new RespondentFailure(RequestKind.Save, $"POST page {page + 1} answered {(int)posted}{(error is null ? string.Empty : ": " + error)}");
            }

            if (KindOf(location) == RequestKind.Submit)
            {
                var completion = new Completion(responseId, sent);
                var (thanks, _, _) = await SendAsync(RequestKind.Thanks, HttpMethod.Get, new Uri(server, location.TrimStart('/')), null, _ => RequestKind.Thanks);
                return thanks == HttpStatusCode.OK ? completion : throw new RespondentFailure(RequestKind.Thanks, $"GET thanks answered {(int)thanks}", completion);
            }

            if (location != url.AbsolutePath)
            {
                throw new RespondentFailure(RequestKind.Save, $"POST page {page + 1} redirected to {location}");
            }

            if (stopping())
            {
                throw new RespondentStopped();
            }
        }

        throw new RespondentFailure(RequestKind.Page, "More than 50 pages: the survey never ended.");
    }

    private async Task<(HttpStatusCode Status, string? Location, string Body)> SendAsync(RequestKind kind, HttpMethod method, Uri url, List<KeyValuePair<string, string>>? form, Func<string?, RequestKind> kindOf)
    {
        using var request = new HttpRequestMessage(method, url);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        var cookies = _cookies.GetCookieHeader(url);
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }

        var clock = Stopwatch.StartNew();
        var ok = false;
        string? location = null;
        try
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    _cookies.SetCookies(url, cookie);
                }
            }

            ok = (int)response.StatusCode < 400;
            location = response.Headers.Location?.OriginalString;
            return (response.StatusCode, location, body);
        }
        catch (HttpRequestException e)
        {
            throw new RespondentFailure(kind, $"{method} {url.AbsolutePath}: {e.Message}");
        }
        finally
        {
            record(ok ? kindOf(location) : kind, clock.Elapsed, ok);
        }
    }
}

internal sealed class RespondentFailure(RequestKind kind, string message, Completion? completion = null) : Exception(message)
{
    public RequestKind Kind { get; } = kind;

    /// <summary>Set when the submission was acknowledged before the failure (the thank-you page failed).</summary>
    public Completion? Completion { get; } = completion;
}

/// <summary>The run ended between two pages of this respondent.</summary>
internal sealed class RespondentStopped : Exception;
