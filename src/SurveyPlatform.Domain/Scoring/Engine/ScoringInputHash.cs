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

    public void Add(Guid responseId, int version, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        _line.Clear();
        _line.Append(responseId.ToString("N")).Append('|').Append(version.ToString(CultureInfo.InvariantCulture));
        foreach (var (code, value) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            _line.Append('|').Append(code).Append('=').Append(value);
        }

        _line.Append('\n');
        _hash.AppendData(Encoding.UTF8.GetBytes(_line.ToString()));
    }

    /// <summary>The hash as 64 lowercase hex digits.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
