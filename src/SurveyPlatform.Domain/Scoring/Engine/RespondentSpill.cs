using System.Buffers.Binary;

namespace SurveyPlatform.Domain.Scoring.Engine;

/// <summary>
/// What the engine keeps of each respondent until the store has written its row, as fixed-size
/// records on a stream (a temporary file in the scoring job, memory in tests), not on the heap: the
/// response id, segment, overall and dimension scores, maturity-stability tally and weighting group.
/// Written once in the order respondents are added, then read back by index (sequential reads are
/// served from one buffer). Not for use from more than one thread.
/// </summary>
internal sealed class RespondentSpill
{
    private const int BufferBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly int _dimensions;
    private readonly byte[] _write;
    private readonly byte[] _read;
    private int _written;
    private long _readFrom = -1;
    private int _readLength;

    public RespondentSpill(Stream stream, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanWrite || !stream.CanSeek)
        {
            throw new ArgumentException("The spill stream must be readable, writable and seekable.", nameof(stream));
        }

        _stream = stream;
        _dimensions = dimensions;
        RecordBytes = 16 + 4 + 8 + (8 * dimensions) + 4 + 4 + 4;
        _write = new byte[Math.Max(BufferBytes / RecordBytes, 1) * RecordBytes];
        _read = new byte[_write.Length];
        stream.SetLength(0);
    }

    public int RecordBytes { get; }

    public int Count { get; private set; }

    public void Append(in SpilledRespondent respondent, ReadOnlySpan<double> dimensions)
    {
        if (_written == _write.Length)
        {
            Flush();
        }

        var record = _write.AsSpan(_written, RecordBytes);
        respondent.Id.TryWriteBytes(record);
        BinaryPrimitives.WriteInt32LittleEndian(record[16..], respondent.Segment);
        BinaryPrimitives.WriteDoubleLittleEndian(record[20..], respondent.Overall);
        for (var d = 0; d < _dimensions; d++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(record[(28 + (8 * d))..], d < dimensions.Length ? dimensions[d] : double.NaN);
        }

        var tail = record[(28 + (8 * _dimensions))..];
        BinaryPrimitives.WriteInt32LittleEndian(tail, respondent.Baseline);
        BinaryPrimitives.WriteInt32LittleEndian(tail[4..], respondent.Same);
        BinaryPrimitives.WriteInt32LittleEndian(tail[8..], respondent.Group);
        _written += RecordBytes;
        Count++;
    }

    /// <summary>Respondent <paramref name="index"/>; its dimension scores go to <paramref name="dimensions"/>.</summary>
    public SpilledRespondent Read(int index, Span<double> dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        Flush();
        var at = (long)index * RecordBytes;
        if (_readFrom < 0 || at < _readFrom || at + RecordBytes > _readFrom + _readLength)
        {
            _stream.Position = at;
            _readLength = 0;
            int got;
            while (_readLength < _read.Length && (got = _stream.Read(_read, _readLength, _read.Length - _readLength)) > 0)
            {
                _readLength += got;
            }

            _readFrom = at;
        }

        var record = _read.AsSpan((int)(at - _readFrom), RecordBytes);
        for (var d = 0; d < _dimensions; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadDoubleLittleEndian(record[(28 + (8 * d))..]);
        }

        var tail = record[(28 + (8 * _dimensions))..];
        return new SpilledRespondent(
            new Guid(record[..16]),
            BinaryPrimitives.ReadInt32LittleEndian(record[16..]),
            BinaryPrimitives.ReadDoubleLittleEndian(record[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(tail),
            BinaryPrimitives.ReadInt32LittleEndian(tail[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(tail[8..]));
    }

    private void Flush()
    {
        if (_written == 0)
        {
            return;
        }

        _stream.Seek(0, SeekOrigin.End);
        _stream.Write(_write, 0, _written);
        _written = 0;
    }
}

/// <param name="Segment">Index into the model's segments; −1 for none.</param>
/// <param name="Overall">NaN when missing.</param>
/// <param name="Baseline">The maturity level's index under the configured weights; −1 for none.</param>
/// <param name="Same">Sensitivity draws that kept the baseline level.</param>
/// <param name="Group">The weighting group (its categories' combination); −1 without weighting.</param>
internal readonly record struct SpilledRespondent(Guid Id, int Segment, double Overall, int Baseline, int Same, int Group);
