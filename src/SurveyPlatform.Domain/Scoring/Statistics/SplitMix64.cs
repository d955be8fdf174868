namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; Vigna's reference splitmix64.c): a 64-bit counter
/// stepped by the golden-ratio constant and passed through a mixing function. Used only to expand
/// a 64-bit seed into xoshiro256**'s 256-bit state, as the xoshiro authors recommend.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
