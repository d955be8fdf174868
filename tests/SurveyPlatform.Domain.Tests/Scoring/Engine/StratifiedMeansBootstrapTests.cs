using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Engine;

public sealed class StratifiedMeansBootstrapTests
{
    /// <summary>
    /// The bootstrap sums four columns at a time where the hardware allows; every interval must still be bit for bit
    /// what the plain loop gives (one column at a time, missing values skipped), for widths that are and are not whole
    /// vectors and rows shorter than the width, and for an odd number of resamples (they are summed two per pass).
    /// </summary>
    [Theory]
    [InlineData(1, 1, 200)]
    [InlineData(7, 2, 200)]
    [InlineData(13, 3, 200)]
    [InlineData(51, 4, 200)]
    [InlineData(51, 4, 1)]
    [InlineData(13, 3, 201)]
    public void Run_GivesExactlyTheIntervalsOfTheColumnByColumnSums(int width, int strata, int resamples)
    {
        const ulong seed = 77;
        var random = new Random((width * 31) + strata);
        var n = 257;
        var rows = new double[n][];
        var stratumOf = new int[n];
        var bootstrap = new StratifiedMeansBootstrap(width, strata);
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

        var actual = bootstrap.Run(seed, resamples);
        var expected = Reference(rows, stratumOf, width, strata, seed, resamples);
        Assert.Equal(strata + 1, actual.Length);
        for (var g = 0; g <= strata; g++)
        {
            for (var k = 0; k < width; k++)
            {
                var (estimate, lower, upper, valid) = expected[g][k];
                Assert.Equal(estimate, actual[g][k].Estimate);
                Assert.Equal(lower, actual[g][k].Interval?.Lower);
                Assert.Equal(upper, actual[g][k].Interval?.Upper);
                Assert.Equal(valid, actual[g][k].ValidResamples);
            }
        }
    }

    // The straightforward computation: per resample, per stratum and column, the weighted sum of the present (float) values in the order added.
    private static (double Estimate, double? Lower, double? Upper, int Valid)[][] Reference(double[][] rows, int[] stratumOf, int width, int strata, ulong seed, int resamples)
    {
        var n = rows.Length;
        double Value(int i, int k) => k < rows[i].Length ? (float)rows[i][k] : double.NaN;
        double Mean(int[] weights, int group, int k)
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
                    if (stratumOf[i] == s && weights[i] > 0 && !double.IsNaN(Value(i, k)))
                    {
                        stratumSum += weights[i] * Value(i, k);
                        stratumCount += weights[i];
                    }
                }

                sum += stratumSum;
                count += stratumCount;
            }

            return count > 0 ? sum / count : double.NaN;
        }

        var members = Enumerable.Range(0, strata).Select(s => Enumerable.Range(0, n).Where(i => stratumOf[i] == s).ToArray()).ToArray();
        var replicates = new double[strata + 1, width, resamples];
        var random = new Xoshiro256StarStar(seed);
        for (var b = 0; b < resamples; b++)
        {
            var draws = new int[n];
            for (var i = 0; i < n; i++)
            {
                var stratum = members[stratumOf[i]];
                draws[stratum[random.NextInt(stratum.Length)]]++;
            }

            for (var g = 0; g <= strata; g++)
            {
                for (var k = 0; k < width; k++)
                {
                    replicates[g, k, b] = Mean(draws, g, k);
                }
            }
        }

        var ones = Enumerable.Repeat(1, n).ToArray();
        var result = new (double, double?, double?, int)[strata + 1][];
        for (var g = 0; g <= strata; g++)
        {
            result[g] = new (double, double?, double?, int)[width];
            for (var k = 0; k < width; k++)
            {
                var valid = Enumerable.Range(0, resamples).Select(b => replicates[g, k, b]).Where(v => !double.IsNaN(v)).Order().ToArray();
                result[g][k] = valid.Length == 0
                    ? (Mean(ones, g, k), null, null, 0)
                    : (Mean(ones, g, k), Quantiles.OfSorted(valid, (1 - ConfidenceInterval.DefaultLevel) / 2), Quantiles.OfSorted(valid, (1 + ConfidenceInterval.DefaultLevel) / 2), valid.Length);
            }
        }

        return result;
    }
}
