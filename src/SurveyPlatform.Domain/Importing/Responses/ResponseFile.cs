using System.Globalization;
using System.Text.Json;

namespace SurveyPlatform.Domain.Importing.Responses;

/// <summary>The two layouts a response file may come in: CSV (RFC 4180, UTF-8, BOM allowed) or JSON (an array of objects).</summary>
public enum ResponseFileFormat
{
    Csv,
    Json,
}

/// <summary>One record of a response file: its row number as the person who made the file sees it, and its cells by column.</summary>
public sealed record ResponseFileRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>A problem with the record itself (more cells than columns, a nested JSON object), reported against the row.</summary>
    public IReadOnlyList<ImportError> Problems { get; init; } = [];
}

/// <summary>A response file read into columns and rows, before any rule about the survey is applied.</summary>
public sealed record ResponseFileTable(IReadOnlyList<string> Columns, IReadOnlyList<ResponseFileRow> Rows);

/// <summary>
/// Reads a response file. CSV rows are numbered as a spreadsheet shows them (the header is row 1,
/// the first response row 2); JSON objects are numbered from 1. A file that cannot be read at all
/// raises <see cref="ImportFormatException"/> with a message for the person who uploaded it.
/// </summary>
public static class ResponseFile
{
    public static ResponseFileTable Read(byte[] bytes, ResponseFileFormat format)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return format == ResponseFileFormat.Json ? ReadJson(bytes) : ReadCsv(CsvTable.Decode(bytes));
    }

    private static ResponseFileTable ReadCsv(string text)
    {
        var records = CsvTable.Parse(text);
        if (records.Count == 0)
        {
            throw new ImportFormatException("The file is empty: the first line must name the columns (question codes).");
        }

        var columns = records[0].Select(h => h.Trim()).ToList();
        CheckColumns(columns);
        var rows = new List<ResponseFileRow>(records.Count - 1);
        for (var r = FirstDataRecord(records); r < records.Count; r++)
        {
            var record = records[r];
            var number = r + 1;
            var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < columns.Count; c++)
            {
                if (columns[c].Length > 0)
                {
                    cells[columns[c]] = c < record.Length ? record[c] : string.Empty;
                }
            }

            var extra = record.Skip(columns.Count).Count(v => v.Trim().Length > 0);
            rows.Add(new ResponseFileRow(number, cells)
            {
                Problems = extra > 0
                    ? [new ImportError(number, string.Empty, $"The row has {record.Length} cells but the header names {columns.Count} columns.")]
                    : [],
            });
        }

        return new ResponseFileTable([.. columns.Where(c => c.Length > 0)], rows);
    }

    /// <summary>
    /// Qualtrics CSV exports have two more header rows (the question texts, then <c>{"ImportId":…}</c>
    /// cells); they are skipped, and the rows keep the numbers a spreadsheet shows.
    /// </summary>
    private static int FirstDataRecord(List<string[]> records) =>
        records.Count > 2 && records[2].Any(c => c.StartsWith("{\"ImportId\"", StringComparison.Ordinal)) ? 3 : 1;

    private static ResponseFileTable ReadJson(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0));
        }
        catch (JsonException ex)
        {
            throw new ImportFormatException($"The file is not valid JSON (line {ex.LineNumber + 1}): {ex.Message.Split(" LineNumber", 2)[0]}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ImportFormatException("The JSON file must be an array of objects, one per response, whose names are question codes.");
            }

            var columns = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var rows = new List<ResponseFileRow>();
            var number = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                number++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    rows.Add(new ResponseFileRow(number, new Dictionary<string, string>()) { Problems = [new ImportError(number, string.Empty, "This entry is not an object of question codes and answers.")] });
                    continue;
                }

                var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                var problems = new List<ImportError>();
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name.Trim();
                    if (!cells.TryAdd(name, string.Empty))
                    {
                        problems.Add(new ImportError(number, name, "The name appears twice in this object."));
                        continue;
                    }

                    if (seen.Add(name))
                    {
                        columns.Add(name);
                    }

                    if (Cell(property.Value) is { } value)
                    {
                        cells[name] = value;
                    }
                    else
                    {
                        problems.Add(new ImportError(number, name, "An answer must be a string, a number, true/false, null or an array of codes, not an object."));
                    }
                }

                rows.Add(new ResponseFileRow(number, cells) { Problems = problems });
            }

            return new ResponseFileTable(columns, rows);
        }
    }

    /// <summary>A JSON value as the text a CSV cell would hold: an array of codes becomes <c>a;b</c>.</summary>
    private static string? Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            string.Join(';', value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
        _ => null,
    };

    private static void CheckColumns(List<string> columns)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length == 0)
            {
                continue;
            }

            if (seen.TryGetValue(columns[i], out var first))
            {
                throw new ImportFormatException(string.Create(CultureInfo.InvariantCulture, $"The column \"{columns[i]}\" appears twice in the header (columns {first + 1} and {i + 1})."));
            }

            seen[columns[i]] = i;
        }
    }
}
