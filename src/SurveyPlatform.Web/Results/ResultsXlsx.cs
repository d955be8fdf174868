using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// The Excel download: a .xlsx package written part by part straight into the response. Each sheet
/// is written row by row with OpenXmlWriter (SAX, never a DOM of the sheet) into a zip entry, and the
/// zip's bytes are sent in chunks with asynchronous writes, so memory stays at one chunk and one row
/// however many responses there are. The package is assembled here rather than through
/// SpreadsheetDocument, whose System.IO.Packaging layer needs a seekable stream and writes
/// synchronously. The header row is bold and frozen; numbers are numbers, instants and days are
/// dates with a date format, text is an inline string (never a formula, and text that starts like
/// one carries Excel's quote prefix so editing the cell keeps it text).
/// </summary>
public static class ResultsXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Excel's limit on rows in a sheet, the header row included.</summary>
    public const int MaxRows = 1_048_576;

    private const uint HeaderStyle = 1;
    private const uint TimestampStyle = 2;
    private const uint DayStyle = 3;
    private const uint QuotedTextStyle = 4;
    private const int ChunkBytes = 64 * 1024;

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>Writes one sheet per table, in order, and returns the data rows of each.</summary>
    public static async Task<IReadOnlyList<long>> WriteAsync(IReadOnlyList<Func<Task<ExportSheet>>> sheets, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ChunkBuffer();
        var counts = new List<long>();
        var names = new List<string>();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteText(zip, "[Content_Types].xml", ContentTypes(sheets.Count));
            WriteText(zip, "_rels/.rels",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            for (var i = 0; i < sheets.Count; i++)
            {
                var sheet = await sheets[i]();
                names.Add(sheet.Name);
                counts.Add(await WriteSheetAsync(zip, $"xl/worksheets/sheet{i + 1}.xml", sheet, selected: i == 0, buffer, output, cancellationToken));
            }

            WriteText(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships(sheets.Count));
            WritePart(zip, "xl/workbook.xml", Workbook(names));
            WritePart(zip, "xl/styles.xml", Styles());
        }

        await buffer.DrainAsync(output, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return counts;
    }

    private static async Task<long> WriteSheetAsync(ZipArchive zip, string path, ExportSheet sheet, bool selected, ChunkBuffer buffer, Stream output, CancellationToken cancellationToken)
    {
        var references = Enumerable.Range(0, sheet.Header.Count).Select(ColumnName).ToArray();
        long rows = 0;
        await using var part = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        using var writer = OpenXmlWriter.Create(part, Encoding.UTF8);
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { TabSelected = selected, WorkbookViewId = 0 }));
        writer.WriteStartElement(new SheetData());
        writer.WriteStartElement(new Row { RowIndex = 1 });
        for (var c = 0; c < sheet.Header.Count; c++)
        {
            WriteText(writer, references[c] + "1", sheet.Header[c], HeaderStyle);
        }

        writer.WriteEndElement();
        await foreach (var row in sheet.Rows.WithCancellation(cancellationToken))
        {
            rows++;
            if (rows + 1 > MaxRows)
            {
                throw new InvalidOperationException($"The {sheet.Name} sheet would pass Excel's {MaxRows:N0} rows; download CSV instead.");
            }

            var number = (rows + 1).ToString(CultureInfo.InvariantCulture);
            writer.WriteStartElement(new Row { RowIndex = (uint)(rows + 1) });
            for (var c = 0; c < row.Count && c < references.Length; c++)
            {
                WriteCell(writer, references[c] + number, row[c]);
            }

            writer.WriteEndElement();
            if (buffer.Length >= ChunkBytes)
            {
                await buffer.DrainAsync(output, cancellationToken);
            }
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
        return rows;
    }

    private static void WriteCell(OpenXmlWriter writer, string reference, ExportCell cell)
    {
        switch (cell.Kind)
        {
            case ExportCellKind.Number:
                writer.WriteElement(new Cell(new CellValue(cell.Number.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference });
                break;
            case ExportCellKind.Timestamp or ExportCellKind.Day:
                writer.WriteElement(new Cell(new CellValue(cell.Number.ToString("R", CultureInfo.InvariantCulture)))
                {
                    CellReference = reference,
                    StyleIndex = cell.Kind == ExportCellKind.Timestamp ? TimestampStyle : DayStyle,
                });
                break;
            default:
                if (cell.Text.Length > 0)
                {
                    WriteText(writer, reference, cell.Text, Array.IndexOf(FormulaStarts, cell.Text[0]) >= 0 ? QuotedTextStyle : null);
                }

                break;
        }
    }

    private static void WriteText(OpenXmlWriter writer, string reference, string text, uint? style)
    {
        var cell = new Cell(new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }))
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
        };
        if (style is { } s)
        {
            cell.StyleIndex = s;
        }

        writer.WriteElement(cell);
    }

    /// <summary>Characters XML 1.0 cannot carry (control characters) become U+FFFD, so a stray one in an answer cannot break the sheet.</summary>
    private static string XmlSafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (!XmlConvert.IsXmlChar(c))
            {
                var sb = new StringBuilder(text.Length);
                for (var j = 0; j < text.Length; j++)
                {
                    var d = text[j];
                    if (char.IsHighSurrogate(d) && j + 1 < text.Length && char.IsLowSurrogate(text[j + 1]))
                    {
                        sb.Append(d).Append(text[++j]);
                    }
                    else
                    {
                        sb.Append(XmlConvert.IsXmlChar(d) ? d : '\uFFFD');
                    }
                }

                return sb.ToString();
            }
        }

        return text;
    }

    /// <summary>A, B, …, Z, AA, AB, …</summary>
    public static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static Workbook Workbook(IReadOnlyList<string> names) =>
        new(new Sheets(names.Select((name, i) => new Sheet { Name = name, SheetId = (uint)(i + 1), Id = $"rId{i + 1}" })));

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd\"T\"hh:mm:ss\"Z\"" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd" })
        { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, QuotePrefix = true })
        { Count = 5 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static string ContentTypes(int sheets)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""");
        for (var i = 1; i <= sheets; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""");
        }

        return sb.Append("</Types>").ToString();
    }

    private static string WorkbookRelationships(int sheets)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
        for (var i = 1; i <= sheets; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>""");
        }

        sb.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{sheets + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>""");
        return sb.Append("</Relationships>").ToString();
    }

    private static void WriteText(ZipArchive zip, string path, string xml)
    {
        using var part = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        part.Write(new UTF8Encoding(false).GetBytes(xml));
    }

    private static void WritePart(ZipArchive zip, string path, OpenXmlPartRootElement root)
    {
        using var part = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        root.Save(part);
    }

    /// <summary>
    /// Where the zip writes (synchronously, as ZipArchive does): bytes gather in memory and are sent
    /// to the response with asynchronous writes whenever a chunk is full. Write-only, not seekable,
    /// so the zip streams its entries with data descriptors.
    /// </summary>
    private sealed class ChunkBuffer : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _pending.Length;

        public override long Position
        {
            get => _written + _pending.Length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public override void Flush()
        {
        }

        public async Task DrainAsync(Stream output, CancellationToken cancellationToken)
        {
            if (_pending.Length == 0)
            {
                return;
            }

            await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
            _written += _pending.Length;
            _pending.SetLength(0);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _pending.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
