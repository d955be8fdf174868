using System.Globalization;
using System.Text.Json;
using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Importing;

/// <summary>
/// Imports a Qualtrics survey file (.qsf, JSON). Blocks become pages in the survey flow's order (a
/// page break inside a block starts a new page); the common question types map to ours with their
/// recode values as option codes; display logic, skip logic and branch logic become show-if
/// conditions where our grammar can say the same; embedded data read by logic becomes participant
/// attributes. Everything else is listed in the notes.
/// </summary>
public static class QualtricsImporter
{
    /// <summary>What logic needs to know about an imported question: its code(s) and option codes by Qualtrics id.</summary>
    private sealed record Mapped(string Code, QuestionDefinition? Question, Dictionary<string, string> Choices, Dictionary<string, string> Answers, Dictionary<string, string> Parts);

    private sealed class PageDraft
    {
        public required string Title { get; init; }
        public string? Condition { get; set; }
        public List<(string Qid, QuestionDefinition Question)> Questions { get; } = [];
        public required string BlockId { get; init; }
    }

    public static ImportResult Import(byte[] file, out string? title)
    {
        ArgumentNullException.ThrowIfNull(file);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(file.AsMemory(file.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0), new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            throw new ImportFormatException($"This is not a Qualtrics .qsf file: the JSON is not valid{where}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("SurveyEntry", out var entry) || !root.TryGetProperty("SurveyElements", out var elements) || elements.ValueKind != JsonValueKind.Array)
            {
                throw new ImportFormatException("This is not a Qualtrics .qsf file: it has no \"SurveyEntry\" and \"SurveyElements\".");
            }

            title = JsonFields.Text(entry, "SurveyName") is { Length: > 0 } name ? name : null;
            return new Reader(elements).Read();
        }
    }

    private sealed class Reader
    {
        private readonly List<string> _notes = [];
        private readonly Dictionary<string, JsonElement> _questions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonElement> _blocks = new(StringComparer.Ordinal);
        private readonly List<string> _blockOrder = [];
        private readonly JsonElement? _flow;
        private readonly Dictionary<string, Mapped> _mapped = new(StringComparer.Ordinal);
        private readonly List<string> _earlier = [];
        private readonly List<string> _attributes = [];
        private readonly ImportCodes _codes = new();

        public Reader(JsonElement elements)
        {
            foreach (var element in elements.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("Payload", out var payload))
                {
                    continue;
                }

                switch (JsonFields.Text(element, "Element"))
                {
                    case "SQ" when payload.ValueKind == JsonValueKind.Object && JsonFields.Text(payload, "QuestionID") is { Length: > 0 } qid:
                        _questions[qid] = payload;
                        break;
                    case "BL":
                        foreach (var block in Items(payload))
                        {
                            if (JsonFields.Text(block, "ID") is { Length: > 0 } id && _blocks.TryAdd(id, block))
                            {
                                _blockOrder.Add(id);
                            }
                        }

                        break;
                    case "FL" when payload.ValueKind == JsonValueKind.Object:
                        _flow = payload;
                        break;
                }
            }
        }

        public ImportResult Read()
        {
            var order = new List<(string BlockId, string? Condition)>();
            if (_flow is { } flow && flow.TryGetProperty("Flow", out var items))
            {
                Walk(items, null, order);
            }
            else
            {
                order.AddRange(_blockOrder.Where(id => JsonFields.Text(_blocks[id], "Type") != "Trash").Select(id => (id, (string?)null)));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pages = new List<PageDraft>();
            foreach (var (blockId, condition) in order)
            {
                if (!_blocks.TryGetValue(blockId, out var block))
                {
                    _notes.Add($"The survey flow names the block {blockId}, which is not in the file; it was skipped.");
                    continue;
                }

                if (!seen.Add(blockId))
                {
                    _notes.Add($"Block \"{BlockName(block)}\" appears in the survey flow more than once; it was imported once, where it first appears.");
                    continue;
                }

                pages.AddRange(ReadBlock(block, condition));
            }

            foreach (var id in _blockOrder.Where(id => !seen.Contains(id)))
            {
                var block = _blocks[id];
                var count = Array(block, "BlockElements").Count(e => JsonFields.Text(e, "Type") == "Question");
                if (JsonFields.Text(block, "Type") == "Trash")
                {
                    if (count > 0)
                    {
                        _notes.Add($"{count} question(s) in the trash (\"Trash / Unused Questions\") were not imported.");
                    }
                }
                else if (count > 0)
                {
                    _notes.Add($"Block \"{BlockName(block)}\" is not in the survey flow, so respondents never see it; its {count} question(s) were not imported.");
                }
            }

            ApplySkipLogic(pages);
            var definition = new SurveyDefinition
            {
                Pages = [.. pages.Where(p => p.Questions.Count > 0).Select(p => new PageDefinition { Title = p.Title, Condition = p.Condition, Questions = [.. p.Questions.Select(q => q.Question)] })],
            };
            return new ImportResult(definition, _notes) { ParticipantAttributes = [.. _attributes.Distinct(StringComparer.OrdinalIgnoreCase)] };
        }

        private void Walk(JsonElement flow, string? condition, List<(string, string?)> order)
        {
            foreach (var item in Items(flow))
            {
                var type = JsonFields.Text(item, "Type");
                switch (type)
                {
                    case "Block" or "Standard" when JsonFields.Text(item, "ID") is { Length: > 0 } id:
                        order.Add((id, condition));
                        break;
                    case "Branch":
                        string? reason = "no condition";
                        var branch = item.TryGetProperty("BranchLogic", out var logic) ? Logic(logic, _earlier, out reason) : null;
                        if (branch is null)
                        {
                            _notes.Add($"A branch in the survey flow ({Describe(item)}) could not be translated ({reason}); the blocks inside it are always shown.");
                        }

                        if (item.TryGetProperty("Flow", out var inner))
                        {
                            Walk(inner, And(condition, branch), order);
                        }

                        break;
                    case "BlockRandomizer" or "Randomizer":
                        _notes.Add("A randomizer in the survey flow was imported in its listed order (every element shown, none randomised).");
                        if (item.TryGetProperty("Flow", out var randomised))
                        {
                            Walk(randomised, condition, order);
                        }

                        break;
                    case "Group":
                        if (item.TryGetProperty("Flow", out var grouped))
                        {
                            Walk(grouped, condition, order);
                        }

                        break;
                    case "EmbeddedData":
                        foreach (var field in Array(item, "EmbeddedData"))
                        {
                            var name = JsonFields.Text(field, "Field");
                            if (ParticipantReference.IsName(name))
                            {
                                _attributes.Add(name);
                                _notes.Add($"Embedded data \"{name}\" became the participant attribute participant.{name}: give participants that attribute when you invite them{(JsonFields.Text(field, "Value") is { Length: > 0 } v ? $" (the value \"{v}\" set in the survey flow was not imported)" : string.Empty)}.");
                            }
                            else
                            {
                                _notes.Add($"Embedded data \"{name}\" is not a valid attribute name (letters, digits and _), so it was not imported.");
                            }
                        }

                        break;
                    case "EndSurvey":
                        _notes.Add("An \"End of survey\" element in the survey flow was ignored: every block after it is imported.");
                        break;
                    default:
                        _notes.Add($"The survey flow element \"{type}\" ({Describe(item)}) has no equivalent here and was ignored.");
                        break;
                }
            }
        }

        private IEnumerable<PageDraft> ReadBlock(JsonElement block, string? condition)
        {
            var name = BlockName(block);
            var page = new PageDraft { Title = name, Condition = condition, BlockId = JsonFields.Text(block, "ID") };
            var part = 1;
            foreach (var element in Array(block, "BlockElements"))
            {
                var type = JsonFields.Text(element, "Type");
                if (type == "Page Break")
                {
                    if (page.Questions.Count > 0)
                    {
                        yield return page;
                        page = new PageDraft { Title = $"{name} ({++part})", Condition = condition, BlockId = page.BlockId };
                    }

                    continue;
                }

                if (type != "Question" || JsonFields.Text(element, "QuestionID") is not { Length: > 0 } qid)
                {
                    continue;
                }

                if (!_questions.TryGetValue(qid, out var payload))
                {
                    _notes.Add($"Block \"{name}\" lists question {qid}, which is not in the file; it was skipped.");
                    continue;
                }

                foreach (var question in MapQuestion(qid, payload))
                {
                    page.Questions.Add((qid, question));
                    _earlier.AddRange(question.AnswerKeys());
                }
            }

            if (block.TryGetProperty("Options", out var options) && JsonFields.Text(options, "BlockLocking") == "true")
            {
                _notes.Add($"Block \"{name}\": block locking has no equivalent here and was ignored.");
            }

            yield return page;
        }

        private IEnumerable<QuestionDefinition> MapQuestion(string qid, JsonElement q)
        {
            var tag = JsonFields.Text(q, "DataExportTag") is { Length: > 0 } t ? t : qid;
            var type = JsonFields.Text(q, "QuestionType");
            var selector = JsonFields.Text(q, "Selector");
            var sub = JsonFields.Text(q, "SubSelector");
            var label = $"Question \"{tag}\"";
            var text = ImportCodes.Text(JsonFields.Text(q, "QuestionText")) is { Length: > 0 } qt ? qt : tag;
            if (text.Contains("${", StringComparison.Ordinal))
            {
                _notes.Add($"{label}: its text pipes Qualtrics values (${{…}}); they were left as written.");
            }

            var required = q.TryGetProperty("Validation", out var validation) && validation.TryGetProperty("Settings", out var settings) && JsonFields.Text(settings, "ForceResponse") == "ON";
            var unsupported = type switch
            {
                "MC" or "Matrix" or "Slider" or "TE" or "RO" or "DB" => null,
                "SBS" => "side-by-side",
                "CS" => "constant sum",
                "HeatMap" or "HotSpot" or "HL" => "heat map / hot spot / highlight",
                "FileUpload" => "file upload",
                "Timing" => "page timer",
                "Meta" => "meta info",
                "Captcha" => "captcha",
                "Draw" => "signature",
                "PGR" => "pick, group and rank",
                "GAP" => "gap analysis",
                "Tree" => "drill down",
                _ => "unknown",
            };
            if (unsupported is not null)
            {
                _notes.Add($"{label} is a Qualtrics \"{type}\" question ({unsupported}), which has no equivalent here; it was not imported.");
                yield break;
            }

            if (type == "MC" && selector == "NPS")
            {
                type = "NPS";
            }

            var code = _codes.Question(tag, "q_" + qid, label, _notes);
            var basic = new QuestionDefinition { Code = code, Text = text, Required = required };
            var condition = Condition(q, code);
            var (choiceIds, choiceLabels) = Choices(q, "Choices", "ChoiceOrder");
            var recodes = Recodes(q);
            Dictionary<string, string> choiceCodes = new(StringComparer.Ordinal);
            Dictionary<string, string> answerCodes = new(StringComparer.Ordinal);
            Dictionary<string, string> parts = new(StringComparer.Ordinal);

            if (q.TryGetProperty("Choices", out var choiceNodes) && choiceNodes.ValueKind == JsonValueKind.Object
                && choiceNodes.EnumerateObject().Any(c => c.Value.ValueKind == JsonValueKind.Object && c.Value.TryGetProperty("DisplayLogic", out _)))
            {
                _notes.Add($"{label}: display logic on individual choices was not imported (every choice is shown).");
            }

            QuestionDefinition? single = null;
            var many = new List<QuestionDefinition>();
            switch (type)
            {
                case "NPS":
                    single = basic with { Type = QuestionType.Nps };
                    break;
                case "MC":
                {
                    var values = choiceIds.Select(id => recodes.TryGetValue(id, out var r) ? r : id).ToList();
                    var codes = ImportCodes.Options(values, $"{label} (recode values)", _notes);
                    var options = choiceLabels.Select((l, i) => new OptionDefinition(codes[i], l.Length > 0 ? l : codes[i])).ToArray();
                    for (var i = 0; i < choiceIds.Count; i++)
                    {
                        choiceCodes[choiceIds[i]] = codes[i];
                    }

                    var multi = selector is "MAVR" or "MAHR" or "MACOL" or "MSB";
                    if (!multi && selector is not ("SAVR" or "SAHR" or "SACOL" or "DL" or "SB"))
                    {
                        _notes.Add($"{label}: the multiple-choice layout \"{selector}\" became a plain {(selector.StartsWith("MA", StringComparison.Ordinal) ? "multiple" : "single")} choice.");
                        multi = selector.StartsWith("MA", StringComparison.Ordinal);
                    }

                    var entry = choiceIds.Where(id => ChoiceFlag(q, id, "TextEntry")).Select(id => choiceCodes[id]).ToList();
                    var exclusive = multi ? choiceIds.Where(id => ChoiceFlag(q, id, "ExclusiveAnswer")).Select(id => choiceCodes[id]).ToList() : [];
                    single = basic with
                    {
                        Type = multi ? QuestionType.MultipleChoice : QuestionType.SingleChoice,
                        Display = selector is "DL" or "SB" ? ChoiceDisplay.Dropdown : ChoiceDisplay.Auto,
                        Options = options,
                        OtherOption = entry.FirstOrDefault(),
                        ExclusiveOption = exclusive.FirstOrDefault(),
                    };
                    if (entry.Count > 1)
                    {
                        _notes.Add($"{label}: only the first choice with a text box ({entry[0]}) asks \"please specify\"; the text boxes of {string.Join(", ", entry.Skip(1))} were dropped.");
                    }

                    if (exclusive.Count > 1)
                    {
                        _notes.Add($"{label}: only {exclusive[0]} excludes the other choices here; {string.Join(", ", exclusive.Skip(1))} no longer does.");
                    }

                    break;
                }

                case "Matrix":
                {
                    var (answerIds, answerLabels) = Choices(q, "Answers", "AnswerOrder");
                    var values = answerIds.Select(id => recodes.TryGetValue(id, out var r) ? r : id).ToList();
                    var columnCodes = ImportCodes.Options(values, $"{label} (scale recode values)", _notes);
                    var rowTags = ChoiceExportTags(q);
                    var rowCodes = ImportCodes.Options([.. choiceIds.Select(id => rowTags.TryGetValue(id, out var tagged) ? Unprefixed(tagged, code) : id)], $"{label} (statement export tags)", _notes);
                    for (var i = 0; i < answerIds.Count; i++)
                    {
                        answerCodes[answerIds[i]] = columnCodes[i];
                    }

                    for (var i = 0; i < choiceIds.Count; i++)
                    {
                        choiceCodes[choiceIds[i]] = rowCodes[i];
                    }

                    var columns = answerLabels.Select((l, i) => new OptionDefinition(columnCodes[i], l.Length > 0 ? l : columnCodes[i])).ToArray();
                    var rows = choiceLabels.Select((l, i) => new OptionDefinition(rowCodes[i], l.Length > 0 ? l : rowCodes[i])).ToArray();
                    if (selector is "Likert" or "Profile" && sub is "SingleAnswer" or "DL" or "")
                    {
                        single = basic with { Type = QuestionType.MatrixSingle, Rows = rows, Options = columns };
                        if (sub == "DL")
                        {
                            _notes.Add($"{label}: a matrix of dropdowns became a matrix of radio buttons.");
                        }
                    }
                    else if (selector == "Likert" && sub == "MultipleAnswer")
                    {
                        _notes.Add($"{label}: a matrix with several answers per statement became one multiple-choice question per statement ({code}_<statement>).");
                        for (var i = 0; i < rows.Length; i++)
                        {
                            var partCode = $"{code}_{rows[i].Code}";
                            if (_codes.Reserve(partCode))
                            {
                                parts[choiceIds[i]] = partCode;
                                many.Add(basic with { Code = partCode, Text = $"{text}: {rows[i].Label}", Type = QuestionType.MultipleChoice, Options = columns });
                            }
                            else
                            {
                                _notes.Add($"{label}: the statement \"{rows[i].Label}\" would have the code {partCode}, which is not valid or already used; it was not imported.");
                            }
                        }
                    }
                    else
                    {
                        _notes.Add($"{label} is a Qualtrics \"{selector}\" matrix, which has no equivalent here; it was not imported.");
                        yield break;
                    }

                    break;
                }

                case "Slider":
                {
                    var configuration = q.TryGetProperty("Configuration", out var c) ? c : default;
                    if (selector == "STAR")
                    {
                        var stars = (int)(Num(configuration, "StarCount") ?? 5);
                        _notes.Add($"{label}: a star rating became {(choiceIds.Count > 1 ? "one rating per statement" : "a rating")} from 1 to {stars} (half stars are not kept).");
                        single = choiceIds.Count <= 1 ? basic with { Type = QuestionType.Rating, Scale = Math.Clamp(stars, 2, 11) } : null;
                        if (single is null)
                        {
                            AddParts(QuestionType.Rating, null, null, false, Math.Clamp(stars, 2, 11));
                        }

                        break;
                    }

                    var min = Num(configuration, "CSSliderMin") ?? 0;
                    var max = Num(configuration, "CSSliderMax") ?? 100;
                    var whole = JsonFields.Text(configuration, "NumDecimals") is "" or "0";
                    _notes.Add($"{label}: a slider became {(choiceIds.Count > 1 ? $"one number question per statement ({code}_<statement>)" : "a number question")} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (sliders are not a question type here).");
                    if (choiceIds.Count <= 1)
                    {
                        single = basic with { Type = QuestionType.Number, Min = min, Max = max, WholeNumbers = whole };
                        if (choiceIds.Count == 1)
                        {
                            parts[choiceIds[0]] = code;
                        }
                    }
                    else
                    {
                        AddParts(QuestionType.Number, min, max, whole, null);
                    }

                    break;
                }

                case "TE":
                    single = TextEntry(basic, selector, label, q, choiceIds, choiceLabels, parts, many);
                    break;
                case "RO":
                {
                    var values = choiceIds.Select(id => recodes.TryGetValue(id, out var r) ? r : id).ToList();
                    var codes = ImportCodes.Options(values, $"{label} (recode values)", _notes);
                    for (var i = 0; i < choiceIds.Count; i++)
                    {
                        choiceCodes[choiceIds[i]] = codes[i];
                    }

                    single = basic with { Type = QuestionType.Ranking, Options = [.. choiceLabels.Select((l, i) => new OptionDefinition(codes[i], l.Length > 0 ? l : codes[i]))] };
                    if (selector is not ("DND" or "RB" or "TB" or ""))
                    {
                        _notes.Add($"{label}: the rank-order layout \"{selector}\" became a plain ranking.");
                    }

                    break;
                }

                case "DB":
                    if (selector is "GRB" or "FLB")
                    {
                        _notes.Add($"{label}: a graphic or file was not imported; only its text was kept.");
                    }

                    single = basic with { Type = QuestionType.Descriptive, Required = false };
                    break;
            }

            if (single is not null)
            {
                single = single with { Condition = condition };
                _mapped[qid] = new Mapped(code, single, choiceCodes, answerCodes, parts);
                yield return single;
            }
            else
            {
                _mapped[qid] = new Mapped(code, null, choiceCodes, answerCodes, parts);
                foreach (var part in many)
                {
                    yield return part with { Condition = condition };
                }
            }

            void AddParts(QuestionType partType, decimal? min, decimal? max, bool whole, int? scale)
            {
                var rowTags = ChoiceExportTags(q);
                var codes = ImportCodes.Options([.. choiceIds.Select(id => rowTags.TryGetValue(id, out var tagged) ? Unprefixed(tagged, code) : id)], $"{label} (statement codes)", _notes);
                for (var i = 0; i < choiceIds.Count; i++)
                {
                    var partCode = $"{code}_{codes[i]}";
                    if (!_codes.Reserve(partCode))
                    {
                        _notes.Add($"{label}: the statement \"{choiceLabels[i]}\" would have the code {partCode}, which is not valid or already used; it was not imported.");
                        continue;
                    }

                    parts[choiceIds[i]] = partCode;
                    many.Add(basic with { Code = partCode, Text = $"{text}: {choiceLabels[i]}", Type = partType, Min = min, Max = max, WholeNumbers = whole, Scale = scale });
                }
            }
        }

        private QuestionDefinition? TextEntry(QuestionDefinition basic, string selector, string label, JsonElement q, List<string> choiceIds, List<string> choiceLabels, Dictionary<string, string> parts, List<QuestionDefinition> many)
        {
            var settings = q.TryGetProperty("Validation", out var v) && v.TryGetProperty("Settings", out var s) ? s : default;
            var content = JsonFields.Text(settings, "ContentType");
            var kind = JsonFields.Text(settings, "Type");
            QuestionDefinition Typed(QuestionDefinition question)
            {
                if (kind == "ContentType" || content.Length > 0)
                {
                    switch (content)
                    {
                        case "ValidNumber":
                            var number = settings.TryGetProperty("ValidNumber", out var n) ? n : default;
                            var decimals = JsonFields.Text(number, "NumDecimals");
                            return question with
                            {
                                Type = QuestionType.Number,
                                Min = Num(number, "Min"),
                                Max = Num(number, "Max"),
                                WholeNumbers = decimals == "0",
                            };
                        case "ValidEmail":
                            return question with { Type = QuestionType.ShortText, Validation = TextValidation.Email };
                        case "ValidDate":
                            return question with { Type = QuestionType.Date };
                        case "ValidUSZip" or "ValidZip":
                            return question with { Type = QuestionType.ShortText, Validation = TextValidation.Regex, Pattern = @"[0-9]{5}(-[0-9]{4})?" };
                        case "":
                            break;
                        default:
                            _notes.Add($"{label}: the content validation \"{content}\" has no equivalent here; the answer is plain text.");
                            break;
                    }
                }
                else if (kind is "MinChar" or "MaxChar" or "CustomValidation" or "CharRange")
                {
                    _notes.Add($"{label}: the validation \"{kind}\" has no equivalent here and was dropped.");
                }

                return question;
            }

            switch (selector)
            {
                case "SL":
                    return Typed(basic with { Type = QuestionType.ShortText });
                case "PW":
                    _notes.Add($"{label}: a password box became plain short text (the answer is not hidden while typed).");
                    return basic with { Type = QuestionType.ShortText };
                case "ML" or "ESTB":
                    return basic with { Type = QuestionType.LongText };
                case "FORM":
                    _notes.Add($"{label}: each field of a form became its own question ({basic.Code}_<field>).");
                    var codes = ImportCodes.Options(choiceIds, $"{label} (field codes)", _notes);
                    for (var i = 0; i < choiceIds.Count; i++)
                    {
                        var partCode = $"{basic.Code}_{codes[i]}";
                        if (_codes.Reserve(partCode))
                        {
                            parts[choiceIds[i]] = partCode;
                            many.Add(Typed(basic with { Code = partCode, Text = $"{basic.Text}: {choiceLabels[i]}", Type = QuestionType.ShortText }));
                        }
                    }

                    return null;
                default:
                    _notes.Add($"{label}: the text-entry layout \"{selector}\" became short text.");
                    return basic with { Type = QuestionType.ShortText };
            }
        }

        private string? Condition(JsonElement q, string code)
        {
            if (!q.TryGetProperty("DisplayLogic", out var logic) || logic.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var condition = Logic(logic, _earlier, out var reason);
            if (condition is null)
            {
                _notes.Add($"The display logic of question {code} ({Describe(logic)}) could not be translated ({reason}); the question is always shown.");
            }

            return condition;
        }

        /// <summary>Translates a Qualtrics BooleanExpression into our grammar, or null with the reason.</summary>
        private string? Logic(JsonElement logic, IReadOnlyCollection<string> earlier, out string? reason)
        {
            reason = null;
            var sets = new List<(string Conjunction, string Text)>();
            foreach (var set in logic.EnumerateObject().Where(p => int.TryParse(p.Name, out _) && p.Value.ValueKind == JsonValueKind.Object).OrderBy(p => int.Parse(p.Name, CultureInfo.InvariantCulture)))
            {
                var parts = new List<(string Conjunction, string Text)>();
                foreach (var expression in set.Value.EnumerateObject().Where(p => int.TryParse(p.Name, out _) && p.Value.ValueKind == JsonValueKind.Object).OrderBy(p => int.Parse(p.Name, CultureInfo.InvariantCulture)))
                {
                    var text = Expression(expression.Value, out reason);
                    if (text is null)
                    {
                        return null;
                    }

                    parts.Add((JsonFields.Text(expression.Value, "Conjuction") is { Length: > 0 } c ? c : "And", text));
                }

                if (parts.Count == 0)
                {
                    continue;
                }

                if (Join(parts, out reason) is not { } joined)
                {
                    return null;
                }

                sets.Add((JsonFields.Text(set.Value, "Type") is "And" or "Or" ? JsonFields.Text(set.Value, "Type") : "Or", joined));
            }

            if (sets.Count == 0)
            {
                reason = "it has no conditions";
                return null;
            }

            if (Join(sets, out reason) is not { } all)
            {
                return null;
            }

            var (condition, errors) = ConditionParser.ParseAndCheck(all, earlier, []);
            if (condition is null)
            {
                reason = errors[0].Message;
                return null;
            }

            return ConditionParser.Format(condition);
        }

        private static string? Join(List<(string Conjunction, string Text)> parts, out string? reason)
        {
            reason = null;
            var conjunctions = parts.Skip(1).Select(p => p.Conjunction).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (conjunctions.Count > 1)
            {
                reason = "it mixes \"and\" and \"or\" without brackets";
                return null;
            }

            var word = conjunctions.Count == 0 ? "and" : conjunctions[0].ToLowerInvariant();
            return parts.Count == 1 ? parts[0].Text : string.Join($" {word} ", parts.Select(p => $"({p.Text})"));
        }

        private string? Expression(JsonElement e, out string? reason) =>
            Expression(JsonFields.Text(e, "LogicType"), JsonFields.Text(e, "LeftOperand"), JsonFields.Text(e, "Operator"), JsonFields.Text(e, "RightOperand"), out reason);

        private string? Expression(string logicType, string left, string op, string right, out string? reason)
        {
            reason = null;
            if (logicType == "EmbeddedField")
            {
                var field = left;
                if (!ParticipantReference.IsName(field))
                {
                    reason = $"the embedded data name \"{field}\" is not an attribute name";
                    return null;
                }

                _attributes.Add(field);
                return Compare(ParticipantReference.Prefix + field, op, right, out reason);
            }

            if (logicType != "Question")
            {
                reason = $"conditions on {(logicType.Length > 0 ? logicType : "this")} have no equivalent here";
                return null;
            }

            var locator = left;
            var segments = locator.StartsWith("q://", StringComparison.Ordinal) ? locator[4..].Split('/') : [];
            if (segments.Length < 2)
            {
                reason = $"the reference \"{locator}\" is not understood";
                return null;
            }

            var qid = Uri.UnescapeDataString(segments[0]);
            if (!_mapped.TryGetValue(qid, out var source))
            {
                reason = $"it reads {qid}, which was not imported or comes later";
                return null;
            }

            var kind = segments[1];
            switch (kind)
            {
                case "SelectableChoice" when segments.Length == 3 && op is "Selected" or "NotSelected":
                    if (source.Question is not { Type: QuestionType.SingleChoice or QuestionType.MultipleChoice } || !source.Choices.TryGetValue(segments[2], out var choice))
                    {
                        reason = $"choice {segments[2]} of {source.Code} is not an option here";
                        return null;
                    }

                    return $"{source.Code} {(op == "Selected" ? "=" : "!=")} {choice}";
                case "SelectableAnswer" when segments.Length == 4 && op is "Selected" or "NotSelected":
                    if (!source.Choices.TryGetValue(segments[2], out var row) || !source.Answers.TryGetValue(segments[3], out var column))
                    {
                        reason = $"statement {segments[2]} / scale point {segments[3]} of {source.Code} is not in the matrix";
                        return null;
                    }

                    return source.Question is { Type: QuestionType.MatrixSingle }
                        ? $"{source.Question.RowKey(row)} {(op == "Selected" ? "=" : "!=")} {column}"
                        : source.Parts.TryGetValue(segments[2], out var part) ? $"{part} {(op == "Selected" ? "=" : "!=")} {column}" : Fail($"{source.Code} was not imported as a matrix", out reason);
                case "ChoiceTextEntryValue" when source.Question is not null && segments.Length == 2:
                    return Compare(source.Code, op, right, out reason);
                case "ChoiceTextEntryValue" or "ChoiceNumericEntryValue" when segments.Length == 3 && source.Parts.TryGetValue(segments[2], out var entry):
                    return Compare(entry, op, right, out reason);
                default:
                    reason = op is "Displayed" or "NotDisplayed" || kind.EndsWith("Displayed", StringComparison.Ordinal)
                        ? "whether a choice was displayed cannot be tested here"
                        : $"the test \"{kind} {op}\" has no equivalent here";
                    return null;
            }
        }

        private static string? Fail(string why, out string? reason)
        {
            reason = why;
            return null;
        }

        private static string? Compare(string code, string op, string value, out string? reason)
        {
            reason = null;
            var symbol = op switch
            {
                "EqualTo" => "=",
                "NotEqualTo" => "!=",
                "GreaterThan" => ">",
                "GreaterThanOrEqual" => ">=",
                "LessThan" => "<",
                "LessThanOrEqual" => "<=",
                "Empty" => "is not answered",
                "NotEmpty" => "is answered",
                _ => null,
            };
            if (symbol is null)
            {
                reason = $"the operator \"{op}\" has no equivalent here";
                return null;
            }

            if (op is "Empty" or "NotEmpty")
            {
                return $"{code} {symbol}";
            }

            if (value.Contains('\'', StringComparison.Ordinal) && value.Contains('"', StringComparison.Ordinal))
            {
                reason = "the value holds both kinds of quote";
                return null;
            }

            var quote = value.Contains('\'', StringComparison.Ordinal) ? '"' : '\'';
            return $"{code} {symbol} {quote}{value}{quote}";
        }

        /// <summary>Skip logic: a question skipped to a later point is shown only when the skip's condition does not hold.</summary>
        private void ApplySkipLogic(List<PageDraft> pages)
        {
            foreach (var block in _blocks.Values)
            {
                foreach (var element in Array(block, "BlockElements"))
                {
                    if (JsonFields.Text(element, "QuestionID") is not { Length: > 0 } qid || !element.TryGetProperty("SkipLogic", out var skips))
                    {
                        continue;
                    }

                    foreach (var skip in Items(skips))
                    {
                        ApplySkip(pages, block, qid, skip);
                    }
                }
            }
        }

        private void ApplySkip(List<PageDraft> pages, JsonElement block, string qid, JsonElement skip)
        {
            var source = _mapped.TryGetValue(qid, out var m) ? m.Code : qid;
            var destination = JsonFields.Text(skip, "SkipToDestination");
            var blockId = JsonFields.Text(block, "ID");
            var own = pages.Where(p => p.BlockId == blockId).ToList();
            var flat = own.SelectMany(p => p.Questions.Select(q => (Page: p, q.Qid, q.Question))).ToList();
            var from = flat.FindLastIndex(x => x.Qid == qid);
            if (from < 0)
            {
                return; // the question was not imported; that is already noted
            }

            var earlier = flat.Take(from + 1).SelectMany(x => x.Question.AnswerKeys())
                .Concat(pages.TakeWhile(p => p.BlockId != blockId).SelectMany(p => p.Questions.SelectMany(q => q.Question.AnswerKeys()))).ToList();
            var raw = Expression("Question", JsonFields.Text(skip, "Locator") is { Length: > 0 } l ? l : JsonFields.Text(skip, "ChoiceLocator"), JsonFields.Text(skip, "Condition"), string.Empty, out var reason);
            var (parsed, errors) = raw is null ? (null, []) : ConditionParser.ParseAndCheck(raw, earlier, []);
            var description = ImportCodes.Text(JsonFields.Text(skip, "Description"));
            if (parsed is null)
            {
                _notes.Add($"The skip logic of question {source} ({description}) could not be translated ({reason ?? errors[0].Message}); the questions it skips are always shown.");
                return;
            }

            var hide = $"not ({ConditionParser.Format(parsed)})";
            var to = destination switch
            {
                "ENDOFBLOCK" or "ENDOFSURVEY" => flat.Count,
                _ => flat.FindIndex(x => x.Qid == destination),
            };
            if (to < 0 || to <= from)
            {
                _notes.Add($"The skip logic of question {source} ({description}) goes to a question that was not imported or is not later in its block; it was not imported.");
                return;
            }

            var skipped = new List<string>();
            for (var i = from + 1; i < to; i++)
            {
                var (page, id, question) = flat[i];
                var index = page.Questions.FindIndex(x => ReferenceEquals(x.Question, question));
                var updated = question with { Condition = And(question.Condition, hide) };
                page.Questions[index] = (id, updated);
                flat[i] = (page, id, updated);
                skipped.Add(question.Code);
            }

            var laterPages = destination == "ENDOFSURVEY" ? pages.SkipWhile(p => p.BlockId != blockId).SkipWhile(p => p.BlockId == blockId).ToList() : [];
            foreach (var page in laterPages)
            {
                page.Condition = And(page.Condition, hide);
            }

            _notes.Add($"The skip logic of question {source} ({description}) became the condition \"{hide}\" on {(skipped.Count == 0 ? "no question of its block" : string.Join(", ", skipped))}{(laterPages.Count > 0 ? $" and on the {laterPages.Count} later page(s)" : string.Empty)}. Qualtrics skips when the page is submitted, so questions on the same page now hide as soon as the answer is given.");
        }

        private static string BlockName(JsonElement block) => JsonFields.Text(block, "Description") is { Length: > 0 } d ? d : JsonFields.Text(block, "ID");

        private static string Describe(JsonElement element)
        {
            var texts = new List<string>();
            Collect(element, texts);
            var text = string.Join(" ", texts.Select(ImportCodes.Text).Where(t => t.Length > 0));
            return text.Length == 0 ? JsonFields.Text(element, "FlowID") : text.Length > 160 ? text[..160] + "…" : text;
        }

        private static void Collect(JsonElement element, List<string> texts)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "Description" && property.Value.ValueKind == JsonValueKind.String)
                {
                    texts.Add(property.Value.GetString()!);
                }
                else if (property.Name is not "Flow")
                {
                    Collect(property.Value, texts);
                }
            }
        }
    }

    /// <summary>Both conditions; a clause already required is not added twice.</summary>
    internal static string? And(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        if (ConditionParser.Parse(a) is not ({ } left, null) || ConditionParser.Parse(b) is not ({ } right, null))
        {
            return $"({a}) and ({b})";
        }

        static IEnumerable<Condition> Clauses(Condition c) => c is AllOf all ? Clauses(all.Left).Concat(Clauses(all.Right)) : [c];
        return Clauses(left).Any(c => ConditionParser.Format(c) == ConditionParser.Format(right)) ? a : ConditionParser.Format(new AllOf(left, right));
    }

    private static (List<string> Ids, List<string> Labels) Choices(JsonElement q, string name, string orderName)
    {
        var ids = new List<string>();
        var labels = new List<string>();
        if (!q.TryGetProperty(name, out var choices) || choices.ValueKind != JsonValueKind.Object)
        {
            return (ids, labels);
        }

        var order = Array(q, orderName).Select(o => o.ValueKind == JsonValueKind.Number ? o.GetRawText() : o.ValueKind == JsonValueKind.String ? o.GetString()! : string.Empty).Where(o => o.Length > 0).ToList();
        var all = choices.EnumerateObject().Select(p => p.Name).ToList();
        foreach (var id in order.Where(all.Contains).Concat(all.Where(a => !order.Contains(a))).Distinct())
        {
            ids.Add(id);
            labels.Add(ImportCodes.Text(JsonFields.Text(choices.GetProperty(id), "Display")));
        }

        return (ids, labels);
    }

    private static Dictionary<string, string> Recodes(JsonElement q) =>
        q.TryGetProperty("RecodeValues", out var r) && r.ValueKind == JsonValueKind.Object
            ? r.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : [];

    /// <summary>A statement's export tag without the question's own tag in front ("Q44_1" → "1" for Q44).</summary>
    private static string Unprefixed(string tag, string code) =>
        tag.StartsWith(code + "_", StringComparison.OrdinalIgnoreCase) && tag.Length > code.Length + 1 ? tag[(code.Length + 1)..] : tag;

    private static Dictionary<string, string> ChoiceExportTags(JsonElement q) =>
        q.TryGetProperty("ChoiceDataExportTags", out var t) && t.ValueKind == JsonValueKind.Object
            ? t.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    private static bool ChoiceFlag(JsonElement q, string id, string flag) =>
        q.TryGetProperty("Choices", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty(id, out var choice)
        && choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty(flag, out var value)
        && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.String && value.GetString() is "true" or "1"));

    private static IEnumerable<JsonElement> Items(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray(),
        JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value).Where(v => v.ValueKind == JsonValueKind.Object),
        _ => [],
    };

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Items(value) : [];

    private static decimal? Num(JsonElement element, string name) =>
        decimal.TryParse(JsonFields.Text(element, name), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
}
