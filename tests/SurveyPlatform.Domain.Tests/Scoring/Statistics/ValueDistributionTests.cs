using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Descriptives;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class ValueDistributionTests
{
    /// <summary>
    /// Kept as distinct values and counts, the distribution must give exactly what the sorted list gives: every type 7
    /// quantile, every value's mid-rank percentile (present or not), and the item statistics, for values with many ties.
    /// </summary>
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 3)]
    [InlineData(50, 7)]
    [InlineData(501, 41)]
    [InlineData(1000, 1000)]
    public void Distribution_GivesExactlyWhatTheSortedValuesGive(int n, int distinct)
    {
        var random = new Random(n + distinct);
        var values = Enumerable.Range(0, n).Select(_ => Math.Round(random.Next(distinct) * 100.0 / 7, 3)).ToArray();
        var distribution = new ValueDistribution();
        foreach (var value in values)
        {
            distribution.Add(value);
        }

        Assert.Equal(n, distribution.N);
        Assert.True(distribution.Distinct <= distinct);
        foreach (var p in new[] { 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1 })
        {
            Assert.Equal(Quantiles.Quantile(values, p), distribution.Quantile(p));
        }

        foreach (var probe in values.Take(50).Concat([-1, 1000, values[0] + 0.0001]))
        {
            Assert.Equal(BenchmarkRanks.PercentileRank(probe, values), distribution.PercentileRank(probe));
        }

        Assert.Equal(ItemStatistics.Of(values), distribution.Statistics());
    }

    [Fact]
    public void NumberDistribution_FromCounts_IsTheOneFromTheValues()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 777).Select(_ => (double)random.Next(-20, 60)).ToList();
        var distribution = new ValueDistribution();
        values.ForEach(distribution.Add);
        var fromCounts = NumberDistribution.Of(distribution);

        // The list path, by hand: sorted, moments in that order, type 7 quartiles, Sturges bins.
        var sorted = values.Order().ToArray();
        Assert.Equal(ItemStatistics.Of(sorted), fromCounts.Statistics);
        Assert.Equal(sorted[0], fromCounts.Minimum);
        Assert.Equal(sorted[^1], fromCounts.Maximum);
        Assert.Equal(Quantiles.OfSorted(sorted, 0.25), fromCounts.LowerQuartile);
        Assert.Equal(Quantiles.OfSorted(sorted, 0.75), fromCounts.UpperQuartile);
        Assert.Equal(NumberDistribution.SturgesBins(777), fromCounts.Bins.Count);
        Assert.Equal(777, fromCounts.Bins.Sum(b => b.Count));
        var width = (sorted[^1] - sorted[0]) / fromCounts.Bins.Count;
        Assert.Equal(sorted.Count(v => v >= sorted[0] && v < sorted[0] + width), fromCounts.Bins[0].Count);
    }

    [Fact]
    public void Empty_HasNoQuantileOrRank_AndNullStatistics()
    {
        var empty = new ValueDistribution();
        Assert.Throws<InvalidOperationException>(() => empty.Quantile(0.5));
        Assert.Throws<InvalidOperationException>(() => empty.PercentileRank(1));
        Assert.Null(empty.Statistics().Median);
        Assert.Null(NumberDistribution.Of(empty).Minimum);
    }
}
