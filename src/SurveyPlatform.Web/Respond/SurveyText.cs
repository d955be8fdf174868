using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Microsoft.AspNetCore.Components;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// Survey text is a Markdown subset rendered with raw HTML disabled, so an author cannot put
/// script (or any HTML) into a respondent's page.
/// </summary>
public static class SurveyText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseEmphasisExtras().Build();

    /// <summary>Block rendering: paragraphs and lists, for intros and descriptive text.</summary>
    public static MarkupString Block(string? text) =>
        new(string.IsNullOrWhiteSpace(text) ? string.Empty : Markdown.ToHtml(text, Pipeline));

    /// <summary>Inline rendering without the wrapping paragraph, for labels and legends.</summary>
    public static MarkupString Inline(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MarkupString(string.Empty);
        }

        var document = Markdown.Parse(text, Pipeline);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = document.Count == 1 && document[0] is ParagraphBlock };
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return new MarkupString(writer.ToString().Trim());
    }
}
