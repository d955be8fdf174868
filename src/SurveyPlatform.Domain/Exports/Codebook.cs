using System.Globalization;
using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;

namespace SurveyPlatform.Domain.Exports;

public enum MeasurementLevel
{
    Nominal,
    Ordinal,
    Scale,
}

/// <summary>How a column's cells are read: as text, or as numbers (which the CSV may hold with a formula-guard quote or as "na").</summary>
public enum VariableStorage
{
    Text,
    Number,
}

public sealed record ValueLabel(string Value, string Label);

/// <summary>
/// One column of the wide response CSV, described for a codebook and for SPSS, R and Stata: its
/// name in the CSV and in each package, label, type, values, missing codes, the condition that
/// shows its question and how it is scored.
/// </summary>
public sealed record CodebookVariable
{
    public required string Name { get; init; }
    public required string SpssName { get; init; }
    public required string StataName { get; init; }
    public required string Label { get; init; }
    public string? QuestionCode { get; init; }

    /// <summary>What the column is: a question type, "0/1 option", "rank of item", "identifier", "score" and so on.</summary>
    public required string Type { get; init; }

    public VariableStorage Storage { get; init; }
    public MeasurementLevel Level { get; init; }

    /// <summary>Values with labels, in scale or option order (the order of an ordered factor).</summary>
    public IReadOnlyList<ValueLabel> Values { get; init; } = [];

    /// <summary>Stored values that mean "no answer" (e.g. <c>na</c>, not applicable); empty cells are always missing.</summary>
    public IReadOnlyList<ValueLabel> Missing { get; init; } = [];

    /// <summary>Numeric code written for a missing text value when the column is read as numbers (SPSS, Stata).</summary>
    public const int NotApplicableCode = -1;

    /// <summary>The widest text a cell can hold, in UTF-8 bytes (text columns only).</summary>
    public int TextBytes { get; init; } = 255;

    /// <summary>A number column whose answers may be negative, so the CSV writes them with the formula guard (<c>'-5</c>).</summary>
    public bool MayBeGuarded { get; init; }

    public string? ShownWhen { get; init; }
    public string? Scoring { get; init; }

    public bool RenamedForSpss => !string.Equals(Name, SpssName, StringComparison.Ordinal);
    public bool RenamedForStata => !string.Equals(Name, StataName, StringComparison.Ordinal);
}

/// <summary>Builds the codebook of the wide response CSV from its header, the survey's versions and the saved scoring model.</summary>
public static class Codebook
{
    public const string ParticipantPrefix = "participant_";

    private static readonly string[] Identifiers = ["response_id", "submitted_at_utc", "version"];

    private enum Part
    {
        Answer,
        Chosen,
        Rank,
        Other,
        MatrixRow,
    }

    private sealed record Source(QuestionDefinition Question, Part Part, OptionDefinition? Item, PageDefinition? Page);

    /// <param name="header">The CSV's header, exactly as written.</param>
    /// <param name="versionsNewestFirst">Every published version's definition, newest first (the newest wording wins).</param>
    /// <param name="model">The saved scoring model, or null when none is saved.</param>
    public static IReadOnlyList<CodebookVariable> Describe(IReadOnlyList<string> header, IReadOnlyList<SurveyDefinition> versionsNewestFirst, ScoringModel? model)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(versionsNewestFirst);
        var sources = Sources(versionsNewestFirst);
        var spss = VariableNames.Spss(header);
        var stata = VariableNames.Stata(header);
        var questions = versionsNewestFirst.SelectMany(v => v.Questions).ToList();
        var variables = new List<CodebookVariable>(header.Count);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            var variable = sources.TryGetValue(name, out var source) && !Identifiers.Contains(name, StringComparer.OrdinalIgnoreCase)
                ? Answer(name, source, questions, model)
                : Other(name);
            variables.Add(variable with { SpssName = spss[i], StataName = stata[i] });
        }

        return variables;
    }

    private static Dictionary<string, Source> Sources(IReadOnlyList<SurveyDefinition> versions)
    {
        var sources = new Dictionary<string, Source>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in versions)
        {
            foreach (var page in definition.Pages)
            {
                foreach (var question in page.Questions.Where(q => q.IsAnswerable))
                {
                    if (question.IsMatrix)
                    {
                        foreach (var row in question.Rows)
                        {
                            sources.TryAdd(question.RowKey(row.Code), new Source(question, Part.MatrixRow, row, page));
                        }
                    }
                    else if (question.Type is QuestionType.MultipleChoice or QuestionType.Ranking)
                    {
                        foreach (var option in question.Options)
                        {
                            sources.TryAdd($"{question.Code}_{option.Code}", new Source(question, question.Type == QuestionType.Ranking ? Part.Rank : Part.Chosen, option, page));
                        }
                    }
                    else
                    {
                        sources.TryAdd(question.Code, new Source(question, Part.Answer, null, page));
                    }

                    if (question.OtherOption is not null && !question.IsMatrix)
                    {
                        sources.TryAdd(question.OtherKey, new Source(question, Part.Other, null, page));
                    }
                }
            }
        }

        return sources;
    }

    private static CodebookVariable Answer(string name, Source source, IReadOnlyList<QuestionDefinition> questions, ScoringModel? model)
    {
        var q = source.Question;
        var text = PlainText.FromMarkdown(q.Text);
        var itemLabel = source.Item is null ? null : PlainText.FromMarkdown(source.Item.Label);
        var variable = new CodebookVariable
        {
            Name = name,
            SpssName = name,
            StataName = name,
            QuestionCode = q.Code,
            Label = itemLabel is null ? text : $"{text}: {itemLabel}",
            Type = q.Type.ToString(),
            ShownWhen = ShownWhen(source.Page?.Condition, q.Condition, questions),
            Scoring = Scoring(name, source, model),
        };
        var notApplicable = q.AllowNotApplicable ? new[] { new ValueLabel(QuestionDefinition.NotApplicable, "Not applicable") } : [];
        return source.Part switch
        {
            Part.Chosen => variable with
            {
                Type = "MultipleChoice option (0/1)",
                Storage = VariableStorage.Number,
                Level = MeasurementLevel.Nominal,
                Values = [new("0", "Not chosen"), new("1", "Chosen")],
            },
            Part.Rank => variable with
            {
                Type = "Ranking item (rank, 1 = first)",
                Storage = VariableStorage.Number,
                Level = MeasurementLevel.Ordinal,
                Values = [.. Enumerable.Range(1, q.Options.Count).Select(r => new ValueLabel(Number(r), r == 1 ? "First" : Number(r)))],
            },
            Part.Other => variable with
            {
                Label = $"{text}: other, please specify",
                Type = "Other (text)",
                Storage = VariableStorage.Text,
                Level = MeasurementLevel.Nominal,
                TextBytes = TextBytes(AnswerSheet.ShortTextMaxLength),
                Scoring = null,
            },
            _ => q.Type switch
            {
                QuestionType.SingleChoice or QuestionType.MatrixSingle => variable with
                {
                    Storage = VariableStorage.Text,
                    Level = MeasurementLevel.Nominal,
                    Values = [.. q.Options.Select(o => new ValueLabel(o.Code, PlainText.FromMarkdown(o.Label)))],
                    Missing = notApplicable,
                    TextBytes = Math.Max(8, q.Options.Select(o => System.Text.Encoding.UTF8.GetByteCount(o.Code) + 1).DefaultIfEmpty(1).Max()),
                },
                QuestionType.YesNo => variable with
                {
                    Storage = VariableStorage.Text,
                    Level = MeasurementLevel.Nominal,
                    Values = [new("yes", "Yes"), new("no", "No")],
                    TextBytes = 8,
                },
                QuestionType.Rating or QuestionType.MatrixRating or QuestionType.Nps => variable with
                {
                    Storage = VariableStorage.Number,
                    Level = MeasurementLevel.Ordinal,
                    Values = [.. Enumerable.Range(q.ScaleStart, q.ScaleMax - q.ScaleStart + 1).Select(v => new ValueLabel(Number(v), ScaleLabel(q, v)))],
                    Missing = notApplicable,
                },
                QuestionType.Number => variable with
                {
                    Type = q.Unit is { Length: > 0 } unit ? $"Number ({unit})" : "Number",
                    Storage = VariableStorage.Number,
                    Level = MeasurementLevel.Scale,
                    MayBeGuarded = q.Min is null || q.Min < 0,
                },
                QuestionType.Date => variable with
                {
                    Type = "Date (yyyy-mm-dd)",
                    Storage = VariableStorage.Text,
                    Level = MeasurementLevel.Scale,
                    TextBytes = 10,
                },
                QuestionType.LongText => variable with { Storage = VariableStorage.Text, Level = MeasurementLevel.Nominal, TextBytes = TextBytes(AnswerSheet.LongTextMaxLength) },
                _ => variable with { Storage = VariableStorage.Text, Level = MeasurementLevel.Nominal, TextBytes = TextBytes(AnswerSheet.ShortTextMaxLength) },
            },
        };
    }

    /// <summary>UTF-8 bytes for a text of so many characters, plus the formula-guard quote.</summary>
    private static int TextBytes(int characters) => Math.Min(32767, (characters * 4) + 1);

    private static string ScaleLabel(QuestionDefinition q, int value) =>
        value == q.ScaleStart && q.LowLabel is { Length: > 0 } low ? $"{Number(value)} {PlainText.FromMarkdown(low)}"
        : value == q.ScaleMax && q.HighLabel is { Length: > 0 } high ? $"{Number(value)} {PlainText.FromMarkdown(high)}"
        : Number(value);

    private static CodebookVariable Other(string name)
    {
        var variable = new CodebookVariable { Name = name, SpssName = name, StataName = name, Label = name, Type = "Text", Storage = VariableStorage.Text, TextBytes = 255 };
        if (name.StartsWith(ParticipantPrefix, StringComparison.Ordinal))
        {
            return variable with { Label = $"Participant attribute: {name[ParticipantPrefix.Length..]}", Type = "Participant attribute (text)", TextBytes = 1024 };
        }

        return name switch
        {
            "response_id" => variable with { Label = "Response identifier", Type = "Identifier", TextBytes = 36 },
            "submitted_at_utc" => variable with { Label = "Submitted (UTC; the day only in an anonymous survey)", Type = "Date and time (ISO 8601)", TextBytes = 20 },
            "version" => variable with { Label = "Questionnaire version answered", Type = "Version number", Storage = VariableStorage.Number, Level = MeasurementLevel.Nominal },
            "score" => Score(variable, "Overall readiness score (0–100)"),
            "maturity" => variable with { Label = "Maturity level", Type = "Score (text)", TextBytes = 255 },
            "percentile_in_segment" => Score(variable, "Percentile of the overall score within the respondent's segment"),
            "percentile_overall" => Score(variable, "Percentile of the overall score among all respondents"),
            "maturity_stability" => Score(variable, "Share of sensitivity draws (perturbed weights) keeping the maturity level"),
            "weight" => Score(variable, "Raking weight"),
            "source" => variable with { Label = "How the response arrived: web (the respondent form) or import (a response file)", Type = "Source", TextBytes = 6 },
            "source_id" => variable with { Label = "An imported response's id in its source file (empty for web responses and in an anonymous survey)", Type = "Identifier", TextBytes = 255 },
            _ when name.StartsWith("score_", StringComparison.Ordinal) => Score(variable, $"Dimension score (0–100): {name["score_".Length..]}"),
            _ when name.StartsWith("percentile_in_segment_", StringComparison.Ordinal) => Score(variable, $"Dimension percentile within segment: {name["percentile_in_segment_".Length..]}"),
            _ when name.StartsWith("percentile_overall_", StringComparison.Ordinal) => Score(variable, $"Dimension percentile among all: {name["percentile_overall_".Length..]}"),
            _ => variable,
        };
    }

    private static CodebookVariable Score(CodebookVariable variable, string label) =>
        variable with { Label = label, Type = "Score", Storage = VariableStorage.Number, Level = MeasurementLevel.Scale, Scoring = "Computed by the current scoring run" };

    private static string? ShownWhen(string? pageCondition, string? questionCondition, IReadOnlyList<QuestionDefinition> questions)
    {
        var parts = new[] { pageCondition, questionCondition }
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => ConditionParser.Parse(c).Condition is { } parsed ? Readable(parsed, questions) : c!.Trim())
            .ToList();
        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => $"page shown when {parts[0]}; question shown when {parts[1]}",
        };
    }

    /// <summary>A condition in words, with option codes followed by their labels: <c>role is one of clin ("Clinician"), nurse ("Nurse")</c>.</summary>
    public static string Readable(Condition condition, IReadOnlyList<QuestionDefinition> questions)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(questions);
        string Group(Condition inner) => inner is Comparison ? Readable(inner, questions) : $"({Readable(inner, questions)})";
        return condition switch
        {
            EitherOf o => $"{Group(o.Left)} or {Group(o.Right)}",
            AllOf a => $"{Group(a.Left)} and {Group(a.Right)}",
            Negation n => $"not {Group(n.Inner)}",
            Comparison c => Test(c, questions),
            _ => ConditionParser.Format(condition),
        };
    }

    private static string Test(Comparison c, IReadOnlyList<QuestionDefinition> questions)
    {
        var subject = ParticipantReference.TryName(c.Code, out var attribute) ? $"participant attribute {attribute}" : c.Code;
        var question = questions.FirstOrDefault(q => string.Equals(q.Code, c.Code, StringComparison.OrdinalIgnoreCase));
        string Value(string v) =>
            question?.Options.FirstOrDefault(o => string.Equals(o.Code, v, StringComparison.OrdinalIgnoreCase)) is { } option
                ? $"{v} (\"{PlainText.FromMarkdown(option.Label)}\")"
                : $"\"{v}\"";
        var many = question?.Type == QuestionType.MultipleChoice;
        return c.Operator switch
        {
            ComparisonOperator.Answered => $"{subject} is answered",
            ComparisonOperator.NotAnswered => $"{subject} is not answered",
            ComparisonOperator.Equal => many ? $"{subject} includes {Value(c.Operands[0])}" : $"{subject} is {Value(c.Operands[0])}",
            ComparisonOperator.NotEqual => many ? $"{subject} does not include {Value(c.Operands[0])}" : $"{subject} is not {Value(c.Operands[0])}",
            ComparisonOperator.AnyOf => $"{subject} is one of {string.Join(", ", c.Operands.Select(Value))}",
            ComparisonOperator.NoneOf => $"{subject} is none of {string.Join(", ", c.Operands.Select(Value))}",
            ComparisonOperator.Greater => $"{subject} is more than {c.Operands[0]}",
            ComparisonOperator.GreaterOrEqual => $"{subject} is at least {c.Operands[0]}",
            ComparisonOperator.Less => $"{subject} is less than {c.Operands[0]}",
            _ => $"{subject} is at most {c.Operands[0]}",
        };
    }

    /// <summary>How the saved model scores the column's answer key: its dimensions and the points or range that map it to 0–100.</summary>
    private static string? Scoring(string name, Source source, ScoringModel? model)
    {
        if (model is null)
        {
            return null;
        }

        var key = source.Part is Part.Chosen or Part.Rank ? source.Question.Code : name;
        var item = model.Items.FirstOrDefault(i => i.Source == ItemSource.Answer && string.Equals(i.Key, key, StringComparison.OrdinalIgnoreCase));
        var parts = new List<string>();
        if (item is not null)
        {
            var dimensions = model.Dimensions
                .SelectMany(d => d.Items.Where(i => string.Equals(i.Item, item.Key, StringComparison.OrdinalIgnoreCase)).Select(i => $"{d.Name} (weight {Number(i.Weight)})"))
                .ToList();
            parts.Add(dimensions.Count > 0 ? $"scored item in {string.Join(", ", dimensions)}" : "scored item (in no dimension)");
            var q = source.Question;
            if (q.HasOptions || q.Type == QuestionType.YesNo)
            {
                var points = item.Scores is { } scores
                    ? scores.Select(s => $"{s.Key} = {Number(s.Value)}")
                    : q.Options.Select(o => $"{o.Code} = {o.Points.ToString(CultureInfo.InvariantCulture)}");
                var option = source.Item?.Code;
                parts.Add(option is not null && source.Part is Part.Chosen or Part.Rank
                    ? $"points for {option}: {(item.Scores is { } s2 ? (s2.TryGetValue(option, out var p) ? Number(p) : "none") : source.Item!.Points.ToString(CultureInfo.InvariantCulture))}"
                    : $"points {string.Join(", ", points)}");
            }
            else if (q.Type == QuestionType.Number)
            {
                parts.Add($"range {Number(item.Min ?? (double?)q.Min)} to {Number(item.Max ?? (double?)q.Max)} normalised to 0–100");
            }
            else
            {
                parts.Add($"scale {q.ScaleStart}–{q.ScaleMax} normalised to 0–100");
            }

            if (item.Reverse)
            {
                parts.Add("reversed (100 minus the score)");
            }
        }

        if (model.Jtbd is { } jtbd)
        {
            var code = source.Question.Code;
            if (jtbd.Segments.FirstOrDefault(s => Same(s.StageMatrix, code) || Same(s.PainMatrix, code) || Same(s.ManualMatrix, code)) is { } segment)
            {
                var role = Same(segment.StageMatrix, code) ? "adoption stage" : Same(segment.PainMatrix, code) ? "pain" : "manual effort";
                parts.Add($"JTBD {role} matrix of segment {segment.Segment}");
            }
            else if (Same(jtbd.SegmentQuestion, code))
            {
                parts.Add("JTBD segment question");
            }
        }

        return parts.Count == 0 ? "not scored" : string.Join("; ", parts);
    }

    private static bool Same(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "?";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static readonly string[] CsvColumns =
        ["variable", "spss_name", "stata_name", "label", "question", "type", "level", "values", "missing", "shown_when", "scoring", "note"];

    /// <summary>The codebook as CSV, a row per variable (formula-guarded like every export).</summary>
    public static void WriteCsv(TextWriter writer, IEnumerable<CodebookVariable> variables)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(variables);
        CsvFormat.WriteRow(writer, CsvColumns.Select(CsvFormat.Cell.Text));
        foreach (var v in variables)
        {
            CsvFormat.WriteRow(writer, new[]
            {
                v.Name, v.SpssName, v.StataName, v.Label, v.QuestionCode, v.Type, v.Level.ToString().ToLowerInvariant(),
                Pairs(v.Values), Pairs(v.Missing), v.ShownWhen, v.Scoring, Note(v),
            }.Select(CsvFormat.Cell.Text));
        }
    }

    public static string Pairs(IEnumerable<ValueLabel> values) => string.Join("; ", values.Select(p => $"{p.Value} = {p.Label}"));

    /// <summary>Says when a package name differs from the CSV header.</summary>
    public static string? Note(CodebookVariable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var notes = new List<string>();
        if (variable.RenamedForSpss)
        {
            notes.Add($"renamed {variable.SpssName} in SPSS");
        }

        if (variable.RenamedForStata)
        {
            notes.Add($"renamed {variable.StataName} in Stata");
        }

        return notes.Count == 0 ? null : string.Join("; ", notes);
    }
}
