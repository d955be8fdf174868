using System.Globalization;
using System.Text;
using System.Text.Json;
using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Importing;

/// <summary>
/// Imports a SurveyJS survey JSON. Pages stay pages, panels are flattened into their page, and the
/// common question types map to ours; visibleIf expressions are translated where our condition
/// grammar can say the same. Everything else is listed in the notes.
/// </summary>
public static class SurveyJsImporter
{
    public static ImportResult Import(byte[] file, out string? title)
    {
        ArgumentNullException.ThrowIfNull(file);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(file.AsMemory(file.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0), new JsonDocumentOptions { MaxDepth = 128, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            throw new ImportFormatException($"This is not a SurveyJS survey: the JSON is not valid{where}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ImportFormatException("This is not a SurveyJS survey: the file is not a JSON object.");
            }

            title = Text(root, "title") is { Length: > 0 } t ? t : null;
            return new Reader().Read(root);
        }
    }

    private sealed class Reader
    {
        private readonly List<string> _notes = [];
        private readonly List<string> _earlier = [];
        private readonly ImportCodes _codes = new();

        /// <summary>SurveyJS name → our code, and the question's value → option code map.</summary>
        private readonly Dictionary<string, (string Code, QuestionDefinition Question, Dictionary<string, string> Values)> _names = new(StringComparer.Ordinal);

        public ImportResult Read(JsonElement root)
        {
            foreach (var (key, what) in new[] { ("timeLimit", "time limit"), ("completedHtmlOnCondition", "conditional completion pages"), ("triggers", "triggers"), ("calculatedValues", "calculated values"), ("firstPageIsStartPage", "start page setting") })
            {
                if (root.TryGetProperty(key, out var value) && value.ValueKind is not (JsonValueKind.False or JsonValueKind.Null) && !(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0))
                {
                    _notes.Add($"The survey's {what} (\"{key}\") has no equivalent here and was dropped.");
                }
            }

            var pages = new List<PageDefinition>();
            IEnumerable<JsonElement> sourcePages = root.TryGetProperty("pages", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray()
                : [root];
            var number = 0;
            foreach (var page in sourcePages)
            {
                number++;
                var pageName = Text(page, "title") is { Length: > 0 } pt ? pt : JsonFields.Text(page, "name");
                var condition = Visible(page, $"page \"{(pageName.Length > 0 ? pageName : number.ToString(CultureInfo.InvariantCulture))}\"");
                var questions = new List<QuestionDefinition>();
                foreach (var element in Elements(page))
                {
                    Add(element, null, questions);
                }

                pages.Add(new PageDefinition
                {
                    Title = pageName,
                    Intro = Text(page, "description") is { Length: > 0 } d ? d : null,
                    Condition = condition,
                    Questions = questions,
                });
            }

            return new ImportResult(new SurveyDefinition { Pages = [.. pages.Where(p => p.Questions.Count > 0)] }, _notes);
        }

        private void Add(JsonElement element, string? panelCondition, List<QuestionDefinition> questions)
        {
            var type = JsonFields.Text(element, "type").ToLowerInvariant();
            var name = JsonFields.Text(element, "name");
            if (type == "panel")
            {
                var condition = And(panelCondition, Visible(element, $"panel \"{name}\""));
                _notes.Add($"Panel \"{name}\" was flattened: its questions follow on the same page{(Text(element, "title") is { Length: > 0 } pt ? $" (its title \"{pt}\" was dropped)" : string.Empty)}.");
                foreach (var inner in Elements(element))
                {
                    Add(inner, condition, questions);
                }

                return;
            }

            var label = $"Question \"{name}\"";
            var dropped = type switch
            {
                "expression" => "an expression (a calculated value)",
                "file" => "a file upload",
                "signaturepad" => "a signature pad",
                "image" => "an image",
                "imagepicker" => "an image picker",
                "matrixdropdown" => "a matrix of dropdowns",
                "matrixdynamic" => "a dynamic matrix",
                "paneldynamic" => "a dynamic panel",
                "radiogroup" or "checkbox" or "dropdown" or "tagbox" or "buttongroup" or "rating" or "matrix" or "ranking" or "text" or "comment" or "boolean" or "html" or "multipletext" or "slider" => null,
                _ => $"the type \"{type}\"",
            };
            if (dropped is not null)
            {
                _notes.Add($"{label} is {dropped}, which has no equivalent here; it was not imported.");
                return;
            }

            var code = _codes.Question(name, type == "html" ? "html" : "question", name.Length == 0 ? $"A {type} element" : label, _notes);
            var text = Text(element, "title") is { Length: > 0 } t ? t : type == "html" ? ImportCodes.Text(LocalString(element, "html")) : name.Length > 0 ? name : code;
            var basic = new QuestionDefinition
            {
                Code = code,
                Text = text,
                Help = Text(element, "description") is { Length: > 0 } help ? help : null,
                Required = Bool(element, "isRequired"),
                Condition = And(panelCondition, Visible(element, $"question {code}")),
            };
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            QuestionDefinition question;
            switch (type)
            {
                case "radiogroup" or "dropdown" or "buttongroup" or "checkbox" or "tagbox":
                {
                    var multi = type is "checkbox" or "tagbox";
                    var options = ChoiceList(element, "choices", label, values).ToList();
                    string? other = null;
                    string? none = null;
                    if (Bool(element, "showOtherItem") || Bool(element, "hasOther"))
                    {
                        other = Extra(options, values, "other", Text(element, "otherText") is { Length: > 0 } o ? o : "Other");
                    }

                    if (multi && (Bool(element, "showNoneItem") || Bool(element, "hasNone")))
                    {
                        none = Extra(options, values, "none", Text(element, "noneText") is { Length: > 0 } n ? n : "None");
                    }
                    else if (Bool(element, "showNoneItem") || Bool(element, "hasNone"))
                    {
                        Extra(options, values, "none", Text(element, "noneText") is { Length: > 0 } n ? n : "None");
                    }

                    if (Bool(element, "showSelectAllItem") || Bool(element, "hasSelectAll"))
                    {
                        _notes.Add($"{label}: the \"select all\" item was dropped.");
                    }

                    if (element.TryGetProperty("choicesByUrl", out _))
                    {
                        _notes.Add($"{label}: choices loaded from a web address were not imported; only the listed choices were.");
                    }

                    question = basic with
                    {
                        Type = multi ? QuestionType.MultipleChoice : QuestionType.SingleChoice,
                        Display = type == "dropdown" ? ChoiceDisplay.Dropdown : ChoiceDisplay.Auto,
                        Options = options,
                        OtherOption = other,
                        ExclusiveOption = none,
                        MaxSelections = multi && Num(element, "maxSelectedChoices") is { } most and > 0 ? (int)most : null,
                        MinSelections = multi && Num(element, "minSelectedChoices") is { } least and > 0 ? (int)least : null,
                        Shuffle = JsonFields.Text(element, "choicesOrder") == "random",
                    };
                    if (type == "tagbox")
                    {
                        _notes.Add($"{label}: a tag box became a multiple choice with check boxes.");
                    }

                    if (type == "buttongroup")
                    {
                        _notes.Add($"{label}: a button group became a single choice with radio buttons.");
                    }

                    break;
                }

                case "rating":
                    question = Rating(basic, element, label, values);
                    break;
                case "matrix":
                {
                    var columns = ChoiceList(element, "columns", $"{label} (columns)", values);
                    var rows = ChoiceList(element, "rows", $"{label} (rows)", new Dictionary<string, string>(StringComparer.Ordinal));
                    question = basic with { Type = QuestionType.MatrixSingle, Options = columns, Rows = rows };
                    if (Bool(element, "isAllRowRequired"))
                    {
                        question = question with { Required = true };
                    }

                    break;
                }

                case "ranking":
                    question = basic with { Type = QuestionType.Ranking, Options = ChoiceList(element, "choices", label, values) };
                    break;
                case "text":
                    question = TextInput(basic, element, label);
                    break;
                case "comment":
                    question = basic with { Type = QuestionType.LongText };
                    break;
                case "boolean":
                    question = basic with { Type = QuestionType.YesNo };
                    values["true"] = "yes";
                    values["false"] = "no";
                    if (Text(element, "labelTrue") is { Length: > 0 } || Text(element, "labelFalse") is { Length: > 0 })
                    {
                        _notes.Add($"{label}: the custom yes/no labels were dropped (shown as Yes and No).");
                    }

                    break;
                case "slider":
                    _notes.Add($"{label}: a slider became a number question{(Num(element, "min") is { } a && Num(element, "max") is { } b ? $" from {a.ToString(CultureInfo.InvariantCulture)} to {b.ToString(CultureInfo.InvariantCulture)}" : string.Empty)}.");
                    question = basic with { Type = QuestionType.Number, Min = Num(element, "min"), Max = Num(element, "max") };
                    break;
                case "html":
                    question = basic with { Type = QuestionType.Descriptive, Required = false };
                    break;
                case "multipletext":
                    _notes.Add($"{label}: each item of a multiple text became its own short-text question ({code}_<item>).");
                    foreach (var item in Items(element, "items"))
                    {
                        var partCode = $"{code}_{JsonFields.Text(item, "name")}";
                        if (!_codes.Reserve(partCode))
                        {
                            _notes.Add($"{label}: the item \"{JsonFields.Text(item, "name")}\" would have the code {partCode}, which is not valid or already used; it was not imported.");
                            continue;
                        }

                        var part = basic with { Code = partCode, Text = $"{text}: {(Text(item, "title") is { Length: > 0 } it ? it : JsonFields.Text(item, "name"))}", Type = QuestionType.ShortText };
                        questions.Add(part);
                        _earlier.AddRange(part.AnswerKeys());
                    }

                    return;
                default:
                    return;
            }

            foreach (var key in new[] { "correctAnswer", "validators", "defaultValue", "enableIf", "requiredIf", "choicesVisibleIf" })
            {
                if (element.TryGetProperty(key, out _))
                {
                    _notes.Add($"{label}: \"{key}\" has no equivalent here and was dropped.");
                }
            }

            questions.Add(question);
            _names[name] = (code, question, values);
            _earlier.AddRange(question.AnswerKeys());
        }

        private QuestionDefinition Rating(QuestionDefinition basic, JsonElement element, string label, Dictionary<string, string> values)
        {
            if (element.TryGetProperty("rateValues", out var rateValues) && rateValues.ValueKind == JsonValueKind.Array && rateValues.GetArrayLength() > 0)
            {
                _notes.Add($"{label}: a rating with its own values became a single choice.");
                return basic with { Type = QuestionType.SingleChoice, Options = ChoiceList(element, "rateValues", label, values) };
            }

            var min = Num(element, "rateMin") ?? 1;
            var max = Num(element, "rateMax") ?? (Num(element, "rateCount") is { } count ? min + count - 1 : 5);
            var step = Num(element, "rateStep") ?? 1;
            var low = Text(element, "minRateDescription") is { Length: > 0 } l ? l : Text(element, "mininumRateDescription") is { Length: > 0 } l2 ? l2 : null;
            var high = Text(element, "maxRateDescription") is { Length: > 0 } h ? h : Text(element, "maximumRateDescription") is { Length: > 0 } h2 ? h2 : null;
            if (min == 0 && max == 10 && step == 1)
            {
                return basic with { Type = QuestionType.Nps, LowLabel = low, HighLabel = high };
            }

            if (min == 1 && step == 1 && max is >= 2 and <= 11)
            {
                return basic with { Type = QuestionType.Rating, Scale = (int)max, LowLabel = low, HighLabel = high };
            }

            _notes.Add($"{label}: a rating from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} in steps of {step.ToString(CultureInfo.InvariantCulture)} became a single choice of those values.");
            var points = new List<string>();
            for (var v = min; v <= max && points.Count < 100 && step > 0; v += step)
            {
                points.Add(v.ToString(CultureInfo.InvariantCulture));
            }

            var codes = ImportCodes.Options(points, label, _notes);
            for (var i = 0; i < points.Count; i++)
            {
                values[points[i]] = codes[i];
            }

            return basic with { Type = QuestionType.SingleChoice, Options = [.. points.Select((p, i) => new OptionDefinition(codes[i], p))] };
        }

        private QuestionDefinition TextInput(QuestionDefinition basic, JsonElement element, string label)
        {
            var inputType = JsonFields.Text(element, "inputType").ToLowerInvariant();
            switch (inputType)
            {
                case "" or "text":
                    return basic with { Type = QuestionType.ShortText };
                case "number" or "range":
                    return basic with { Type = QuestionType.Number, Min = Num(element, "min"), Max = Num(element, "max"), WholeNumbers = Num(element, "step") is 1 };
                case "date":
                    return basic with { Type = QuestionType.Date };
                case "email":
                    return basic with { Type = QuestionType.ShortText, Validation = TextValidation.Email };
                default:
                    _notes.Add($"{label}: the input type \"{inputType}\" became plain short text.");
                    return basic with { Type = QuestionType.ShortText };
            }
        }

        private string? Visible(JsonElement element, string what)
        {
            var expression = JsonFields.Text(element, "visibleIf");
            if (expression.Length == 0)
            {
                return null;
            }

            var translated = SurveyJsExpression.Translate(expression, name => _names.TryGetValue(name, out var q) ? (q.Code, q.Question, q.Values) : null, out var reason);
            if (translated is not null)
            {
                var (condition, errors) = ConditionParser.ParseAndCheck(translated, _earlier, []);
                if (condition is not null)
                {
                    return ConditionParser.Format(condition);
                }

                reason = errors[0].Message;
            }

            _notes.Add($"The visibleIf of {what} ({expression}) could not be translated ({reason}); it is always shown.");
            return null;
        }

        private OptionDefinition[] ChoiceList(JsonElement element, string name, string label, Dictionary<string, string> values)
        {
            var raw = new List<(string Value, string Label)>();
            foreach (var item in Items(element, name))
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    var value = JsonFields.Text(item, "value");
                    raw.Add((value, Text(item, "text") is { Length: > 0 } text ? text : value));
                }
                else if (item.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    var value = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
                    raw.Add((value, value));
                }
            }

            var codes = ImportCodes.Options([.. raw.Select(r => r.Value)], label, _notes);
            for (var i = 0; i < raw.Count; i++)
            {
                values[raw[i].Value] = codes[i];
            }

            return [.. raw.Select((r, i) => new OptionDefinition(codes[i], r.Label.Length > 0 ? r.Label : codes[i]))];
        }

        private static string Extra(List<OptionDefinition> options, Dictionary<string, string> values, string code, string label)
        {
            var unique = code;
            for (var n = 2; options.Any(o => string.Equals(o.Code, unique, StringComparison.OrdinalIgnoreCase)); n++)
            {
                unique = $"{code}{n}";
            }

            options.Add(new OptionDefinition(unique, label));
            values[code] = unique;
            return unique;
        }
    }

    private static string? And(string? a, string? b) => QualtricsImporter.And(a, b);

    private static IEnumerable<JsonElement> Elements(JsonElement container) =>
        Items(container, "elements").Concat(Items(container, "questions"));

    private static List<JsonElement> Items(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    /// <summary>A localisable string: plain, or an object of languages ("default", "en", …); the default is taken.</summary>
    private static string LocalString(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return string.Empty;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var key in new[] { "default", "en" })
            {
                if (value.TryGetProperty(key, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return text.GetString()!;
                }
            }

            return value.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.String) is { ValueKind: JsonValueKind.String } first ? first.GetString()! : string.Empty;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
    }

    private static string Text(JsonElement element, string name) => ImportCodes.Text(LocalString(element, name));

    private static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static decimal? Num(JsonElement element, string name) =>
        decimal.TryParse(JsonFields.Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>
/// Translates a SurveyJS expression into our condition grammar: {name} references, = == != &lt;&gt;
/// &lt; &lt;= &gt; &gt;=, empty/notempty, contains/notcontains, anyof/noneof/allof [..], and/or/&amp;&amp;/||,
/// not/!, parentheses. Functions and arithmetic are refused with a reason.
/// </summary>
public static class SurveyJsExpression
{
    public static string? Translate(string expression, Func<string, (string Code, QuestionDefinition Question, Dictionary<string, string> Values)?> lookup, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(lookup);
        var tokens = new List<string>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '{')
            {
                var end = expression.IndexOf('}', i);
                if (end < 0)
                {
                    reason = "a { is not closed";
                    return null;
                }

                tokens.Add(expression[i..(end + 1)]);
                i = end + 1;
            }
            else if (c is '\'' or '"')
            {
                var end = expression.IndexOf(c, i + 1);
                if (end < 0)
                {
                    reason = "a quoted text is not closed";
                    return null;
                }

                tokens.Add(expression[i..(end + 1)]);
                i = end + 1;
            }
            else if ("()[],".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if ("=!<>&|".Contains(c, StringComparison.Ordinal))
            {
                var two = i + 1 < expression.Length ? expression.Substring(i, 2) : string.Empty;
                var op = two is "==" or "!=" or "<>" or "<=" or ">=" or "&&" or "||" ? two : c.ToString();
                tokens.Add(op);
                i += op.Length;
            }
            else
            {
                var start = i;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '_' or '.' or '-'))
                {
                    i++;
                }

                if (i == start)
                {
                    reason = $"the character \"{c}\" is not understood";
                    return null;
                }

                tokens.Add(expression[start..i]);
            }
        }

        var parser = new Parser(tokens, lookup);
        try
        {
            var result = parser.Or();
            if (!parser.AtEnd)
            {
                reason = $"\"{parser.Current}\" is not understood there";
                return null;
            }

            reason = null;
            return result;
        }
        catch (FormatException ex)
        {
            reason = ex.Message;
            return null;
        }
    }

    private sealed class Parser(List<string> tokens, Func<string, (string Code, QuestionDefinition Question, Dictionary<string, string> Values)?> lookup)
    {
        private int _index;

        public bool AtEnd => _index >= tokens.Count;

        public string Current => AtEnd ? "the end" : tokens[_index];

        public string Or()
        {
            var left = And();
            while (Is("or") || Is("||"))
            {
                _index++;
                left = $"({left}) or ({And()})";
            }

            return left;
        }

        private string And()
        {
            var left = Not();
            while (Is("and") || Is("&&"))
            {
                _index++;
                left = $"({left}) and ({Not()})";
            }

            return left;
        }

        private string Not()
        {
            if (Is("not") || Is("!"))
            {
                _index++;
                return $"not ({Not()})";
            }

            if (Is("("))
            {
                _index++;
                var inner = Or();
                Expect(")");
                return inner;
            }

            return Test();
        }

        private string Test()
        {
            if (AtEnd || !Current.StartsWith('{'))
            {
                throw new FormatException(AtEnd ? "it ends too early" : $"only tests of a question are understood, found \"{Current}\" (functions and calculations are not)");
            }

            var reference = Current[1..^1].Trim();
            _index++;
            var (code, question, values) = Resolve(reference);
            var op = AtEnd ? string.Empty : Current.ToLowerInvariant();
            _index++;
            switch (op)
            {
                case "empty":
                    return $"{code} is not answered";
                case "notempty":
                    return $"{code} is answered";
                case "=" or "==" or "!=" or "<>" or "contains" or "notcontains":
                {
                    var value = Value(values, question);
                    var equal = op is "=" or "==" or "contains";
                    return $"{code} {(equal ? "=" : "!=")} {value}";
                }

                case "<" or "<=" or ">" or ">=":
                    return $"{code} {op} {Value(values, question)}";
                case "anyof" or "noneof" or "allof":
                {
                    Expect("[");
                    var list = new List<string> { Value(values, question) };
                    while (Is(","))
                    {
                        _index++;
                        list.Add(Value(values, question));
                    }

                    Expect("]");
                    return op switch
                    {
                        "anyof" => $"{code} in ({string.Join(", ", list)})",
                        "noneof" => $"{code} not in ({string.Join(", ", list)})",
                        _ => string.Join(" and ", list.Select(v => $"{code} = {v}")),
                    };
                }

                default:
                    throw new FormatException($"the operator \"{op}\" is not understood");
            }
        }

        private (string Code, QuestionDefinition Question, Dictionary<string, string> Values) Resolve(string reference)
        {
            if (lookup(reference) is { } direct)
            {
                return direct;
            }

            // {matrix.row} reads one row of a matrix.
            var dot = reference.LastIndexOf('.');
            if (dot > 0 && lookup(reference[..dot]) is { Question.IsMatrix: true } matrix)
            {
                var row = matrix.Question.Rows.FirstOrDefault(r => r.Code == reference[(dot + 1)..] || r.Label == reference[(dot + 1)..]);
                if (row is not null)
                {
                    return (matrix.Question.RowKey(row.Code), matrix.Question, matrix.Values);
                }
            }

            throw new FormatException($"{{{reference}}} is not an earlier question that was imported");
        }

        private string Value(Dictionary<string, string> values, QuestionDefinition question)
        {
            if (AtEnd)
            {
                throw new FormatException("it ends too early");
            }

            var token = Current;
            _index++;
            var raw = token[0] is '\'' or '"' ? token[1..^1] : token;
            if (token.StartsWith('{'))
            {
                throw new FormatException("comparing two questions is not understood");
            }

            if (values.TryGetValue(raw, out var code) || (question.Type == QuestionType.YesNo && values.TryGetValue(raw.ToLowerInvariant(), out code)))
            {
                return code;
            }

            if (question.HasOptions && question.Type != QuestionType.Ranking)
            {
                throw new FormatException($"\"{raw}\" is not one of {question.Code}'s values");
            }

            if (raw.Contains('\'', StringComparison.Ordinal) && raw.Contains('"', StringComparison.Ordinal))
            {
                throw new FormatException("a value holds both kinds of quote");
            }

            var quote = raw.Contains('\'', StringComparison.Ordinal) ? '"' : '\'';
            return new StringBuilder().Append(quote).Append(raw).Append(quote).ToString();
        }

        private bool Is(string token) => !AtEnd && string.Equals(tokens[_index], token, StringComparison.OrdinalIgnoreCase);

        private void Expect(string token)
        {
            if (!Is(token))
            {
                throw new FormatException($"expected \"{token}\", found \"{Current}\"");
            }

            _index++;
        }
    }
}
