using System.Numerics;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class RandomNumberTests
{
    [Fact]
    public void Xoshiro256StarStar_FromState1234_GivesTheReferenceOutputs()
    {
        // Outputs of the reference xoshiro256starstar.c with s = {1, 2, 3, 4}, as listed in the
        // known-answer test of rust-random's rand_xoshiro (src/xoshiro256starstar.rs, `reference`).
        ulong[] expected =
        [
            11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
            607988272756665600, 16172922978634559625, 8476171486693032832,
            10595114339597558777, 2904607092377533576,
        ];
        var random = Xoshiro256StarStar.FromState(1, 2, 3, 4);
        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()).ToArray());
    }

    [Fact]
    public void SplitMix64_GivesTheReferenceOutputs()
    {
        // Outputs of the reference splitmix64.c seeded with 1477776061723855037, as listed in the
        // known-answer test of rust-random's rand_xoshiro (src/splitmix64.rs, `reference`).
        ulong[] expected =
        [
            1985237415132408290, 2979275885539914483, 13511426838097143398,
            8488337342461049707, 15141737807933549159, 17093170987380407015,
            16389528042912955399, 13177319091862933652, 10841969400225389492,
            17094824097954834098,
        ];
        var expander = new SplitMix64(1477776061723855037);
        Assert.Equal(expected, expected.Select(_ => expander.NextUInt64()).ToArray());
    }

    [Fact]
    public void Xoshiro256StarStar_FromASeed_StartsFromTheFirstFourSplitMixOutputs()
    {
        var expander = new SplitMix64(1477776061723855037);
        var fromState = Xoshiro256StarStar.FromState(expander.NextUInt64(), expander.NextUInt64(), expander.NextUInt64(), expander.NextUInt64());
        var seeded = new Xoshiro256StarStar(1477776061723855037);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(fromState.NextUInt64(), seeded.NextUInt64());
        }
    }

    [Fact]
    public void Xoshiro256StarStar_SameSeed_SameStream_OtherSeed_OtherStream()
    {
        var a = new Xoshiro256StarStar(42);
        var b = new Xoshiro256StarStar(42);
        var c = new Xoshiro256StarStar(43);
        var streamA = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(streamA, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(streamA, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()).ToArray());
    }

    [Fact]
    public void NextDouble_IsTheTop53BitsTimesTwoToMinus53()
    {
        // Reference outputs 11520, 0, 1509978240: shifted right by 11 they are 5, 0 and 737294.
        var random = Xoshiro256StarStar.FromState(1, 2, 3, 4);
        Assert.Equal(5 / 9007199254740992d, random.NextDouble());
        Assert.Equal(0d, random.NextDouble());
        Assert.Equal(737294 / 9007199254740992d, random.NextDouble());
    }

    [Fact]
    public void NextOpenDouble_AddsHalfAStep_SoZeroNeverComesOut()
    {
        var random = Xoshiro256StarStar.FromState(1, 2, 3, 4);
        Assert.Equal(5.5 / 9007199254740992d, random.NextOpenDouble());
        Assert.Equal(0.5 / 9007199254740992d, random.NextOpenDouble());
    }

    [Fact]
    public void NextInt_IsTheHighWordOfTheProduct_AndRejectsABiasedLowWord()
    {
        // bound = 2^31 − 1, so 2^64 mod bound = 4 (2^31 ≡ 1). Output 1 (11520) gives ⌊11520·bound/2^64⌋ = 0.
        // Output 2 is 0: its low word 0 is below 4, so it is rejected and output 3 is used (⌊…⌋ = 0).
        // Calls 3 and 4 then take outputs 4 and 5.
        const int bound = int.MaxValue;
        var random = Xoshiro256StarStar.FromState(1, 2, 3, 4);
        static int HighWord(ulong output) => (int)(((BigInteger)output * bound) >> 64);
        Assert.Equal(0, random.NextInt(bound));
        Assert.Equal(0, random.NextInt(bound));
        Assert.Equal(HighWord(1215971899390074240), random.NextInt(bound));
        Assert.Equal(HighWord(1216172134540287360), random.NextInt(bound));
        Assert.NotEqual(0, HighWord(1215971899390074240));
    }

    [Fact]
    public void NextInt_IsUniformOverItsRange()
    {
        // 100,000 draws over 10 values: the chi-square with 9 df exceeds 27.88 with probability 0.001.
        var random = new Xoshiro256StarStar(7);
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            counts[random.NextInt(10)]++;
        }

        var chiSquare = counts.Sum(c => (c - 10_000d) * (c - 10_000d) / 10_000d);
        Assert.True(chiSquare < 27.88, $"chi-square {chiSquare}");
        Assert.Equal(0, new Xoshiro256StarStar(7).NextInt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }

    [Fact]
    public void FromState_AllZero_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Xoshiro256StarStar.FromState(0, 0, 0, 0));
}
