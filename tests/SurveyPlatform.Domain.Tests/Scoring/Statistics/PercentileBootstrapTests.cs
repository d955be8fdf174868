using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class PercentileBootstrapTests
{
    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }

    [Fact]
    public void ForSample_AConstantSample_HasAPointInterval()
    {
        var result = PercentileBootstrap.ForSample([3, 3, 3, 3], Mean, seed: 1);
        Assert.Equal(new BootstrapInterval(3, new ConfidenceInterval(3, 3, 0.95), 2000, 2000), result);
    }

    [Fact]
    public void ForSample_ZeroAndOne_SpansZeroToOne()
    {
        // Resampling {0, 1} gives means 0, ½, 1 with chances ¼, ½, ¼: about 500 of 2,000 are 0 and
        // 500 are 1, so the 2.5% and 97.5% percentiles (positions 50.975 and 1,950.025) are 0 and 1.
        var result = PercentileBootstrap.ForSample([0, 1], Mean, seed: 9);
        Assert.Equal(0.5, result.Estimate);
        Assert.Equal(new ConfidenceInterval(0, 1, 0.95), result.Interval);
    }

    [Fact]
    public void ForSample_FollowsTheDocumentedDrawOrderAndPercentiles()
    {
        // Seven resamples of five values at a 50% level: the percentiles at 0.25 and 0.75 of the
        // seven sorted means are at positions 1 + 6·0.25 = 2.5 and 5.5, halfway between neighbours.
        double[] sample = [1, 2, 4, 8, 16];
        const ulong seed = 20240601;
        var replay = new Xoshiro256StarStar(seed);
        var means = new double[7];
        for (var b = 0; b < means.Length; b++)
        {
            var resample = new double[sample.Length];
            for (var i = 0; i < sample.Length; i++)
            {
                resample[i] = sample[replay.NextInt(sample.Length)];
            }

            means[b] = Mean(resample);
        }

        Array.Sort(means);
        var result = PercentileBootstrap.ForSample(sample, Mean, seed, resamples: 7, level: 0.5);
        Assert.Equal(6.2, result.Estimate);
        Assert.Equal((0.5 * means[1]) + (0.5 * means[2]), result.Interval!.Value.Lower);
        Assert.Equal((0.5 * means[4]) + (0.5 * means[5]), result.Interval!.Value.Upper);
        Assert.NotEqual(result.Interval.Value.Lower, result.Interval.Value.Upper);
    }

    [Fact]
    public void ForSample_SameSeed_SameResult_OtherSeed_OtherResult()
    {
        double[] sample = [12, 15, 9, 22, 17, 11, 30, 14, 8, 19];
        var first = PercentileBootstrap.ForSample(sample, Mean, seed: 77);
        Assert.Equal(first, PercentileBootstrap.ForSample(sample, Mean, seed: 77));
        Assert.NotEqual(first, PercentileBootstrap.ForSample(sample, Mean, seed: 78));
    }

    [Fact]
    public void ForSample_FromSeed2024_IsTheSameInEveryVersion()
    {
        // Pinned output of this implementation (generator, draw order and percentile rule).
        double[] sample = [12, 15, 9, 22, 17, 11, 30, 14, 8, 19];
        var interval = PercentileBootstrap.ForSample(sample, Mean, seed: 2024).Interval!.Value;
        Assert.Equal(PinnedLower, BitConverter.DoubleToUInt64Bits(interval.Lower));
        Assert.Equal(PinnedUpper, BitConverter.DoubleToUInt64Bits(interval.Upper));
    }

    private const ulong PinnedLower = 0x4028333333333333; // 12.1
    private const ulong PinnedUpper = 0x40344CCCCCCCCCCD; // 20.3

    [Fact]
    public void ForSample_ALargeNormalSample_IsCloseToTheTInterval()
    {
        // 1,000 draws from N(50, 10²): the percentile bootstrap of the mean and the t interval
        // estimate the same thing; their ends should agree to within a tenth of the half-width.
        var random = new Xoshiro256StarStar(123);
        var sample = Enumerable.Range(0, 1000).Select(_ => 50 + (10 * RandomVariates.StandardNormal(random))).ToArray();
        var t = StudentTInterval.ForMean(sample)!.Value;
        var bootstrap = PercentileBootstrap.ForSample(sample, Mean, seed: 321).Interval!.Value;
        var halfWidth = (t.Upper - t.Lower) / 2;
        Assert.InRange(bootstrap.Lower, t.Lower - (0.1 * halfWidth), t.Lower + (0.1 * halfWidth));
        Assert.InRange(bootstrap.Upper, t.Upper - (0.1 * halfWidth), t.Upper + (0.1 * halfWidth));
    }

    [Fact]
    public void ForRespondents_StatisticsOfOneResample_StayPaired()
    {
        // y = 2x for every respondent: on a shared resample mean(y) is exactly 2·mean(x), so the
        // intervals are exactly twice each other; independent resamples would not be.
        double[] x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        double MeanOf(double[] values, ReadOnlySpan<int> respondents)
        {
            var sum = 0.0;
            foreach (var r in respondents)
            {
                sum += values[r];
            }

            return sum / respondents.Length;
        }

        var y = x.Select(v => 2 * v).ToArray();
        var results = PercentileBootstrap.ForRespondents(x.Length, [r => MeanOf(x, r), r => MeanOf(y, r)], seed: 5);
        var ix = results[0].Interval!.Value;
        var iy = results[1].Interval!.Value;
        Assert.Equal(2 * ix.Lower, iy.Lower);
        Assert.Equal(2 * ix.Upper, iy.Upper);
        Assert.True(ix.Upper > ix.Lower);
    }

    [Fact]
    public void ForRespondents_WithStrata_ResamplesEachStratumWithinItself()
    {
        // Three respondents in stratum 7 and two in stratum 1. Each slot is refilled from its own
        // stratum, so a resample always holds three from stratum 7; without strata it varies.
        int[] strata = [7, 7, 1, 7, 1];
        double CountOfStratum7(ReadOnlySpan<int> respondents)
        {
            var count = 0;
            foreach (var r in respondents)
            {
                count += strata[r] == 7 ? 1 : 0;
            }

            return count;
        }

        double SlotsFromAnotherStratum(ReadOnlySpan<int> respondents)
        {
            var wrong = 0;
            for (var i = 0; i < respondents.Length; i++)
            {
                wrong += strata[respondents[i]] == strata[i] ? 0 : 1;
            }

            return wrong;
        }

        var stratified = PercentileBootstrap.ForRespondents(5, [CountOfStratum7, SlotsFromAnotherStratum], seed: 8, strata: strata);
        Assert.Equal(new ConfidenceInterval(3, 3, 0.95), stratified[0].Interval);
        Assert.Equal(new ConfidenceInterval(0, 0, 0.95), stratified[1].Interval);
        var plain = PercentileBootstrap.ForRespondents(5, [CountOfStratum7], seed: 8);
        Assert.True(plain[0].Interval!.Value.Upper - plain[0].Interval!.Value.Lower >= 2);
    }

    [Fact]
    public void ForRespondents_ResamplesWhereTheStatisticIsUndefined_AreLeftOutAndCounted()
    {
        // Respondent 0 alone has the value: a resample of two lacks them with chance ¼.
        static double OnlyWithRespondent0(ReadOnlySpan<int> respondents) =>
            respondents.Contains(0) ? 1 : double.NaN;

        var result = PercentileBootstrap.ForRespondents(2, [OnlyWithRespondent0, _ => double.NaN], seed: 3)
            .ToArray();
        Assert.Equal(2000, result[0].Resamples);
        Assert.InRange(result[0].ValidResamples, 1300, 1700); // expected 1,500; sd ≈ 19
        Assert.Equal(new ConfidenceInterval(1, 1, 0.95), result[0].Interval);
        Assert.Equal(new BootstrapInterval(double.NaN, null, 2000, 0), result[1]);
    }

    [Fact]
    public void ForRespondents_BadArguments_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PercentileBootstrap.ForRespondents(0, [_ => 1], seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PercentileBootstrap.ForRespondents(3, [_ => 1], seed: 1, resamples: 0));
        Assert.Throws<ArgumentException>(() => PercentileBootstrap.ForRespondents(3, [_ => 1], seed: 1, strata: [1, 2]));
    }
}
