using System.Globalization;
using SurveyPlatform.Domain.Exports;

namespace SurveyPlatform.Web.Results;

public enum ExportCellKind
{
    Text,
    Number,

    /// <summary>A UTC instant, to the second.</summary>
    Timestamp,

    /// <summary>A calendar day (anonymous surveys keep only the day).</summary>
    Day,
}

/// <summary>
/// One cell of a download, typed so each writer can store it natively: the CSV writer writes
/// <see cref="Text"/> (numbers as we formatted them, everything else formula-neutralised), the
/// .xlsx writer stores numbers as numbers, instants and days as dates and text as inline strings.
/// </summary>
public readonly record struct ExportCell(ExportCellKind Kind, string Text, double Number)
{
    public static readonly ExportCell Empty = new(ExportCellKind.Text, string.Empty, 0);

    public static ExportCell OfText(string? value) => new(ExportCellKind.Text, value ?? string.Empty, 0);

    public static ExportCell OfNumber(double? value) =>
        value is { } v && double.IsFinite(v) ? new(ExportCellKind.Number, v.ToString("R", CultureInfo.InvariantCulture), v) : Empty;

    public static ExportCell OfInteger(long value) => new(ExportCellKind.Number, value.ToString(CultureInfo.InvariantCulture), value);

    /// <summary>An answer: a number when it reads as one (invariant culture, finite), text otherwise.</summary>
    public static ExportCell OfAnswer(string? value, bool numeric) =>
        numeric && value is { Length: > 0 } && double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? new(ExportCellKind.Number, value, number)
            : OfText(value);

    public static ExportCell OfTimestamp(DateTime utc) =>
        new(ExportCellKind.Timestamp, utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).ToOADate());

    public static ExportCell OfDay(DateTime utc) =>
        new(ExportCellKind.Day, utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), utc.Date.ToOADate());

    public CsvFormat.Cell ToCsv() => Kind == ExportCellKind.Number ? CsvFormat.Cell.Number(Text) : CsvFormat.Cell.Text(Text);
}

/// <summary>
/// A table of a download: its name (the .xlsx sheet), header and rows, read as they are written.
/// The row list handed out is reused for the next row, so a writer must not keep it.
/// </summary>
public sealed record ExportSheet(string Name, IReadOnlyList<string> Header, IAsyncEnumerable<IReadOnlyList<ExportCell>> Rows);
