using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// Survey text is a Markdown subset rendered with raw HTML disabled, so an author cannot put
/// script (or any HTML) into a respondent's page. Links and images whose target
/// <see cref="LinkTarget"/> refuses (javascript:, data:, …) lose their link and keep their text.
/// This is the only place Markdown becomes HTML: respondent pages and the preview render through it.
/// </summary>
public static partial class SurveyText
{
    // Private-use characters mark a live piped value through the Markdown rendering (which keeps them as text)
    // until it becomes a span: key, brackets before, value, brackets after.
    private const char PipeStart = '\uE000', PipeSeparator = '\uE001', PipeEnd = '\uE002';

    [GeneratedRegex("\uE000([A-Za-z0-9_.]{1,80})\uE001([^\uE000-\uE002<]*)\uE001([^\uE000-\uE002<]*)\uE001([^\uE000-\uE002<]*)\uE002", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex LivePipeMarker();

    /// <summary>Marks a value piped from a question on the same page, for <see cref="Inline"/> and <see cref="Block"/> to render as a span respond.js updates.</summary>
    public static string LivePipe(Domain.Responding.Piping.Piped piped)
    {
        ArgumentNullException.ThrowIfNull(piped);
        return $"{PipeStart}{piped.Key}{PipeSeparator}{piped.Before}{PipeSeparator}{piped.Value}{PipeSeparator}{piped.After}{PipeEnd}";
    }

    // The parts are text that Markdig has already HTML-encoded; the brackets go into attributes as well, re-encoded
    // after decoding so a quote cannot end the attribute.
    private static string Spans(string html) => html.Contains(PipeStart, StringComparison.Ordinal)
        ? LivePipeMarker().Replace(html, m =>
        {
            var before = m.Groups[2].Value;
            var after = m.Groups[4].Value;
            var shown = m.Groups[3].Value.Length == 0 ? string.Empty : before + m.Groups[3].Value + after;
            return $"<span class=\"pipe\" data-pipe=\"{m.Groups[1].Value}\" data-before=\"{WebUtility.HtmlEncode(WebUtility.HtmlDecode(before))}\" data-after=\"{WebUtility.HtmlEncode(WebUtility.HtmlDecode(after))}\">{shown}</span>";
        })
        : html;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseEmphasisExtras().Build();

    /// <summary>Block rendering: paragraphs and lists, for intros and descriptive text.</summary>
    public static MarkupString Block(string? text) => Render(text, inline: false);

    /// <summary>Inline rendering without the wrapping paragraph, for labels and legends.</summary>
    public static MarkupString Inline(string? text) => Render(text, inline: true);

    /// <summary>
    /// Rendered HTML by the text's own string instance: a published definition's texts stay in memory with
    /// the cached definition (PublishedDefinitions) and are rendered once, not on every page view. A text
    /// built for one request (with piped answers in it) is another instance: rendered afresh, and its entry
    /// goes with it when it is collected, so no respondent's answer outlives their request here.
    /// </summary>
    private static readonly ConditionalWeakTable<string, string> BlockHtml = [], InlineHtml = [];

    private static MarkupString Render(string? text, bool inline)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MarkupString(string.Empty);
        }

        return new MarkupString(inline ? InlineHtml.GetValue(text, static t => Html(t, inline: true)) : BlockHtml.GetValue(text, static t => Html(t, inline: false)));
    }

    private static string Html(string text, bool inline)
    {
        var document = Markdown.Parse(text, Pipeline);
        RemoveUnsafeLinks(document);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = inline && document.Count == 1 && document[0] is ParagraphBlock };
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        var html = writer.ToString();
        return Spans(inline ? html.Trim() : html);
    }

    // The URL is checked as Markdig decoded it (entities and escapes resolved), which is what the
    // browser would follow.
    private static void RemoveUnsafeLinks(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (LinkTarget.IsAllowed(link.GetDynamicUrl?.Invoke() ?? link.Url))
            {
                continue;
            }

            var child = link.FirstChild;
            while (child is not null)
            {
                var next = child.NextSibling;
                child.Remove();
                link.InsertBefore(child);
                child = next;
            }

            link.Remove();
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && !LinkTarget.IsAllowed(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
    }
}
