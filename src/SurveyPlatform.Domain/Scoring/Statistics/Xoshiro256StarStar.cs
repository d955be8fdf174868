using System.Numerics;
using System.Runtime.CompilerServices;

namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// The xoshiro256** generator (Blackman and Vigna 2018, reference xoshiro256starstar.c): 256 bits
/// of state, period 2^256 − 1. It is used instead of <see cref="Random"/>, whose seeded sequence
/// .NET does not promise to keep between versions; everything here is integer arithmetic, so a
/// seed gives the same stream on every runtime and machine.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>The state is the first four outputs of <see cref="SplitMix64"/> started at the seed.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        var expander = new SplitMix64(seed);
        _s0 = expander.NextUInt64();
        _s1 = expander.NextUInt64();
        _s2 = expander.NextUInt64();
        _s3 = expander.NextUInt64();
    }

    private Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Sets the raw state, as the reference code does (for known-answer tests). It must not be all zero.</summary>
    public static Xoshiro256StarStar FromState(ulong s0, ulong s1, ulong s2, ulong s3) =>
        (s0 | s1 | s2 | s3) == 0
            ? throw new ArgumentException("An all-zero state would only ever produce zeros.", nameof(s0))
            : new Xoshiro256StarStar(s0, s1, s2, s3);

    public ulong NextUInt64() => Next(ref _s0, ref _s1, ref _s2, ref _s3);

    /// <summary>
    /// One step on a state held by the caller (an inner loop can keep it in locals, as
    /// <c>PoissonMeansBootstrap</c> does for each resample's generator): the same output and new state as
    /// <see cref="NextUInt64"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        unchecked
        {
            var result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = BitOperations.RotateLeft(s3, 45);
            return result;
        }
    }

    /// <summary>Uniform on [0, 1): the top 53 bits times 2^−53.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * TwoToMinus53;

    /// <summary>Uniform on (0, 1), never 0, for logarithms: (top 53 bits + ½) times 2^−53.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * TwoToMinus53;

    /// <summary>
    /// Uniform on 0 … bound − 1 without bias, by Lemire's multiply-and-reject (2019): take the high
    /// 64 bits of a 64-bit draw times the bound, and draw again while the low 64 bits fall below
    /// 2^64 mod bound (rare: the chance is below bound / 2^64).
    /// </summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        var range = (ulong)bound;
        var high = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = unchecked(0UL - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)high;
    }
}
