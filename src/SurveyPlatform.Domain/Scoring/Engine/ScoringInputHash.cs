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
    private readonly List<KeyValuePair<string, string>> _pairs = [];
    private readonly Dictionary<string, int> _rank = new(StringComparer.Ordinal);
    private readonly List<string> _known = [];
    private long[] _ranks = new long[128];
    private char[] _chars = new char[1024];
    private byte[] _bytes = new byte[1024];

    public void Add(Guid responseId, int version, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        _line.Clear();
        _line.Append(responseId.ToString("N")).Append('|').Append(version.ToString(CultureInfo.InvariantCulture));

        // Sorted by key, ordinal; a dictionary's keys are distinct, so any sort gives the one order OrderBy would. Each
        // key's place among all the keys seen so far (a run sees a few hundred question codes) is kept, so a response's
        // answers are ordered by sorting small integers rather than by comparing strings.
        _pairs.Clear();
        _pairs.AddRange(answers);
        if (_ranks.Length < _pairs.Count)
        {
            _ranks = new long[Math.Max(_pairs.Count, _ranks.Length * 2)];
        }

        var ranks = _ranks.AsSpan(0, _pairs.Count);
        var known = _known.Count;
        for (var i = 0; i < _pairs.Count; i++)
        {
            ranks[i] = ((long)Rank(_pairs[i].Key) << 32) | (uint)i;
        }

        // A key new to the run moves the places after it, so the places taken before it are taken again.
        for (var i = 0; known != _known.Count && i < _pairs.Count; i++)
        {
            ranks[i] = ((long)_rank[_pairs[i].Key] << 32) | (uint)i;
        }

        ranks.Sort();
        foreach (var ranked in ranks)
        {
            var (code, value) = _pairs[(int)(ranked & uint.MaxValue)];
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

    // The key's place in the ordinal order of every key seen so far; a new key is put in its place and the places after it move up.
    private int Rank(string key)
    {
        if (_rank.TryGetValue(key, out var rank))
        {
            return rank;
        }

        var at = _known.BinarySearch(key, StringComparer.Ordinal);
        at = at < 0 ? ~at : at;
        _known.Insert(at, key);
        for (var i = at; i < _known.Count; i++)
        {
            _rank[_known[i]] = i;
        }

        return at;
    }

    /// <summary>The hash as 64 lowercase hex digits.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
