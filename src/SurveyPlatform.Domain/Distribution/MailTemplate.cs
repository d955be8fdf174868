using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SurveyPlatform.Domain.Distribution;

/// <summary>
/// An invitation or reminder e-mail: a subject and a plain-text body with placeholders
/// <c>{FirstName}</c>, <c>{LastName}</c>, <c>{SurveyTitle}</c>, <c>{SurveyLink}</c>, <c>{OptOutLink}</c>
/// and <c>{CloseDate}</c>. The HTML part is made from the same text (escaped, paragraphs, links), so
/// the two never disagree. The author's text never becomes a link (no Markdown is read here); only
/// the two link placeholders become anchors, and only to targets <see cref="Questionnaires.LinkTarget"/> allows.
/// </summary>
public sealed partial record MailTemplate(string Subject, string Body)
{
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 20_000;

    public static readonly IReadOnlyList<string> Placeholders = ["FirstName", "LastName", "SurveyTitle", "SurveyLink", "OptOutLink", "CloseDate"];

    public static MailTemplate DefaultInvitation { get; } = new(
        "Invitation: {SurveyTitle}",
        "Dear {FirstName},\n\nYou are invited to take part in \"{SurveyTitle}\". Your answers help us and take about ten minutes.\n\nStart here (the link is personal, please do not forward it):\n{SurveyLink}\n\nThe survey closes on {CloseDate}.\n\nIf you do not want to receive e-mails about this survey: {OptOutLink}");

    public static MailTemplate DefaultReminder { get; } = new(
        "Reminder: {SurveyTitle}",
        "Dear {FirstName},\n\nA reminder about \"{SurveyTitle}\": we would value your answers. You can continue where you left off:\n{SurveyLink}\n\nThe survey closes on {CloseDate}.\n\nIf you do not want to receive e-mails about this survey: {OptOutLink}");

    [GeneratedRegex(@"\{([A-Za-z]+)\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Placeholder();

    /// <summary>Every problem with the template: empty parts, unknown placeholders, a body without the survey link.</summary>
    public IReadOnlyList<Questionnaires.FieldError> Problems()
    {
        var problems = new List<Questionnaires.FieldError>();
        if (string.IsNullOrWhiteSpace(Subject) || Subject.Length > SubjectMaxLength || Subject.Contains('\n', StringComparison.Ordinal))
        {
            problems.Add(new(nameof(Subject), $"Enter a subject of one line, up to {SubjectMaxLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(Body) || Body.Length > BodyMaxLength)
        {
            problems.Add(new(nameof(Body), $"Enter a message of up to {BodyMaxLength:N0} characters."));
        }
        else if (!Body.Contains("{SurveyLink}", StringComparison.Ordinal))
        {
            problems.Add(new(nameof(Body), "The message must contain {SurveyLink}, each person's own link to the survey."));
        }

        foreach (var (field, text) in new[] { (nameof(Subject), Subject ?? string.Empty), (nameof(Body), Body ?? string.Empty) })
        {
            foreach (var unknown in Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p)).Distinct(StringComparer.Ordinal))
            {
                problems.Add(new(field, $"{{{unknown}}} is not a placeholder. Use {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))}."));
            }
        }

        return problems;
    }

    /// <summary>The subject, plain text and HTML for one person.</summary>
    public (string Subject, string Text, string Html) Render(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var subject = Fill(Subject, values, v => v.Replace('\r', ' ').Replace('\n', ' '));
        var text = Fill(Body, values, v => v);
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        foreach (var paragraph in Body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            html.Append("<p>");
            html.Append(string.Join("<br>", paragraph.Split('\n').Select(line => FillHtml(line, values))));
            html.Append("</p>");
        }

        html.Append("</body></html>");
        return (subject, text, html.ToString());
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> values, Func<string, string> clean) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? clean(v) : m.Value);

    private static string FillHtml(string line, IReadOnlyDictionary<string, string> values)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match m in Placeholder().Matches(line))
        {
            result.Append(WebUtility.HtmlEncode(line[last..m.Index]));
            var name = m.Groups[1].Value;
            if (!values.TryGetValue(name, out var value))
            {
                result.Append(WebUtility.HtmlEncode(m.Value));
            }
            else if (name is "SurveyLink" or "OptOutLink" && Questionnaires.LinkTarget.IsAllowed(value))
            {
                var encoded = WebUtility.HtmlEncode(value);
                result.Append(System.Globalization.CultureInfo.InvariantCulture, $"<a href=\"{encoded}\">{encoded}</a>");
            }
            else
            {
                result.Append(WebUtility.HtmlEncode(value));
            }

            last = m.Index + m.Length;
        }

        result.Append(WebUtility.HtmlEncode(line[last..]));
        return result.ToString();
    }
}
