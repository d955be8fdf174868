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
public static class SurveyText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseEmphasisExtras().Build();

    /// <summary>Block rendering: paragraphs and lists, for intros and descriptive text.</summary>
    public static MarkupString Block(string? text) => Render(text, inline: false);

    /// <summary>Inline rendering without the wrapping paragraph, for labels and legends.</summary>
    public static MarkupString Inline(string? text) => Render(text, inline: true);

    private static MarkupString Render(string? text, bool inline)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MarkupString(string.Empty);
        }

        var document = Markdown.Parse(text, Pipeline);
        RemoveUnsafeLinks(document);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = inline && document.Count == 1 && document[0] is ParagraphBlock };
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return new MarkupString(inline ? writer.ToString().Trim() : writer.ToString());
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
