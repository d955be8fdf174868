using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Engine;

public sealed class PoissonMeansBootstrapTests
{
    /// <summary>
    /// The bootstrap sums a batch at a time on another thread, four columns to a vector where the hardware allows; every
    /// interval must still be bit for bit what the plain computation gives from the documented generators (resample b:
    /// SplitMix64 outputs 4b … 4b + 3 as xoshiro256** state, one Poisson weight per respondent in the order added), for
    /// widths that are and are not whole vectors, rows shorter than the width, and counts below, at and across the batch size.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 200, 37)]
    [InlineData(7, 2, 200, PoissonMeansBootstrap.BatchSize)]
    [InlineData(13, 3, 51, 1300)]
    [InlineData(51, 4, 40, 1100)]
    [InlineData(13, 3, 1, 600)]
    public void Finish_GivesExactlyTheIntervalsOfThePlainPoissonSums(int width, int strata, int resamples, int n)
    {
        const ulong seed = 77;
        var random = new Random((width * 31) + strata + n);
        var rows = new double[n][];
        var stratumOf = new int[n];
        var bootstrap = new PoissonMeansBootstrap(width, strata, seed, resamples);
        for (var i = 0; i < n; i++)
        {
            stratumOf[i] = random.Next(strata);
            rows[i] = new double[random.Next(width + 1)];
            for (var k = 0; k < rows[i].Length; k++)
            {
                rows[i][k] = random.NextDouble() < 0.3 ? double.NaN : Math.Round(random.NextDouble() * 100, random.Next(4));
            }

            bootstrap.Add(stratumOf[i], rows[i]);
        }

        var actual = bootstrap.Finish();
        Assert.Equal(n, bootstrap.Count);
        Assert.Equal(strata + 1, actual.Length);
        var expected = Reference(rows, stratumOf, width, strata, seed, resamples);
        for (var g = 0; g <= strata; g++)
        {
            for (var k = 0; k < width; k++)
            {
                var (estimate, lower, upper, valid) = expected[g][k];
                Assert.Equal(estimate, actual[g][k].Estimate);
                Assert.Equal(lower, actual[g][k].Interval?.Lower);
                Assert.Equal(upper, actual[g][k].Interval?.Upper);
                Assert.Equal(valid, actual[g][k].ValidResamples);
                Assert.Equal(resamples, actual[g][k].Resamples);
            }
        }
    }

    /// <summary>The count is the least k with the draw below threshold k, on both sides of each of the first thresholds (⌊P(X ≤ k)·2^64⌋).</summary>
    [Theory]
    [InlineData(0x5E2D58D8B3BCDF1AUL, 0)]
    [InlineData(0xBC5AB1B16779BE35UL, 1)]
    [InlineData(0xEB715E1DC1582DC2UL, 2)]
    [InlineData(0xFB23979734A252F1UL, 3)]
    [InlineData(0xFF1025F59174DC3DUL, 4)]
    public void Weight_ChangesExactlyAtEachThreshold(ulong threshold, int k)
    {
        Assert.Equal(k, PoissonMeansBootstrap.Weight(threshold - 1));
        Assert.Equal(k + 1, PoissonMeansBootstrap.Weight(threshold));
    }

    [Fact]
    public void Weight_IsPoissonOne_FromIntegerThresholds()
    {
        Assert.Equal(0, PoissonMeansBootstrap.Weight(0));
        Assert.Equal(0, PoissonMeansBootstrap.Weight((ulong)(0.3678 * 18446744073709551616.0)));
        Assert.Equal(1, PoissonMeansBootstrap.Weight((ulong)(0.3680 * 18446744073709551616.0)));
        Assert.Equal(20, PoissonMeansBootstrap.Weight(ulong.MaxValue));

        // 1,000,000 draws: each count's frequency within 5 standard errors of e⁻¹/k!, and the mean and variance near 1.
        var random = new Xoshiro256StarStar(5);
        const int draws = 1_000_000;
        var counts = new int[21];
        double sum = 0, squares = 0;
        for (var i = 0; i < draws; i++)
        {
            var w = PoissonMeansBootstrap.Weight(random.NextUInt64());
            counts[w]++;
            sum += w;
            squares += w * w;
        }

        var p = Math.Exp(-1);
        for (var k = 0; k <= 6; k++)
        {
            var expected = draws * p;
            Assert.InRange(counts[k], expected - (5 * Math.Sqrt(expected)), expected + (5 * Math.Sqrt(expected)));
            p /= k + 1;
        }

        var mean = sum / draws;
        Assert.InRange(mean, 0.995, 1.005);
        Assert.InRange((squares / draws) - (mean * mean), 0.99, 1.01);
    }

    /// <summary>
    /// What the intervals are for: on 2,000 normal values the 95% interval of the mean is about ±1.96·σ/√n, as the
    /// multinomial percentile bootstrap of the same values gives it, and it holds the true mean.
    /// </summary>
    [Fact]
    public void Interval_OfAMean_HasTheWidthOfTheMultinomialBootstrap_AndHoldsTheTrueMean()
    {
        var random = new Xoshiro256StarStar(21);
        const int n = 2000;
        var values = new double[n];
        var bootstrap = new PoissonMeansBootstrap(1, 1, 8, 2000);
        for (var i = 0; i < n; i++)
        {
            values[i] = 50 + (10 * RandomVariates.StandardNormal(random));
            bootstrap.Add(0, [values[i]]);
        }

        var poisson = bootstrap.Finish()[1][0];
        var multinomial = PercentileBootstrap.ForSample(values, sample => sample.ToArray().Average(), 8, 2000);
        var analytic = 2 * 1.96 * 10 / Math.Sqrt(n);
        var width = poisson.Interval!.Value.Upper - poisson.Interval.Value.Lower;
        Assert.InRange(width, 0.85 * analytic, 1.15 * analytic);
        Assert.InRange(width, 0.85 * (multinomial.Interval!.Value.Upper - multinomial.Interval.Value.Lower), 1.15 * (multinomial.Interval.Value.Upper - multinomial.Interval.Value.Lower));
        Assert.InRange(50, poisson.Interval.Value.Lower, poisson.Interval.Value.Upper);
        Assert.Equal(values.Select(v => (double)(float)v).Average(), poisson.Estimate, 9);
    }

    [Fact]
    public void Add_RefusesAStratumOrRowOutOfShape()
    {
        var bootstrap = new PoissonMeansBootstrap(2, 2, 1, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => bootstrap.Add(2, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bootstrap.Add(-1, [1]));
        Assert.Throws<ArgumentException>(() => bootstrap.Add(0, [1, 2, 3]));
        Assert.Equal(0, bootstrap.Count);
        var none = bootstrap.Finish();
        Assert.True(double.IsNaN(none[2][0].Estimate));
        Assert.Equal(0, none[2][0].ValidResamples);
    }

    // The straightforward computation: per resample its own generator, a weight per respondent in the order added, and per
    // stratum and column the weighted sum of the present (float) values in that order; pooled over the strata in order.
    private static (double Estimate, double? Lower, double? Upper, int Valid)[][] Reference(double[][] rows, int[] stratumOf, int width, int strata, ulong seed, int resamples)
    {
        var n = rows.Length;
        double Value(int i, int k) => k < rows[i].Length ? (float)rows[i][k] : double.NaN;
        var expander = new SplitMix64(seed);
        var weights = new int[resamples][];
        for (var b = 0; b < resamples; b++)
        {
            var generator = Xoshiro256StarStar.FromState(expander.NextUInt64(), expander.NextUInt64(), expander.NextUInt64(), expander.NextUInt64());
            weights[b] = new int[n];
            for (var i = 0; i < n; i++)
            {
                weights[b][i] = PoissonMeansBootstrap.Weight(generator.NextUInt64());
            }
        }

        var ones = Enumerable.Repeat(1, n).ToArray();
        double Mean(int[] w, int group, int k)
        {
            var sum = 0d;
            var count = 0d;
            for (var s = 0; s < strata; s++)
            {
                if (group < strata && s != group)
                {
                    continue;
                }

                var stratumSum = 0d;
                var stratumCount = 0d;
                for (var i = 0; i < n; i++)
                {
                    if (stratumOf[i] == s && w[i] > 0 && !double.IsNaN(Value(i, k)))
                    {
                        stratumSum += w[i] * Value(i, k);
                        stratumCount += w[i];
                    }
                }

                sum += stratumSum;
                count += stratumCount;
            }

            return count > 0 ? sum / count : double.NaN;
        }

        var result = new (double, double?, double?, int)[strata + 1][];
        for (var g = 0; g <= strata; g++)
        {
            result[g] = new (double, double?, double?, int)[width];
            for (var k = 0; k < width; k++)
            {
                var valid = weights.Select(w => Mean(w, g, k)).Where(m => !double.IsNaN(m)).Order().ToArray();
                result[g][k] = valid.Length == 0
                    ? (Mean(ones, g, k), null, null, 0)
                    : (Mean(ones, g, k), Quantiles.OfSorted(valid, (1 - ConfidenceInterval.DefaultLevel) / 2), Quantiles.OfSorted(valid, (1 + ConfidenceInterval.DefaultLevel) / 2), valid.Length);
            }
        }

        return result;
    }
}
