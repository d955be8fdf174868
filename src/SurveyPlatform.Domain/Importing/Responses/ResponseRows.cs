using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Importing.Responses;

/// <summary>A problem with one cell (or, with an empty column, the whole row) of a response file.</summary>
public sealed record ImportError(int Row, string Column, string Message);

/// <summary>A row that passed every rule: its respondent id (when the file has one), submission time (when given) and the answers as they are stored.</summary>
public sealed record ImportedRow(int Row, string? ExternalId, DateTime? SubmittedAt, IReadOnlyDictionary<string, string> Answers);

/// <summary>What the rules made of a file: the valid rows, every error, and the columns that are not questions.</summary>
public sealed record ResponseRowsResult(
    int RowsRead,
    IReadOnlyList<ImportedRow> Rows,
    IReadOnlyList<ImportError> Errors,
    IReadOnlyList<string> IgnoredColumns,
    string? IdColumn,
    string? SubmittedColumn)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The rules a response file's rows must meet against one survey definition. Columns are answer
/// keys as the wide export writes them: <c>CODE</c>, <c>CODE_ROW</c> for a matrix row,
/// <c>CODE_other</c>; a multiple choice either as <c>CODE</c> holding <c>a;b</c> or as 0/1 columns
/// <c>CODE_OPTION</c> (REDCap's <c>CODE___OPTION</c> too; LimeSurvey's <c>CODE[KEY]</c> for any <c>CODE_KEY</c>); a ranking as <c>CODE</c> holding the
/// items in order or as rank columns <c>CODE_ITEM</c>. Each row is then checked as a respondent's
/// post would be (<see cref="AnswerSheet"/>): codes, ranges, types, dates, and required questions
/// that the logic shows to that row. A value for a question the logic hides is an error rather
/// than silently dropped, so nothing in the file is lost without the owner seeing it.
/// </summary>
public static class ResponseRows
{
    /// <summary>Id columns used when none is chosen, first found wins: REDCap, ours, Qualtrics, LimeSurvey.</summary>
    public static readonly IReadOnlyList<string> DefaultIdColumns = ["record_id", "response_id", "ResponseId", "id"];
    public const string DefaultSubmittedColumn = "submitted_at_utc";
    public const int ExternalIdMaxLength = 100;

    /// <summary>How far ahead of the clock a submission time may be (clock skew between systems).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    private static readonly string[] SubmittedFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd",
    ];

    private static readonly string[] Chosen = ["1", "true", "yes", "y", "checked"];
    private static readonly string[] NotChosen = ["0", "false", "no", "n", "unchecked"];

    private enum Kind
    {
        Value,
        Multiple,
        OptionFlag,
        Rank,
    }

    /// <summary>What a column of the file feeds: an answer key, or one option of a multiple choice or ranking.</summary>
    private sealed record Target(QuestionDefinition Question, string Key, Kind Kind, string? Option);

    /// <param name="idColumn">The respondent id column; null or empty picks <see cref="DefaultIdColumns"/> when the file has one.</param>
    /// <param name="submittedColumn">The submission time column; null picks <see cref="DefaultSubmittedColumn"/> when the file has it.</param>
    /// <param name="now">The import's time: later submission times are refused.</param>
    public static ResponseRowsResult Check(SurveyDefinition definition, ResponseFileTable table, string? idColumn, string? submittedColumn, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(table);
        var errors = new List<ImportError>();
        var columns = table.Columns;
        var id = Pick(columns, idColumn, DefaultIdColumns, "respondent id", errors);
        var submitted = Pick(columns, submittedColumn, [DefaultSubmittedColumn], "submission time", errors);
        var targets = Targets(definition);

        // LimeSurvey names sub-question columns CODE[SQ] (and CODE[other]); they read as CODE_SQ.
        foreach (var column in columns.Where(c => !targets.ContainsKey(c) && c.Length > 3 && c[^1] == ']' && c.IndexOf('[', StringComparison.Ordinal) > 0))
        {
            var open = column.IndexOf('[', StringComparison.Ordinal);
            if (targets.TryGetValue($"{column[..open]}_{column[(open + 1)..^1]}", out var target))
            {
                targets[column] = target;
            }
        }

        var mapped = columns.Where(targets.ContainsKey).ToList();
        var ignored = columns.Where(c => !targets.ContainsKey(c) && !Same(c, id) && !Same(c, submitted)).ToList();
        if (mapped.Count == 0)
        {
            errors.Add(new ImportError(1, string.Empty, "No column of the file is a question code of this survey, so there is nothing to import."));
        }

        if (errors.Count > 0)
        {
            return new ResponseRowsResult(table.Rows.Count, [], errors, ignored, id, submitted);
        }

        var rows = new List<ImportedRow>();
        var firstRowOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            if (row.Problems.Count > 0)
            {
                // A row the reader could not take apart is not checked further: its other messages would mislead.
                errors.AddRange(row.Problems);
                continue;
            }

            var rowErrors = new List<ImportError>();
            var externalId = id is null ? null : ExternalId(row, id, firstRowOfId, rowErrors);
            var time = submitted is null ? null : SubmittedAt(row, submitted, now, rowErrors);
            var answers = Answers(definition, row, mapped, targets, rowErrors);
            if (rowErrors.Count == 0)
            {
                rows.Add(new ImportedRow(row.Number, externalId, time, answers));
            }

            errors.AddRange(rowErrors);
        }

        return new ResponseRowsResult(table.Rows.Count, errors.Count == 0 ? rows : [], errors, ignored, id, submitted);
    }

    private static string? Pick(IReadOnlyList<string> columns, string? chosen, IReadOnlyList<string> defaults, string what, List<ImportError> errors)
    {
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            var found = columns.FirstOrDefault(c => Same(c, chosen.Trim()));
            if (found is null)
            {
                errors.Add(new ImportError(1, chosen.Trim(), $"The file has no column \"{chosen.Trim()}\" for the {what}."));
            }

            return found;
        }

        return defaults.Select(d => columns.FirstOrDefault(c => Same(c, d))).FirstOrDefault(c => c is not null);
    }

    private static string? ExternalId(ResponseFileRow row, string column, Dictionary<string, int> firstRowOfId, List<ImportError> errors)
    {
        var value = row.Cells.GetValueOrDefault(column)?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            errors.Add(new ImportError(row.Number, column, "The respondent id is empty."));
            return null;
        }

        if (value.Length > ExternalIdMaxLength)
        {
            errors.Add(new ImportError(row.Number, column, $"The respondent id is longer than {ExternalIdMaxLength} characters."));
            return null;
        }

        if (!firstRowOfId.TryAdd(value, row.Number))
        {
            errors.Add(new ImportError(row.Number, column, string.Create(CultureInfo.InvariantCulture, $"The respondent id \"{value}\" is also on row {firstRowOfId[value]}.")));
        }

        return value;
    }

    private static DateTime? SubmittedAt(ResponseFileRow row, string column, DateTime now, List<ImportError> errors)
    {
        var value = row.Cells.GetValueOrDefault(column)?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            return null;
        }

        if (!DateTimeOffset.TryParseExact(value, SubmittedFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            errors.Add(new ImportError(row.Number, column, $"\"{value}\" is not an ISO 8601 time such as 2026-03-31T14:05:00Z."));
            return null;
        }

        if (parsed.UtcDateTime > now + FutureTolerance)
        {
            errors.Add(new ImportError(row.Number, column, $"\"{value}\" is in the future."));
            return null;
        }

        return parsed.UtcDateTime;
    }

    /// <summary>Every column name the definition can read, with what it feeds. Answer keys win over option columns that happen to share a name.</summary>
    private static Dictionary<string, Target> Targets(SurveyDefinition definition)
    {
        var targets = new Dictionary<string, Target>(StringComparer.OrdinalIgnoreCase);
        var questions = definition.Questions.Where(q => q.IsAnswerable).ToList();
        foreach (var q in questions)
        {
            foreach (var key in q.AnswerKeys())
            {
                var kind = q.Type is QuestionType.MultipleChoice or QuestionType.Ranking && Same(key, q.Code) ? Kind.Multiple : Kind.Value;
                targets[key] = new Target(q, key, kind, null);
            }
        }

        foreach (var q in questions.Where(q => q.Type is QuestionType.MultipleChoice or QuestionType.Ranking))
        {
            var kind = q.Type == QuestionType.Ranking ? Kind.Rank : Kind.OptionFlag;
            foreach (var option in q.Options)
            {
                targets.TryAdd($"{q.Code}_{option.Code}", new Target(q, q.Code, kind, option.Code));
                if (kind == Kind.OptionFlag)
                {
                    targets.TryAdd($"{q.Code}___{option.Code}", new Target(q, q.Code, kind, option.Code));
                }
            }
        }

        return targets;
    }

    private static Dictionary<string, string> Answers(SurveyDefinition definition, ResponseFileRow row, List<string> mapped, Dictionary<string, Target> targets, List<ImportError> errors)
    {
        var posted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var columnOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var flags = new Dictionary<string, (List<string> Chosen, string Column)>(StringComparer.OrdinalIgnoreCase);
        var ranks = new Dictionary<string, (List<(int Rank, string Item, string Column)> Items, string Column)>(StringComparer.OrdinalIgnoreCase);
        var before = errors.Count;
        foreach (var column in mapped)
        {
            var value = Unprotect(row.Cells.GetValueOrDefault(column) ?? string.Empty).Trim();
            var target = targets[column];
            switch (target.Kind)
            {
                case Kind.Value when value.Length > 0:
                    posted[target.Key] = [value];
                    columnOf[target.Key] = column;
                    break;
                case Kind.Multiple when value.Length > 0:
                    posted[target.Key] = value.Split(AnswerSheet.MultipleSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    columnOf[target.Key] = column;
                    break;
                case Kind.OptionFlag when value.Length > 0:
                    if (!flags.TryGetValue(target.Key, out var flag))
                    {
                        flags[target.Key] = flag = ([], column);
                    }

                    if (Chosen.Contains(value, StringComparer.OrdinalIgnoreCase))
                    {
                        flag.Chosen.Add(target.Option!);
                    }
                    else if (!NotChosen.Contains(value, StringComparer.OrdinalIgnoreCase))
                    {
                        errors.Add(new ImportError(row.Number, column, $"\"{value}\" is neither 1 (chosen) nor 0 (not chosen)."));
                    }

                    break;
                case Kind.Rank when value.Length > 0:
                    if (!ranks.TryGetValue(target.Key, out var ranked))
                    {
                        ranks[target.Key] = ranked = ([], column);
                    }

                    var count = target.Question.Options.Count;
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank >= 1 && rank <= count)
                    {
                        ranked.Items.Add((rank, target.Option!, column));
                    }
                    else
                    {
                        errors.Add(new ImportError(row.Number, column, string.Create(CultureInfo.InvariantCulture, $"\"{value}\" is not a rank from 1 to {count}.")));
                    }

                    break;
            }
        }

        foreach (var (code, flag) in flags)
        {
            if (posted.ContainsKey(code))
            {
                errors.Add(new ImportError(row.Number, flag.Column, $"{code} is given twice: in the column {columnOf[code]} and in 0/1 option columns. Use one or the other."));
                continue;
            }

            posted[code] = flag.Chosen;
            columnOf[code] = flag.Column;
        }

        foreach (var (code, ranked) in ranks)
        {
            if (posted.ContainsKey(code))
            {
                errors.Add(new ImportError(row.Number, ranked.Column, $"{code} is given twice: in the column {columnOf[code]} and in rank columns. Use one or the other."));
                continue;
            }

            var twice = ranked.Items.GroupBy(i => i.Rank).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
            {
                errors.Add(new ImportError(row.Number, twice.Last().Column, string.Create(CultureInfo.InvariantCulture, $"Rank {twice.Key} is given to more than one item.")));
                continue;
            }

            posted[code] = [.. ranked.Items.OrderBy(i => i.Rank).Select(i => i.Item)];
            columnOf[code] = ranked.Column;
        }

        if (errors.Count > before)
        {
            return [];
        }

        var sheet = AnswerSheet.Validate(definition, posted);
        foreach (var error in sheet.Errors)
        {
            var column = columnOf.GetValueOrDefault(error.Field, error.Field);
            errors.Add(new ImportError(row.Number, column, Message(definition, error, posted.GetValueOrDefault(error.Field))));
        }

        var failed = sheet.Errors.Select(e => e.Field).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in posted)
        {
            if (values.Count == 0 || sheet.Answers.ContainsKey(key) || failed.Contains(key))
            {
                continue;
            }

            var question = targets[key].Question;
            var column = columnOf[key];
            if (sheet.HiddenQuestions.Contains(question.Code))
            {
                var condition = question.Condition ?? definition.Pages.First(p => p.Questions.Contains(question)).Condition;
                errors.Add(new ImportError(row.Number, column, $"The survey's logic hides {question.Code} for this response (shown only if {condition}), so it must be empty."));
            }
            else if (Same(key, question.OtherKey))
            {
                errors.Add(new ImportError(row.Number, column, $"There is an \"other\" text, but {question.Code} does not have its \"other\" option chosen."));
            }
        }

        return errors.Count > before ? [] : new Dictionary<string, string>(sheet.Answers, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>An answer sheet's message, rewritten for a file: it names the value and, for codes, the codes that are allowed.</summary>
    private static string Message(SurveyDefinition definition, Questionnaires.FieldError error, IReadOnlyList<string>? values)
    {
        var given = values is { Count: > 0 } ? string.Join(AnswerSheet.MultipleSeparator, values) : string.Empty;
        var question = definition.Find(error.Field) ?? definition.Questions.FirstOrDefault(q => q.AnswerKeys().Contains(error.Field, StringComparer.OrdinalIgnoreCase));
        return error.Key switch
        {
            "ChooseAnswer" or "ChooseAtLeastOne" or "PutInOrder" or "EnterNumber" or "EnterDate" or "EnterAnswer" or "EveryRow" when given.Length == 0 =>
                $"{error.Field} is required and shown to this response, but it is empty." + (error.Key == "EveryRow" ? " Every row needs an answer." : string.Empty),
            "ChooseListed" or "ChooseOnlyListed" when question is not null =>
                $"\"{given}\" is not an option code of {question.Code}; the codes are {string.Join(", ", question.Options.Select(o => o.Code))}" +
                (question.AllowNotApplicable ? $" (or {QuestionDefinition.NotApplicable})." : "."),
            _ => given.Length > 0 ? $"\"{given}\": {error.Message}" : error.Message,
        };
    }

    /// <summary>Our own export puts a quote before a cell a spreadsheet would run as a formula; reading it back takes the quote off.</summary>
    private static string Unprotect(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
