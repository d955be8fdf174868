using System.Text;

namespace SurveyPlatform.Domain.Exports;

/// <summary>
/// RFC 4180 CSV with formula-injection protection: a cell that a spreadsheet would read as a
/// formula (starting with =, +, -, @, tab or carriage return) is prefixed with a single quote.
/// Numbers we write ourselves are passed as <see cref="Cell.Number"/> and are never altered.
/// </summary>
public static class CsvFormat
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuoting = [',', '"', '\r', '\n'];

    public readonly record struct Cell(string Value, bool IsNumber)
    {
        public static Cell Text(string? value) => new(value ?? string.Empty, false);
        public static Cell Number(string value) => new(value, true);
    }

    public static string Neutralise(string value) =>
        value.Length > 0 && Array.IndexOf(FormulaStarts, value[0]) >= 0 ? "'" + value : value;

    public static string Escape(Cell cell)
    {
        var value = cell.IsNumber ? cell.Value : Neutralise(cell.Value);
        return value.IndexOfAny(NeedsQuoting) >= 0 || value.Length != value.Trim().Length
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    public static void WriteRow(TextWriter writer, IEnumerable<Cell> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                writer.Write(',');
            }

            writer.Write(Escape(cell));
            first = false;
        }

        writer.Write("\r\n");
    }

    public static string Row(IEnumerable<Cell> cells)
    {
        var sb = new StringBuilder();
        using var writer = new StringWriter(sb);
        WriteRow(writer, cells);
        return sb.ToString();
    }
}
