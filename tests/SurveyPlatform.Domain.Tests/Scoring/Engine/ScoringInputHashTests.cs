using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Domain.Tests.Scoring.Engine;

public sealed class ScoringInputHashTests
{
    /// <summary>
    /// The documented input: per response "id|version|key=value|…" with the keys sorted ordinally, one line each. The
    /// hasher reuses the last response's key order when the keys match it, so the sequence mixes responses with the same
    /// keys in the same order, in another order, with other keys, and with the same keys in another case.
    /// </summary>
    [Fact]
    public void Hash_IsSha256OfTheDocumentedLines_WhateverOrderTheAnswersCameIn()
    {
        Dictionary<string, string> Answers(params (string Key, string Value)[] pairs)
        {
            var answers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in pairs)
            {
                answers[key] = value;
            }

            return answers;
        }

        var responses = new (Guid Id, int Version, Dictionary<string, string> Answers)[]
        {
            (Guid.Parse("00000000-0000-4000-8000-000000000001"), 1, Answers(("b", "2"), ("a", "1"), ("c_x", "3"))),
            (Guid.Parse("00000000-0000-4000-8000-000000000002"), 1, Answers(("b", "5"), ("a", "4"), ("c_x", "6"))),
            (Guid.Parse("00000000-0000-4000-8000-000000000003"), 2, Answers(("a", "7"), ("c_x", "9"), ("b", "8"))),
            (Guid.Parse("00000000-0000-4000-8000-000000000004"), 1, Answers(("a", "7"), ("c_x", "9"), ("b", "8"))),
            (Guid.Parse("00000000-0000-4000-8000-000000000005"), 1, Answers(("A", "x"), ("C_X", "y"), ("B", "z"))),
            (Guid.Parse("00000000-0000-4000-8000-000000000006"), 1, Answers(("a", "1"), ("b", "2"))),
            (Guid.Parse("00000000-0000-4000-8000-000000000007"), 1, Answers()),
            (Guid.Parse("00000000-0000-4000-8000-000000000008"), 1, Answers(("a", "é"), ("Z", "1"), ("b", "2"))),
            (Guid.Parse("00000000-0000-4000-8000-000000000009"), 1, Answers(("a", "é"), ("Z", "1"), ("b", "2"))),
        };

        using var hash = new ScoringInputHash();
        var expected = new StringBuilder();
        foreach (var (id, version, answers) in responses)
        {
            hash.Add(id, version, answers);
            expected.Append(id.ToString("N")).Append('|').Append(version.ToString(CultureInfo.InvariantCulture));
            foreach (var (key, value) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                expected.Append('|').Append(key).Append('=').Append(value);
            }

            expected.Append('\n');
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expected.ToString()))), hash.Finish());
    }
}
