using System.Globalization;
using System.Text;
using System.Text.Unicode;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Distribution;

public enum ParticipantCsvColumnKind
{
    Email,
    FirstName,
    LastName,
    Attribute,

    /// <summary>A column without a usable name: its values are not imported.</summary>
    Ignored,
}

/// <summary>One column of the file: its header as written and what it becomes (1-based position).</summary>
public sealed record ParticipantCsvColumn(int Position, string Header, ParticipantCsvColumnKind Kind, string? Attribute);

public enum ParticipantCsvProblemKind
{
    TooManyValues,
    MissingEmail,
    InvalidEmail,
    AlreadyParticipant,
    DuplicateInFile,
    NameTooLong,
    AttributeTooLong,
    AttributeCollision,
}

public sealed record ParticipantCsvProblem(ParticipantCsvProblemKind Kind, string Message);

/// <summary>A person read from the file, with the line it starts on; refused when it has problems.</summary>
public sealed record ParticipantCsvRow(
    int Line, string Email, string FirstName, string LastName, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<ParticipantCsvProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// What a file holds. <see cref="Errors"/> are file-level (nothing can be imported); <see cref="Notes"/>
/// are things the owner should know but that do not stop the import (a column left out, an encoding guessed).
/// </summary>
public sealed record ParticipantCsvResult(
    IReadOnlyList<string> Errors, IReadOnlyList<string> Notes, char Delimiter, IReadOnlyList<ParticipantCsvColumn> Columns, IReadOnlyList<ParticipantCsvRow> Rows)
{
    public bool HasErrors => Errors.Count > 0;

    /// <summary>The attribute codes, in the order of their first column.</summary>
    public IReadOnlyList<string> AttributeNames =>
        [.. Columns.Where(c => c.Kind == ParticipantCsvColumnKind.Attribute).Select(c => c.Attribute!).Distinct(StringComparer.Ordinal)];

    public IReadOnlyList<ParticipantCsvRow> Importable => [.. Rows.Where(r => r.IsValid)];

    public IReadOnlyList<ParticipantCsvRow> Refused => [.. Rows.Where(r => !r.IsValid)];

    internal static ParticipantCsvResult Failed(string error, IReadOnlyList<string>? notes = null) => new([error], notes ?? [], ',', [], []);
}

/// <summary>
/// Reads a participant list: a header line naming the columns (e-mail, first name, last name; every
/// other column is an attribute such as organisation, segment or region), then one person a line.
/// UTF-8 with or without a BOM (Windows-1252 is accepted with a note), comma, semicolon or tab
/// delimited (detected from the header), quoted as RFC 4180 (parsed by <see cref="CsvTable"/>).
/// Every problem is reported, by file or by row; nothing here throws for a bad file.
/// </summary>
public static class ParticipantCsv
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public const int AttributeValueMaxLength = 1000;

    private static readonly string[] EmailHeaders = ["email", "emailaddress", "mail"];
    private static readonly string[] FirstNameHeaders = ["firstname", "givenname", "forename"];
    private static readonly string[] LastNameHeaders = ["lastname", "surname", "familyname"];

    /// <summary>Windows-1252 for bytes 0x80–0x9F (undefined ones stay C1 controls, which count as binary).</summary>
    private const string Cp1252High =
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
        "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    private const string SaveAsCsv = "In Excel or Numbers, save the sheet as \"CSV UTF-8 (comma delimited)\" and upload that file.";

    public static ParticipantCsvResult Read(byte[] bytes, IEnumerable<string> existingEmails)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(existingEmails);
        if (bytes.Length > MaxBytes)
        {
            return ParticipantCsvResult.Failed("The file is larger than 5 MB. Split it into smaller files.");
        }

        var notes = new List<string>();
        var text = Decode(bytes, notes, out var decodeError);
        if (text is null)
        {
            return ParticipantCsvResult.Failed(decodeError!);
        }

        var delimiter = DetectDelimiter(text);
        var swapped = Swap(text, delimiter);
        var records = CsvTable.Parse(swapped);
        var lines = RecordLines(swapped);
        if (lines.Count != records.Count)
        {
            lines = [.. Enumerable.Range(1, records.Count)];
        }

        for (var r = 0; r < records.Count; r++)
        {
            for (var f = 0; f < records[r].Length; f++)
            {
                records[r][f] = Swap(records[r][f], delimiter);
            }
        }

        if (records.Count == 0)
        {
            return ParticipantCsvResult.Failed("The file is empty.");
        }

        var header = records[0].Select(h => h.Trim()).ToArray();
        var data = records.Skip(1).Select((cells, i) => (Line: lines[i + 1], Cells: cells)).Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        var (columns, headerErrors) = ReadHeader(header, data.Select(d => d.Cells).ToList(), notes);
        if (headerErrors.Count > 0)
        {
            return new ParticipantCsvResult(headerErrors, notes, delimiter, columns, []);
        }

        if (data.Count == 0)
        {
            return new ParticipantCsvResult(["The file has a header line but no people: add one person a line below it."], notes, delimiter, columns, []);
        }

        if (data.Count > MaxRows)
        {
            return new ParticipantCsvResult([$"The file has {data.Count:N0} people; import at most {MaxRows:N0} at a time by splitting the file."], notes, delimiter, columns, []);
        }

        var existing = existingEmails.Select(Participant.Normalise).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = data.Select(d => ReadRow(d.Line, d.Cells, columns, delimiter, existing, seen)).ToList();
        return new ParticipantCsvResult([], notes, delimiter, columns, rows);
    }

    /// <summary>A header turned into an attribute code: letters, digits and _, starting with a letter (empty when nothing usable is left).</summary>
    public static string AttributeCode(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var code = new StringBuilder();
        var gap = false;
        foreach (var c in header.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (gap && code.Length > 0)
                {
                    code.Append('_');
                }

                code.Append(char.ToLowerInvariant(c));
                gap = false;
            }
            else
            {
                gap = true;
            }
        }

        var result = code.ToString();
        if (result.Length > 0 && char.IsAsciiDigit(result[0]))
        {
            result = "attr_" + result;
        }

        if (result.Length > QuestionDraft.MaxCodeLength)
        {
            result = result[..QuestionDraft.MaxCodeLength].TrimEnd('_');
        }

        return QuestionDraft.IsValidCode(result) ? result : string.Empty;
    }

    private static string? Decode(byte[] bytes, List<string> notes, out string? error)
    {
        error = null;
        ReadOnlySpan<byte> span = bytes;
        if (span.Length == 0)
        {
            error = "The file is empty.";
            return null;
        }

        if (span.StartsWith("PK\u0003\u0004"u8))
        {
            error = $"This is an Excel workbook or another zipped file, not a CSV file. {SaveAsCsv}";
            return null;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            error = $"This is an older Excel workbook (.xls), not a CSV file. {SaveAsCsv}";
            return null;
        }

        if (span.StartsWith("%PDF"u8))
        {
            error = "This is a PDF document, not a CSV file. Upload the list as a .csv file.";
            return null;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            error = $"This file is saved as UTF-16 (\"Unicode text\"), which is not read here. {SaveAsCsv}";
            return null;
        }

        if (span.Contains((byte)0))
        {
            error = $"This is not a CSV file: it holds binary data, not text. {SaveAsCsv}";
            return null;
        }

        string text;
        if (Utf8.IsValid(span))
        {
            text = CsvTable.Decode(bytes);
        }
        else
        {
            var chars = new char[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[i] = bytes[i] is >= 0x80 and <= 0x9F ? Cp1252High[bytes[i] - 0x80] : (char)bytes[i];
            }

            text = new string(chars);
            notes.Add("The file is not UTF-8, so it was read as Windows-1252 (Western European). Check that names with accents look right below; if not, save the file as \"CSV UTF-8\" and upload it again.");
        }

        var controls = text.Count(c => (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) || c == '\uFFFD');
        if (controls > text.Length / 200)
        {
            notes.Clear();
            error = $"This is not a CSV file: it holds binary data or control characters, not text. {SaveAsCsv}";
            return null;
        }

        var start = text.TrimStart();
        if (start.Length == 0)
        {
            error = "The file is empty.";
            return null;
        }

        if (start[0] is '<' or '{' or '[')
        {
            error = $"This looks like {(start[0] == '<' ? "an HTML or XML document" : "a JSON document")}, not a CSV file. Upload the list as a .csv file with a header line such as email,first name,last name.";
            return null;
        }

        return text;
    }

    /// <summary>The delimiter used most often in the first line outside quotes: comma, semicolon or tab (comma when none).</summary>
    private static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    /// <summary>
    /// <see cref="CsvTable"/> splits on commas: exchanging the delimiter with the comma (both ways, so
    /// commas inside values survive) lets it read semicolon and tab files unchanged.
    /// </summary>
    private static string Swap(string text, char delimiter)
    {
        if (delimiter == ',' || (!text.Contains(delimiter, StringComparison.Ordinal) && !text.Contains(',', StringComparison.Ordinal)))
        {
            return text;
        }

        return string.Create(text.Length, (text, delimiter), static (span, state) =>
        {
            for (var i = 0; i < state.text.Length; i++)
            {
                var c = state.text[i];
                span[i] = c == state.delimiter ? ',' : c == ',' ? state.delimiter : c;
            }
        });
    }

    /// <summary>
    /// The line each record of <see cref="CsvTable.Parse"/> starts on, by the same rules (quotes open
    /// only at the start of a field, "" inside quotes, empty lines skipped), so a value spanning lines
    /// does not shift the line numbers reported to the owner.
    /// </summary>
    private static List<int> RecordLines(string text)
    {
        var starts = new List<int>();
        int line = 1, start = 0, fields = 0, fieldLength = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (start == 0)
            {
                start = line;
            }

            var isBreak = c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'));
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    fieldLength++;
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    fieldLength++;
                    line += isBreak ? 1 : 0;
                }

                continue;
            }

            switch (c)
            {
                case '"' when fieldLength == 0:
                    quoted = true;
                    break;
                case ',':
                    fields++;
                    fieldLength = 0;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    if (fields > 0 || fieldLength > 0)
                    {
                        starts.Add(start);
                    }

                    line++;
                    start = 0;
                    fields = 0;
                    fieldLength = 0;
                    break;
                default:
                    fieldLength++;
                    break;
            }
        }

        if (fieldLength > 0 || fields > 0)
        {
            starts.Add(start);
        }

        return starts;
    }

    private static string Canonical(string header) =>
        string.Concat(header.ToLowerInvariant().Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '_' or '.')));

    private static (List<ParticipantCsvColumn> Columns, List<string> Errors) ReadHeader(string[] header, List<string[]> data, List<string> notes)
    {
        var columns = new List<ParticipantCsvColumn>();
        var errors = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var key = Canonical(header[i]);
            var kind = EmailHeaders.Contains(key) ? ParticipantCsvColumnKind.Email
                : FirstNameHeaders.Contains(key) ? ParticipantCsvColumnKind.FirstName
                : LastNameHeaders.Contains(key) ? ParticipantCsvColumnKind.LastName
                : ParticipantCsvColumnKind.Attribute;
            var code = kind == ParticipantCsvColumnKind.Attribute ? AttributeCode(header[i]) : null;
            if (code == string.Empty)
            {
                kind = ParticipantCsvColumnKind.Ignored;
                code = null;
                var position = i;
                if (data.Any(cells => position < cells.Length && !string.IsNullOrWhiteSpace(cells[position])))
                {
                    notes.Add(header[i].Length == 0
                        ? $"Column {i + 1} has no name in the header line, so its values are not imported."
                        : $"Column {i + 1} (\"{header[i]}\") has no letters or digits in its name, so its values are not imported.");
                }
            }

            columns.Add(new ParticipantCsvColumn(i + 1, header[i], kind, code));
        }

        foreach (var kind in new[] { ParticipantCsvColumnKind.Email, ParticipantCsvColumnKind.FirstName, ParticipantCsvColumnKind.LastName })
        {
            var same = columns.Where(c => c.Kind == kind).ToList();
            if (same.Count > 1)
            {
                errors.Add($"Columns {string.Join(" and ", same.Select(c => $"\"{c.Header}\""))} both hold the {Describe(kind)}: keep one of them.");
            }
        }

        if (!columns.Any(c => c.Kind == ParticipantCsvColumnKind.Email))
        {
            var looksLikeData = header.FirstOrDefault(h => Participant.IsEmail(h));
            errors.Insert(0, looksLikeData is not null
                ? $"The first line must name the columns (for example email, first name, last name), but it holds data (\"{looksLikeData}\"). Add a header line."
                : $"No e-mail column: the first line must name the columns, one of them \"email\" (found {string.Join(", ", header.Take(8).Select(h => $"\"{Shorten(h)}\""))}).");
        }

        foreach (var group in columns.Where(c => c.Kind == ParticipantCsvColumnKind.Attribute).GroupBy(c => c.Attribute!, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            notes.Add($"Columns {string.Join(" and ", group.Select(c => $"\"{c.Header}\""))} all become the attribute \"{group.Key}\": a row is imported only where they agree or all but one are empty.");
        }

        return (columns, errors);
    }

    private static ParticipantCsvRow ReadRow(int line, string[] cells, List<ParticipantCsvColumn> columns, char delimiter, HashSet<string> existing, Dictionary<string, int> seen)
    {
        var problems = new List<ParticipantCsvProblem>();
        string Cell(ParticipantCsvColumn column) => column.Position <= cells.Length ? cells[column.Position - 1].Trim() : string.Empty;

        if (cells.Skip(columns.Count).Any(c => !string.IsNullOrWhiteSpace(c)))
        {
            var name = delimiter switch { ';' => "semicolon", '\t' => "tab", _ => "comma" };
            problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.TooManyValues,
                $"This line has {cells.Length} values but the header names {columns.Count} columns: put a value that contains a {name} in double quotes."));
        }

        var email = Cell(columns.Single(c => c.Kind == ParticipantCsvColumnKind.Email));
        var first = columns.SingleOrDefault(c => c.Kind == ParticipantCsvColumnKind.FirstName) is { } f ? Cell(f) : string.Empty;
        var last = columns.SingleOrDefault(c => c.Kind == ParticipantCsvColumnKind.LastName) is { } l ? Cell(l) : string.Empty;
        if (email.Length == 0)
        {
            problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.MissingEmail, "No e-mail address."));
        }
        else if (!Participant.IsEmail(email))
        {
            problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.InvalidEmail, $"\"{Shorten(email)}\" is not an e-mail address like name@example.org."));
        }
        else
        {
            var key = Participant.Normalise(email);
            if (existing.Contains(key))
            {
                problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.AlreadyParticipant, "Already a participant of this survey."));
            }
            else if (seen.TryGetValue(key, out var firstLine))
            {
                problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.DuplicateInFile, $"The same e-mail address as line {firstLine}."));
            }
            else
            {
                seen[key] = line;
            }
        }

        if (first.Length > Participant.NameMaxLength)
        {
            problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.NameTooLong, $"The first name is longer than {Participant.NameMaxLength} characters."));
        }

        if (last.Length > Participant.NameMaxLength)
        {
            problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.NameTooLong, $"The last name is longer than {Participant.NameMaxLength} characters."));
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in columns.Where(c => c.Kind == ParticipantCsvColumnKind.Attribute).GroupBy(c => c.Attribute!, StringComparer.Ordinal))
        {
            var values = group.Select(Cell).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (values.Count > 1)
            {
                problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.AttributeCollision,
                    $"Columns {string.Join(" and ", group.Select(c => $"\"{c.Header}\""))} both become the attribute \"{group.Key}\" but hold different values."));
            }

            var value = values.Count > 0 ? values[0] : string.Empty;
            if (value.Length > AttributeValueMaxLength)
            {
                problems.Add(new ParticipantCsvProblem(ParticipantCsvProblemKind.AttributeTooLong, $"The value of \"{group.Key}\" is longer than {AttributeValueMaxLength:N0} characters."));
            }

            attributes[group.Key] = value;
        }

        return new ParticipantCsvRow(line, email, first, last, attributes, problems);
    }

    private static string Describe(ParticipantCsvColumnKind kind) => kind switch
    {
        ParticipantCsvColumnKind.Email => "e-mail address",
        ParticipantCsvColumnKind.FirstName => "first name",
        _ => "last name",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
