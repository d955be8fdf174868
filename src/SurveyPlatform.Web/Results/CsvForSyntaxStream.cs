using System.Text;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// Passes a CSV through to a zip entry as it is written, keeping its header line (so the syntax
/// written after it names exactly the CSV's columns) and writing line breaks inside quoted cells
/// as spaces: SPSS, PSPP and Stata read a case per line. Works on bytes: in UTF-8 the quote, CR
/// and LF bytes never occur inside another character.
/// </summary>
public sealed class CsvForSyntaxStream(Stream inner) : Stream
{
    private const int MaxHeaderBytes = 4 * 1024 * 1024;
    private readonly MemoryStream _header = new();
    private bool _quoted;
    private bool _headerDone;

    /// <summary>The header line's text (without its line break), once it has been written.</summary>
    public string? Header { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var copy = Transform(buffer.Span);
        await inner.WriteAsync(copy, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(Transform(buffer.AsSpan(offset, count)));

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    private byte[] Transform(ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            var b = copy[i];
            if (b == (byte)'"')
            {
                _quoted = !_quoted;
            }
            else if (_quoted && b is (byte)'\r' or (byte)'\n')
            {
                copy[i] = (byte)' ';
            }
            else if (!_quoted && b is (byte)'\r' or (byte)'\n' && !_headerDone)
            {
                _headerDone = true;
                Header = Encoding.UTF8.GetString(_header.GetBuffer(), 0, (int)_header.Length);
            }

            if (!_headerDone && _header.Length < MaxHeaderBytes)
            {
                _header.WriteByte(copy[i]);
            }
        }

        return copy;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _header.Dispose();
        }

        base.Dispose(disposing);
    }
}
