using System.Net;
using System.Text.RegularExpressions;

namespace SurveyPlatform.LoadTest;

/// <summary>One control of a survey form: an input, a select (with its options' values) or a textarea.</summary>
internal sealed record FormControl(string Tag, string? Name, string Type, string Value, string? Id, string? InputMode, IReadOnlyList<string> Options);

/// <summary>
/// The survey form of a respondent page (<c>form[data-answers]</c>), read by scanning its tags: the
/// controls and their attributes are all the tool needs, and a full DOM (AngleSharp parsed every page
/// before) cost the tool about as much CPU as the server spent rendering it, on the same two cores.
/// The app writes well-formed HTML with quoted, encoded attribute values, which is what this reads.
/// </summary>
internal static partial class PageForm
{
    /// <summary>The form's controls in document order, or null when the page shows no survey form.</summary>
    public static List<FormControl>? Read(string html)
    {
        var start = FormStart().Match(html);
        if (!start.Success)
        {
            return null;
        }

        var from = start.Index + start.Length;
        var end = html.IndexOf("</form>", from, StringComparison.OrdinalIgnoreCase);
        var body = html[from..(end < 0 ? html.Length : end)];
        var controls = new List<FormControl>();
        List<string>? options = null;
        foreach (Match tag in ControlTag().Matches(body))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (tag.Groups["close"].Success)
            {
                options = name == "select" ? null : options;
                continue;
            }

            var attributes = Attributes(tag.Groups["attributes"].Value);
            switch (name)
            {
                case "option" when options is not null:
                    // An option without a value attribute has its text as its value.
                    options.Add(attributes.TryGetValue("value", out var value) ? value : Text(body, tag.Index + tag.Length));
                    break;
                case "option":
                    break;
                default:
                    options = name == "select" ? [] : null;
                    var control = new FormControl(
                        name,
                        attributes.GetValueOrDefault("name"),
                        name == "input" ? attributes.GetValueOrDefault("type")?.ToLowerInvariant() ?? "text" : name,
                        attributes.GetValueOrDefault("value") ?? string.Empty,
                        attributes.GetValueOrDefault("id"),
                        attributes.GetValueOrDefault("inputmode"),
                        (IReadOnlyList<string>?)options ?? []);
                    controls.Add(control);
                    break;
            }
        }

        return controls;
    }

    /// <summary>The text of the first element whose opening tag matches <paramref name="openingTag"/>, up to its closing tag (for error messages).</summary>
    public static string? TextOf(string html, string openingTag, string closingTag)
    {
        var start = html.IndexOf(openingTag, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        var end = html.IndexOf(closingTag, start, StringComparison.OrdinalIgnoreCase);
        var inner = html[start..(end < 0 ? html.Length : end)];
        return WebUtility.HtmlDecode(AnyTag().Replace(inner[(inner.IndexOf('>', StringComparison.Ordinal) + 1)..], " ")).Trim();
    }

    private static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in Attribute().Matches(text))
        {
            var value = attribute.Groups["double"].Success ? attribute.Groups["double"].Value
                : attribute.Groups["single"].Success ? attribute.Groups["single"].Value
                : attribute.Groups["bare"].Value;
            attributes.TryAdd(attribute.Groups["name"].Value, WebUtility.HtmlDecode(value));
        }

        return attributes;
    }

    private static string Text(string body, int from)
    {
        var end = body.IndexOf('<', from);
        return WebUtility.HtmlDecode(body[from..(end < 0 ? body.Length : end)]).Trim();
    }

    [GeneratedRegex(@"<form\b[^>]*\sdata-answers\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FormStart();

    [GeneratedRegex(@"<(?<close>/)?(?<name>input|select|option|textarea)\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ControlTag();

    [GeneratedRegex(@"(?<name>[^\s""'>/=]+)(?:\s*=\s*(?:""(?<double>[^""]*)""|'(?<single>[^']*)'|(?<bare>[^\s""'>]+)))?")]
    private static partial Regex Attribute();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();
}
