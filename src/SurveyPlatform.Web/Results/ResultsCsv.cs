using System.Text;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Results;

/// <summary>How the response download is laid out: wide (a row per response) or long (a row per response and answered variable).</summary>
public enum ResponseLayout
{
    RowPerResponse,
    RowPerAnswer,
}

/// <summary>
/// The CSV downloads (RFC 4180, UTF-8, an optional BOM for Excel, formula-neutralised text), written
/// from the typed tables of <see cref="ResponseTable"/> as they are read, in chunks, so memory stays
/// flat however many responses there are. What each table holds is described there.
/// </summary>
public sealed class ResultsCsv(ResponseTable table)
{
    public static readonly string[] LeadingColumns = ["response_id", "submitted_at_utc", "version"];
    /// <summary>The score columns every scored export has; dimension columns (score_{name}) and weight follow when the model has them.</summary>
    public static readonly string[] ScoreColumns = ["score", "maturity", "percentile_in_segment", "percentile_overall", "maturity_stability"];
    /// <summary>Trailing columns of both layouts: how the response arrived ("web" or "import") and, for an imported one, its id in the source file (empty in an anonymous survey).</summary>
    public static readonly string[] SourceColumns = ["source", "source_id"];
    public static readonly string[] LongColumns = ["response_id", "submitted_at_utc", "version", "variable", "value", .. SourceColumns];
    public const string ParticipantPrefix = "participant_";

    public Task WriteAsync(Survey survey, Stream output, bool excelBom, CancellationToken cancellationToken) =>
        WriteAsync(survey, output, excelBom, ResponseLayout.RowPerResponse, labels: false, cancellationToken);

    public async Task WriteAsync(Survey survey, Stream output, bool excelBom, ResponseLayout layout, bool labels, CancellationToken cancellationToken) =>
        await WriteAsync(await table.ResponsesAsync(survey, new ResponseTableOptions(layout, labels), cancellationToken), output, excelBom, cancellationToken);

    /// <summary>Writes the table and returns how many data rows it held.</summary>
    public static async Task<long> WriteAsync(ExportSheet sheet, Stream output, bool excelBom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var sink = new CsvChunkWriter(output, excelBom);
        var writer = sink.Rows;
        CsvFormat.WriteRow(writer, sheet.Header.Select(CsvFormat.Cell.Text));
        long rows = 0;
        await foreach (var row in sheet.Rows.WithCancellation(cancellationToken))
        {
            CsvFormat.WriteRow(writer, row.Select(c => c.ToCsv()));
            rows++;
            await sink.RowWrittenAsync(cancellationToken);
        }

        await sink.FlushAsync(cancellationToken);
        return rows;
    }

    /// <summary>A dimension name as a column suffix: lower case letters and digits, other runs as one underscore ("Data &amp; platform" → data_platform).</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        return sb.ToString().TrimEnd('_');
    }
}
