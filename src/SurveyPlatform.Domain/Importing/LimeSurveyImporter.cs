using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Importing;

/// <summary>
/// Imports a LimeSurvey survey structure (.lss), modern (text in *_l10ns tables) or legacy (text in
/// a language column). Question groups become pages and the common question types map to ours;
/// relevance equations are translated where they can be. Everything else is listed in the notes.
/// </summary>
public static partial class LimeSurveyImporter
{
    public static ImportResult Import(byte[] file, out string title)
    {
        ArgumentNullException.ThrowIfNull(file);
        XDocument document;
        try
        {
            using var stream = new MemoryStream(file);
            document = XDocument.Load(stream, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new ImportFormatException($"This is not a LimeSurvey .lss file: it is not valid XML ({ex.Message}).");
        }

        if (document.Root?.Name.LocalName != "document" || document.Root.Element("LimeSurveyDocType")?.Value.Trim() != "Survey")
        {
            throw new ImportFormatException("This is not a LimeSurvey survey structure (.lss): there is no <LimeSurveyDocType>Survey</LimeSurveyDocType>.");
        }

        var root = document.Root;
        var language = root.Element("languages")?.Elements("language").FirstOrDefault()?.Value.Trim() ?? "en";
        var notes = new List<string>();

        var settings = Rows(root, "surveys_languagesettings").Where(r => Get(r, "surveyls_language") == language).ToList();
        title = settings.Select(r => Get(r, "surveyls_title")).FirstOrDefault(t => t.Length > 0) ?? "Imported survey";

        var groups = Localised(root, "groups", "group_l10ns", "gid", language);
        var questions = Localised(root, "questions", "question_l10ns", "qid", language);
        var subquestions = Localised(root, "subquestions", "question_l10ns", "qid", language);
        var answers = LocalisedAnswers(root, language);

        var pages = new List<PageDefinition>();
        var earlier = new List<string>();
        foreach (var group in groups.OrderBy(g => Number(Get(g, "group_order"))))
        {
            var gid = Get(group, "gid");
            var page = new PageDefinition
            {
                Title = Text(Get(group, "group_name")),
                Intro = Text(Get(group, "description")) is { Length: > 0 } intro ? intro : null,
                Condition = Translate(Get(group, "grelevance"), $"group {Get(group, "group_name")}", earlier, notes),
            };
            var list = new List<QuestionDefinition>();
            foreach (var q in questions.Where(q => Get(q, "gid") == gid && Get(q, "parent_qid") is "" or "0").OrderBy(q => Number(Get(q, "question_order"))))
            {
                var qid = Get(q, "qid");
                var subs = subquestions.Where(s => Get(s, "parent_qid") == qid).OrderBy(s => Number(Get(s, "question_order"))).ToList();
                var opts = answers.Where(a => Get(a, "qid") == qid).ToList();
                foreach (var mapped in Map(q, subs, opts, notes))
                {
                    var question = mapped with { Condition = Translate(Get(q, "relevance"), $"question {mapped.Code}", earlier, notes) };
                    list.Add(question);
                    earlier.AddRange(question.AnswerKeys());
                }
            }

            pages.Add(page with { Questions = list });
        }

        return new ImportResult(new SurveyDefinition { Pages = [.. pages.Where(p => p.Questions.Count > 0)] }, notes);
    }

    private static IEnumerable<QuestionDefinition> Map(Dictionary<string, string> q, List<Dictionary<string, string>> subs, List<Dictionary<string, string>> answers, List<string> notes)
    {
        var code = Get(q, "title");
        var type = Get(q, "type");
        if (!QuestionDraft.IsValidCode(code))
        {
            notes.Add($"Question \"{code}\" does not have a valid code (a letter, then letters, digits or _, at most 32); it was not imported.");
            yield break;
        }

        var basic = new QuestionDefinition
        {
            Code = code,
            Text = Text(Get(q, "question")) is { Length: > 0 } text ? text : code,
            Help = Text(Get(q, "help")) is { Length: > 0 } help ? help : null,
            Required = Get(q, "mandatory") == "Y",
        };
        var options = Options(answers.Where(a => Get(a, "scale_id") is "" or "0"));
        var rows = Options(subs.Where(s => Get(s, "scale_id") is "" or "0"), "title");
        var other = Get(q, "other") == "Y";

        switch (type)
        {
            case "L":
            case "!":
            case "O":
                if (type == "O")
                {
                    notes.Add($"Question \"{code}\": the comment box of a list with comment was not imported.");
                }

                yield return WithOther(basic with { Type = QuestionType.SingleChoice, Options = options, Display = type == "!" ? ChoiceDisplay.Dropdown : ChoiceDisplay.Auto }, other);
                break;
            case "M":
            case "P":
                if (type == "P")
                {
                    notes.Add($"Question \"{code}\": the comment boxes of a multiple choice with comments were not imported.");
                }

                yield return WithOther(basic with { Type = QuestionType.MultipleChoice, Options = rows }, other);
                break;
            case "5":
                yield return basic with { Type = QuestionType.Rating, Scale = 5 };
                break;
            case "A":
                yield return basic with { Type = QuestionType.MatrixRating, Scale = 5, Rows = rows };
                break;
            case "B":
                yield return basic with { Type = QuestionType.MatrixRating, Scale = 10, Rows = rows };
                break;
            case "F":
            case "H":
                yield return basic with { Type = QuestionType.MatrixSingle, Rows = rows, Options = options };
                break;
            case "E":
                yield return basic with { Type = QuestionType.MatrixSingle, Rows = rows, Options = [new("I", "Increase"), new("S", "Same"), new("D", "Decrease")] };
                break;
            case "C":
                yield return basic with { Type = QuestionType.MatrixSingle, Rows = rows, Options = [new("Y", "Yes"), new("U", "Uncertain"), new("N", "No")] };
                break;
            case "1":
                notes.Add($"Question \"{code}\": a dual-scale array became a matrix of its first scale only.");
                yield return basic with { Type = QuestionType.MatrixSingle, Rows = rows, Options = options };
                break;
            case "R":
                // Older versions keep ranking items as answers, newer ones as subquestions.
                yield return basic with { Type = QuestionType.Ranking, Options = options.Length > 0 ? options : rows };
                break;
            case "S":
                yield return basic with { Type = QuestionType.ShortText };
                break;
            case "T":
            case "U":
                yield return basic with { Type = QuestionType.LongText };
                break;
            case "N":
                yield return basic with { Type = QuestionType.Number };
                break;
            case "D":
                yield return basic with { Type = QuestionType.Date };
                break;
            case "Y":
                yield return basic with { Type = QuestionType.YesNo };
                break;
            case "G":
                yield return basic with { Type = QuestionType.SingleChoice, Options = [new("F", "Female"), new("M", "Male")] };
                break;
            case "X":
                yield return basic with { Type = QuestionType.Descriptive, Required = false };
                break;
            case "Q":
            case "K":
                notes.Add($"Question \"{code}\": each part of a multiple {(type == "Q" ? "short text" : "numeric")} question became its own question ({code}_<part>).");
                foreach (var row in rows)
                {
                    var partCode = $"{code}_{row.Code}";
                    if (QuestionDraft.IsValidCode(partCode))
                    {
                        yield return basic with { Code = partCode, Text = $"{basic.Text}: {row.Label}", Type = type == "Q" ? QuestionType.ShortText : QuestionType.Number };
                    }
                }

                break;
            default:
                notes.Add($"Question \"{code}\" has the LimeSurvey type \"{type}\" ({TypeName(type)}), which has no equivalent here; it was not imported.");
                break;
        }
    }

    private static string TypeName(string type) => type switch
    {
        ":" => "array of numbers",
        ";" => "array of texts",
        "|" => "file upload",
        "*" => "equation",
        "I" => "language switch",
        _ => "unknown",
    };

    private static QuestionDefinition WithOther(QuestionDefinition q, bool other) =>
        other && !q.Options.Any(o => o.Code == "other")
            ? q with { Options = [.. q.Options, new OptionDefinition("other", "Other")], OtherOption = "other" }
            : q;

    private static OptionDefinition[] Options(IEnumerable<Dictionary<string, string>> rows, string codeField = "code") =>
        [.. rows.OrderBy(r => Number(Get(r, "sortorder") is { Length: > 0 } s ? s : Get(r, "question_order")))
            .Select(r => new OptionDefinition(Get(r, codeField), Text(Get(r, r.ContainsKey("answer") ? "answer" : "question")), Number(Get(r, "assessment_value"))))];

    /// <summary>Translates simple LimeSurvey expressions, or notes why it could not and returns null.</summary>
    public static string? Translate(string expression, string what, IReadOnlyCollection<string> earlier, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var trimmed = expression.Trim();
        if (trimmed.Length == 0 || trimmed == "1")
        {
            return null;
        }

        var text = NotEmpty().Replace(trimmed, "$1 is answered");
        text = Empty().Replace(text, "$1 is not answered");
        text = Suffix().Replace(text, "$1");
        text = text.Replace("==", "=", StringComparison.Ordinal).Replace("&&", " and ", StringComparison.Ordinal).Replace("||", " or ", StringComparison.Ordinal);
        text = Regex.Replace(text, @"\band\b|\bor\b", m => m.Value.ToLowerInvariant(), RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

        var (condition, errors) = ConditionParser.ParseAndCheck(text, earlier, []);
        if (condition is null)
        {
            notes.Add($"The relevance of {what} ({trimmed}) could not be translated ({errors[0].Message}); it is always shown.");
            return null;
        }

        return ConditionParser.Format(condition);
    }

    [GeneratedRegex(@"!\s*is_empty\(\s*([A-Za-z]\w*)(?:\.NAOK)?\s*\)")]
    private static partial Regex NotEmpty();

    [GeneratedRegex(@"is_empty\(\s*([A-Za-z]\w*)(?:\.NAOK)?\s*\)")]
    private static partial Regex Empty();

    [GeneratedRegex(@"\b([A-Za-z]\w*)\.(?:NAOK|value|code)\b")]
    private static partial Regex Suffix();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Html();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    private static string Text(string html) => Space().Replace(WebUtility.HtmlDecode(Html().Replace(html, " ")), " ").Trim();

    private static decimal Number(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : 0m;

    private static string Get(Dictionary<string, string> row, string field) => row.TryGetValue(field, out var v) ? v : string.Empty;

    private static List<Dictionary<string, string>> Rows(XElement root, string table) =>
        [.. (root.Element(table)?.Element("rows")?.Elements("row") ?? []).Select(r => r.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value))];

    /// <summary>Rows of a table in one language: merged from its *_l10ns table (modern) or filtered by its language column (legacy).</summary>
    private static List<Dictionary<string, string>> Localised(XElement root, string table, string l10nTable, string key, string language)
    {
        var rows = Rows(root, table);
        var l10n = Rows(root, l10nTable).Where(r => Get(r, "language") == language).GroupBy(r => Get(r, key)).ToDictionary(g => g.Key, g => g.First());
        if (l10n.Count == 0)
        {
            return [.. rows.Where(r => !r.ContainsKey("language") || Get(r, "language") == language)];
        }

        foreach (var row in rows)
        {
            if (l10n.TryGetValue(Get(row, key), out var text))
            {
                foreach (var (field, value) in text.Where(t => t.Key is not ("id" or "language") && t.Key != key))
                {
                    row[field] = value;
                }
            }
        }

        return rows;
    }

    private static List<Dictionary<string, string>> LocalisedAnswers(XElement root, string language)
    {
        var rows = Rows(root, "answers");
        var l10n = Rows(root, "answer_l10ns").Where(r => Get(r, "language") == language).GroupBy(r => Get(r, "aid")).ToDictionary(g => g.Key, g => g.First());
        if (l10n.Count == 0)
        {
            return [.. rows.Where(r => !r.ContainsKey("language") || Get(r, "language") == language)];
        }

        foreach (var row in rows)
        {
            if (l10n.TryGetValue(Get(row, "aid"), out var text))
            {
                row["answer"] = Get(text, "answer");
            }
        }

        return rows;
    }
}
