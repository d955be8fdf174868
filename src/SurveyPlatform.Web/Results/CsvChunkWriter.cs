using System.Text;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// Rows are written into an in-memory chunk and sent to the response with asynchronous writes only
/// (Kestrel refuses synchronous I/O): after each row, a chunk over 32 KB is encoded as UTF-8 and
/// written out, so memory stays at one chunk however large the export.
/// </summary>
public sealed class CsvChunkWriter(Stream output, bool byteOrderMark)
{
    private const int ChunkChars = 32 * 1024;
    private static readonly UTF8Encoding Utf8 = new(false);
    private bool _started;

    public StringWriter Rows { get; } = new(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\r\n" };

    /// <summary>Call after each row: sends the chunk when it is large enough.</summary>
    public Task RowWrittenAsync(CancellationToken cancellationToken) =>
        Rows.GetStringBuilder().Length >= ChunkChars ? FlushAsync(cancellationToken) : Task.CompletedTask;

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            if (byteOrderMark)
            {
                await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
            }
        }

        var chunk = Rows.GetStringBuilder();
        if (chunk.Length > 0)
        {
            await output.WriteAsync(Utf8.GetBytes(chunk.ToString()), cancellationToken);
            chunk.Clear();
        }

        await output.FlushAsync(cancellationToken);
    }
}
