using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SurveyPlatform.Domain.Scoring.Engine;

/// <summary>
/// The hash of a run's inputs: SHA-256 over, per response in scoring order, its id (32 lowercase hex
/// digits), its version and its answers sorted by key (ordinal), one line per response. Two runs with
/// the same hash scored the same answers in the same order.
/// </summary>
public sealed class ScoringInputHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _line = new();

    // Reused for every response (a hash over 100,000 responses should not allocate per response).
    private readonly List<KeyValuePair<string, string>> _sorted = [];
    private char[] _chars = new char[1024];
    private byte[] _bytes = new byte[1024];

    public void Add(Guid responseId, int version, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        _line.Clear();
        _line.Append(responseId.ToString("N")).Append('|').Append(version.ToString(CultureInfo.InvariantCulture));

        // Sorted by key, ordinal; a dictionary's keys are distinct, so any sort gives the one order OrderBy would.
        _sorted.Clear();
        _sorted.AddRange(answers);
        _sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (code, value) in _sorted)
        {
            _line.Append('|').Append(code).Append('=').Append(value);
        }

        _line.Append('\n');
        if (_chars.Length < _line.Length)
        {
            _chars = new char[Math.Max(_line.Length, _chars.Length * 2)];
        }

        _line.CopyTo(0, _chars, 0, _line.Length);
        var chars = _chars.AsSpan(0, _line.Length);
        var size = Encoding.UTF8.GetMaxByteCount(chars.Length);
        if (_bytes.Length < size)
        {
            _bytes = new byte[Math.Max(size, _bytes.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(chars, _bytes);
        _hash.AppendData(_bytes, 0, written);
    }

    /// <summary>The hash as 64 lowercase hex digits.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
