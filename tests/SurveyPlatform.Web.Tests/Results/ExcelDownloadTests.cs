using System.Diagnostics;
using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Results;

/// <summary>The .xlsx download: its sheets, cell types, styles and frozen header, and LibreOffice reading it as our CSV.</summary>
public sealed class ExcelDownloadTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Workbook_HasFourSheets_NumbersAsNumbers_DatesAsDates_TextAsInlineStrings_UnderABoldFrozenHeader(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var s = await DownloadTestSurvey.CreateAsync(app, owner);

        var response = await owner.Client.GetAsync(new Uri($"/surveys/{s.Id}/results?handler=Xlsx", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.Equal(ResultsXlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"survey-{s.Code}.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var part = workbook.WorkbookPart!;
        Assert.Equal(["Responses", "Scores", "JTBD index", "Codebook"], part.Workbook.Sheets!.Elements<Sheet>().Select(x => x.Name!.Value));
        var styles = part.WorkbookStylesPart!.Stylesheet;
        var formats = styles.CellFormats!.Elements<CellFormat>().ToList();
        var sheet = Sheet(part, "Responses");

        var header = Row(sheet, 1);
        string[] expected = [.. ResultsCsv.LeadingColumns, .. DownloadTestSurvey.AnswerHeader, "participant_employee_id", "participant_region", .. ResultsCsv.ScoreColumns, .. ResultsCsv.SourceColumns];
        Assert.Equal(expected, header.Select(Text));
        Assert.All(header, c =>
        {
            Assert.Equal(CellValues.InlineString, c.DataType!.Value);
            Assert.NotNull(styles.Fonts!.Elements<Font>().ElementAt((int)formats[(int)c.StyleIndex!.Value].FontId!.Value).Bold);
        });
        var pane = sheet.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1d, pane.VerticalSplit!.Value);
        Assert.Equal("A2", pane.TopLeftCell!.Value);

        // Empty cells are left out, so cells are found by their reference.
        Cell? Find(string column, int row) => sheet.Worksheet.Descendants<Cell>().SingleOrDefault(c => c.CellReference == $"{ResultsXlsx.ColumnName(Array.IndexOf(expected, column))}{row}");
        Cell At(string column) => Find(column, 2) ?? throw new InvalidOperationException($"No {column} cell in row 2.");
        Assert.Equal(s.First.ToString(), Text(At("response_id")));
        // The submission instant: a number with a date-time format, not text.
        var submitted = At("submitted_at_utc");
        Assert.Null(submitted.DataType);
        Assert.Equal(s.Start, DateTime.FromOADate(double.Parse(submitted.CellValue!.Text, CultureInfo.InvariantCulture)));
        Assert.Contains("hh:mm:ss", FormatCode(styles, formats, submitted), StringComparison.Ordinal);
        var born = At("born");
        Assert.Equal(new DateTime(1980, 2, 29), DateTime.FromOADate(double.Parse(born.CellValue!.Text, CultureInfo.InvariantCulture)));
        Assert.Equal("yyyy-mm-dd", FormatCode(styles, formats, born));
        // Numbers are numbers (no type, or type n), negative ones too.
        foreach (var (column, value) in new[] { ("version", "1"), ("fruit_apple", "1"), ("fruit_pear", "1"), ("mood", "4"), ("age", "-5") })
        {
            Assert.True(At(column).DataType is null || At(column).DataType!.Value == CellValues.Number, column);
            Assert.Equal(value, At(column).CellValue!.Text);
        }

        // Text that looks like a formula is an inline string with the quote prefix, never a formula.
        var note = At("note");
        Assert.Equal(CellValues.InlineString, note.DataType!.Value);
        Assert.Equal(DownloadTestSurvey.Hostile, Text(note));
        Assert.True(formats[(int)note.StyleIndex!.Value].QuotePrefix?.Value);
        Assert.Empty(sheet.Worksheet.Descendants<CellFormula>());
        Assert.Equal("E-17", Text(At("participant_employee_id")));
        // An unanswered cell is absent, and so are empty score cells (no run yet).
        Assert.Equal(4, sheet.Worksheet.Descendants<Row>().Count());
        Assert.Null(Find("note", 4));
        Assert.Null(Find("colour_other", 2));
        Assert.Equal("63.5", Find("age", 4)!.CellValue!.Text);

        var codebook = Sheet(part, "Codebook");
        Assert.Equal(ResponseTable.CodebookColumns, Row(codebook, 1).Select(Text));
        var variables = codebook.Worksheet.Descendants<Row>().Skip(1).Select(r => r.Elements<Cell>().Select(Text).ToArray()).ToList();
        Assert.Equal(DownloadTestSurvey.AnswerHeader, variables.Select(v => v[0]));
        Assert.Equal(["colour", "Favourite colour?", "SingleChoice", "red=Red; blue=Blue; other=Other"], variables[0]);
        Assert.Equal("1=chosen; 0=not chosen", variables[2][3]);
        Assert.Equal(["mood", "How do you feel?", "Rating", "1–5"], variables[4]);

        // Without a scoring run the Scores and JTBD sheets are headers only.
        Assert.Single(Sheet(part, "Scores").Worksheet.Descendants<Row>());
        Assert.Equal(ResponseTable.JtbdColumns, Row(Sheet(part, "JTBD index"), 1).Select(Text));
    }

    [Fact]
    public async Task LibreOffice_ReadsTheResponsesSheet_AsTheCsvExport()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var s = await DownloadTestSurvey.CreateAsync(app, owner);

        foreach (var values in new[] { "codes", "labels" })
        {
            var csv = await DownloadTestSurvey.CsvAsync(owner, s.Id, $"handler=Csv&values={values}");
            var xlsx = await owner.Client.GetByteArrayAsync(new Uri($"/surveys/{s.Id}/results?handler=Xlsx&values={values}", UriKind.Relative));
            var read = await LibreOfficeCsvAsync(xlsx);

            Assert.Equal(csv.Count, read.Count);
            for (var r = 0; r < csv.Count; r++)
            {
                Assert.Equal(csv[r].Length, read[r].Length);
                for (var c = 0; c < csv[r].Length; c++)
                {
                    Assert.True(SameCell(csv[r][c], read[r][c]), $"Row {r + 1}, column {csv[0][c]}: CSV has \"{csv[r][c]}\", LibreOffice read \"{read[r][c]}\" ({values}).");
                }
            }
        }
    }

    /// <summary>
    /// Equal, or equal once our CSV's formula quote is applied to the spreadsheet's text (the
    /// workbook keeps text as typed, as an inline string), or the same number.
    /// </summary>
    private static bool SameCell(string csv, string spreadsheet) =>
        csv == spreadsheet
        || csv == CsvFormat.Neutralise(spreadsheet)
        || (double.TryParse(csv, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(spreadsheet, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            && Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a)));

    /// <summary>Converts the workbook's first sheet to UTF-8 CSV with LibreOffice (its own throwaway profile, so parallel runs do not share one).</summary>
    private static async Task<List<string[]>> LibreOfficeCsvAsync(byte[] xlsx)
    {
        var folder = Directory.CreateTempSubdirectory("sp-xlsx-");
        try
        {
            var input = Path.Combine(folder.FullName, "export.xlsx");
            await File.WriteAllBytesAsync(input, xlsx);
            var start = new ProcessStartInfo("libreoffice")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    $"-env:UserInstallation=file://{folder.FullName}/profile", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", folder.FullName, input,
                },
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await process.WaitForExitAsync(timeout.Token);
            var csv = Path.Combine(folder.FullName, "export.csv");
            Assert.True(File.Exists(csv), $"LibreOffice wrote no CSV (exit {process.ExitCode}): {await output} {await error}");
            var text = (await File.ReadAllTextAsync(csv, Encoding.UTF8)).Replace("\r\n", "\n", StringComparison.Ordinal);
            if (!text.EndsWith('\n'))
            {
                text += "\n";
            }

            return CsvText.Parse(text.Replace("\n", "\r\n", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    internal static WorksheetPart Sheet(WorkbookPart part, string name) =>
        (WorksheetPart)part.GetPartById(part.Workbook.Sheets!.Elements<Sheet>().Single(x => x.Name == name).Id!.Value!);

    internal static Cell[] Row(WorksheetPart sheet, uint index) =>
        sheet.Worksheet.Descendants<Row>().Single(r => r.RowIndex!.Value == index).Elements<Cell>().ToArray();

    internal static string Text(Cell cell) =>
        cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? string.Empty;

    private static string FormatCode(Stylesheet styles, List<CellFormat> formats, Cell cell)
    {
        var id = formats[(int)cell.StyleIndex!.Value].NumberFormatId!.Value;
        return styles.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId!.Value == id).FormatCode!.Value!;
    }
}
