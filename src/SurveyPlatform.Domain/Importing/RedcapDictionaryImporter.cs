using System.Globalization;
using System.Text.RegularExpressions;
using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Importing;

/// <summary>
/// Imports a REDCap data dictionary (CSV, 17 or 18 columns, found by header name). Forms become
/// pages, section headers page intros or descriptive text, and fields questions; branching logic is
/// translated into our condition grammar where it can be. Everything else is listed in the notes.
/// </summary>
public static partial class RedcapDictionaryImporter
{
    private const string FieldName = "Variable / Field Name";
    private const string FormName = "Form Name";
    private const string SectionHeader = "Section Header";
    private const string FieldType = "Field Type";
    private const string FieldLabel = "Field Label";
    private const string Choices = "Choices, Calculations, OR Slider Labels";
    private const string FieldNote = "Field Note";
    private const string Validation = "Text Validation Type OR Show Slider Number";
    private const string ValidationMin = "Text Validation Min";
    private const string ValidationMax = "Text Validation Max";
    private const string Branching = "Branching Logic (Show field only if...)";
    private const string RequiredField = "Required Field?";
    private const string MatrixGroup = "Matrix Group Name";

    public static ImportResult Import(byte[] file)
    {
        var rows = CsvTable.Parse(CsvTable.Decode(file));
        if (rows.Count == 0)
        {
            throw new ImportFormatException("The file is empty.");
        }

        var header = rows[0].Select(h => h.Trim()).ToList();
        int Column(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        if (Column(FieldName) != 0 || Column(FieldType) < 0 || Column(FieldLabel) < 0)
        {
            throw new ImportFormatException($"This is not a REDCap data dictionary: the first row must start with \"{FieldName}\" and name the \"{FieldType}\" and \"{FieldLabel}\" columns.");
        }

        var notes = new List<string>();
        var pages = new List<(string Form, string? Intro, List<QuestionDefinition> Questions)>();
        var known = new List<string>();
        var sectionCount = 0;
        string Cell(string[] row, string name)
        {
            var index = Column(name);
            return index >= 0 && index < row.Length ? row[index].Trim() : string.Empty;
        }

        var records = rows.Skip(1).Select((row, index) => (Row: row, Line: index + 2)).ToList();
        for (var r = 0; r < records.Count; r++)
        {
            var (row, line) = records[r];
            var name = Cell(row, FieldName);
            var form = Cell(row, FormName);
            if (pages.Count == 0 || pages[^1].Form != form)
            {
                pages.Add((form, null, []));
            }

            var page = pages[^1];
            var section = StripHtml(Cell(row, SectionHeader));
            if (section.Length > 0)
            {
                if (page.Questions.Count == 0 && page.Intro is null)
                {
                    pages[^1] = page with { Intro = section };
                }
                else
                {
                    page.Questions.Add(new QuestionDefinition { Code = $"section_{++sectionCount}", Text = section, Type = QuestionType.Descriptive });
                }
            }

            var code = Code(name, line, notes);
            if (code is null)
            {
                continue;
            }

            var type = Cell(row, FieldType).ToLowerInvariant();
            var group = Cell(row, MatrixGroup);
            if (group.Length > 0 && type is "radio" or "dropdown")
            {
                // A matrix group: consecutive radio fields that share the group and its choices.
                var members = new List<(string[] Row, int Line)> { (row, line) };
                while (r + 1 < records.Count && Cell(records[r + 1].Row, MatrixGroup) == group && Cell(records[r + 1].Row, FieldType).Equals(type, StringComparison.OrdinalIgnoreCase))
                {
                    members.Add(records[++r]);
                }

                var groupCode = Code(group, line, notes) ?? code;
                page.Questions.Add(new QuestionDefinition
                {
                    Code = groupCode,
                    Text = StripHtml(Cell(row, SectionHeader)) is { Length: > 0 } title ? title : group,
                    Type = QuestionType.MatrixSingle,
                    Required = members.All(m => Cell(m.Row, RequiredField) == "y"),
                    Options = ParseChoices(Cell(row, Choices), line, notes),
                    Rows = [.. members.Select(m => new OptionDefinition(Code(Cell(m.Row, FieldName), m.Line, notes) ?? "row", StripHtml(Cell(m.Row, FieldLabel))))],
                    Condition = Translate(Cell(row, Branching), code, known, line, notes),
                });
                notes.Add($"Line {line}: matrix group \"{group}\" became one matrix question; its fields are exported as {groupCode}_<field>.");
                known.AddRange(page.Questions[^1].AnswerKeys());
                continue;
            }

            var question = Map(type, code, row, line, notes, Cell);
            if (question is null)
            {
                continue;
            }

            if (group.Length > 0)
            {
                notes.Add($"Line {line}: \"{name}\" is in matrix group \"{group}\"; only radio and dropdown groups become matrices, so it was imported on its own.");
            }

            question = question with
            {
                Help = Cell(row, FieldNote) is { Length: > 0 } note ? StripHtml(note) : null,
                Required = Cell(row, RequiredField).Equals("y", StringComparison.OrdinalIgnoreCase) && question.Type != QuestionType.Descriptive,
                Condition = Translate(Cell(row, Branching), code, known, line, notes),
            };
            page.Questions.Add(question);
            known.AddRange(question.AnswerKeys());
        }

        var definition = new SurveyDefinition
        {
            Pages = [.. pages.Where(p => p.Questions.Count > 0).Select(p => new PageDefinition { Title = Humanise(p.Form), Intro = p.Intro, Questions = p.Questions })],
        };
        return new ImportResult(definition, notes);
    }

    private static QuestionDefinition? Map(string type, string code, string[] row, int line, List<string> notes, Func<string[], string, string> cell)
    {
        var label = StripHtml(cell(row, FieldLabel));
        var basic = new QuestionDefinition { Code = code, Text = label.Length > 0 ? label : code };
        switch (type)
        {
            case "radio":
                return basic with { Type = QuestionType.SingleChoice, Options = ParseChoices(cell(row, Choices), line, notes) };
            case "dropdown":
                return basic with { Type = QuestionType.SingleChoice, Display = ChoiceDisplay.Dropdown, Options = ParseChoices(cell(row, Choices), line, notes) };
            case "checkbox":
                return basic with { Type = QuestionType.MultipleChoice, Options = ParseChoices(cell(row, Choices), line, notes) };
            case "yesno":
                return basic with { Type = QuestionType.SingleChoice, Options = [new("1", "Yes"), new("0", "No")] };
            case "truefalse":
                return basic with { Type = QuestionType.SingleChoice, Options = [new("1", "True"), new("0", "False")] };
            case "notes":
                return basic with { Type = QuestionType.LongText };
            case "descriptive":
                return basic with { Type = QuestionType.Descriptive };
            case "slider":
                notes.Add($"Line {line}: slider \"{code}\" became a number from 0 to 100 (sliders are not a question type here).");
                return basic with { Type = QuestionType.Number, Min = 0, Max = 100 };
            case "text":
                return Text(basic, cell(row, Validation), cell(row, ValidationMin), cell(row, ValidationMax), line, notes);
            case "calc" or "file" or "sql":
                notes.Add($"Line {line}: \"{code}\" is a {type} field, which has no equivalent here; it was not imported.");
                return null;
            default:
                notes.Add($"Line {line}: \"{code}\" has the unknown field type \"{type}\"; it was not imported.");
                return null;
        }
    }

    private static QuestionDefinition Text(QuestionDefinition q, string validation, string min, string max, int line, List<string> notes)
    {
        var v = validation.ToLowerInvariant();
        if (v.Length == 0)
        {
            return q with { Type = QuestionType.ShortText };
        }

        if (v == "date_ymd" || v == "date_mdy" || v == "date_dmy")
        {
            return q with { Type = QuestionType.Date };
        }

        if (v == "email")
        {
            return q with { Type = QuestionType.ShortText, Validation = TextValidation.Email };
        }

        if (v == "integer" || v == "number" || NumberDp().IsMatch(v))
        {
            return q with { Type = QuestionType.Number, WholeNumbers = v == "integer", Min = Bound(min, line, notes), Max = Bound(max, line, notes) };
        }

        if (v.StartsWith("number", StringComparison.Ordinal) && v.EndsWith("comma_decimal", StringComparison.Ordinal))
        {
            notes.Add($"Line {line}: \"{q.Code}\" uses {validation}; it became a number entered with a decimal point.");
            return q with { Type = QuestionType.Number, Min = Bound(min.Replace(',', '.'), line, notes), Max = Bound(max.Replace(',', '.'), line, notes) };
        }

        if (Patterns.TryGetValue(v, out var pattern))
        {
            return q with { Type = QuestionType.ShortText, Validation = TextValidation.Regex, Pattern = pattern };
        }

        notes.Add($"Line {line}: \"{q.Code}\" uses the validation \"{validation}\", which has no equivalent here; it became plain text.");
        return q with { Type = QuestionType.ShortText };
    }

    private static readonly Dictionary<string, string> Patterns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["alpha_only"] = "[A-Za-z]+",
        ["phone"] = @"\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}",
        ["zipcode"] = @"[0-9]{5}(-[0-9]{4})?",
        ["time"] = "([01][0-9]|2[0-3]):[0-5][0-9]",
        ["time_hh_mm_ss"] = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]",
        ["time_mm_ss"] = "[0-5][0-9]:[0-5][0-9]",
        ["ssn"] = "[0-9]{3}-[0-9]{2}-[0-9]{4}",
        ["mrn_10d"] = "[0-9]{10}",
        ["postalcode_germany"] = "[0-9]{5}",
        ["postalcode_french"] = "[0-9]{5}",
        ["postalcode_australia"] = "[0-9]{4}",
        ["postalcode_canada"] = "[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]",
    };

    [GeneratedRegex("^number_[1-4]dp$")]
    private static partial Regex NumberDp();

    private static decimal? Bound(string text, int line, List<string> notes)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        notes.Add($"Line {line}: the bound \"{text}\" is not a number and was left out.");
        return null;
    }

    private static OptionDefinition[] ParseChoices(string choices, int line, List<string> notes)
    {
        var options = new List<OptionDefinition>();
        foreach (var part in choices.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = part.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0)
            {
                notes.Add($"Line {line}: the choice \"{part}\" has no \"code, label\" form and was left out.");
                continue;
            }

            var raw = part[..comma].Trim();
            var code = new string([.. raw.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);
            if (raw.StartsWith('-'))
            {
                code = "m" + code.TrimStart('_');
            }

            if (code != raw)
            {
                notes.Add($"Line {line}: the choice code \"{raw}\" became \"{code}\" (codes use letters, digits and _).");
            }

            options.Add(new OptionDefinition(code, StripHtml(part[(comma + 1)..].Trim())));
        }

        return [.. options];
    }

    private static string? Code(string name, int line, List<string> notes)
    {
        if (name.Length == 0)
        {
            notes.Add($"Line {line}: the row has no variable name and was skipped.");
            return null;
        }

        var code = name.Length > QuestionDraft.MaxCodeLength ? name[..QuestionDraft.MaxCodeLength] : name;
        if (code != name)
        {
            notes.Add($"Line {line}: \"{name}\" is longer than {QuestionDraft.MaxCodeLength} characters and became \"{code}\".");
        }

        if (!QuestionDraft.IsValidCode(code))
        {
            notes.Add($"Line {line}: \"{name}\" is not a valid variable name; the row was skipped.");
            return null;
        }

        return code;
    }

    /// <summary>Translates REDCap branching logic, or notes why it could not and returns null (always shown).</summary>
    public static string? Translate(string logic, string code, IReadOnlyCollection<string> earlier, int line, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (string.IsNullOrWhiteSpace(logic))
        {
            return null;
        }

        var text = Checkbox().Replace(logic, m =>
        {
            var negate = (m.Groups[3].Value is "<>" or "!=") ^ (m.Groups[4].Value == "0");
            return $"{m.Groups[1].Value} {(negate ? "!=" : "=")} {m.Groups[2].Value}";
        });
        text = Blank().Replace(text, m => $"{m.Groups[1].Value} {(m.Groups[2].Value == "=" ? "is not answered" : "is answered")}");
        text = Field().Replace(text, "$1");
        text = text.Replace("<>", "!=", StringComparison.Ordinal);

        var later = Array.Empty<string>();
        var (condition, errors) = ConditionParser.ParseAndCheck(text, earlier, later);
        if (condition is null)
        {
            notes.Add($"Line {line}: the branching logic of \"{code}\" ({logic}) could not be translated ({errors[0].Message}); the question is always shown.");
            return null;
        }

        return ConditionParser.Format(condition);
    }

    [GeneratedRegex(@"\[(\w+)\((\w+)\)\]\s*(=|<>|!=)\s*['""]?([01])['""]?")]
    private static partial Regex Checkbox();

    [GeneratedRegex(@"\[(\w+)\]\s*(=|<>|!=)\s*(''|"""")")]
    private static partial Regex Blank();

    [GeneratedRegex(@"\[(\w+)\]")]
    private static partial Regex Field();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Html();

    private static string StripHtml(string text) => Html().Replace(text, string.Empty).Trim();

    private static string Humanise(string form)
    {
        var words = form.Replace('_', ' ').Trim();
        return words.Length == 0 ? "Page" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
