using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class ItemStatisticsTests
{
    [Fact]
    public void Of_AKnownSet_GivesTheHandComputedFigures()
    {
        // 2,4,4,4,5,5,7,9: mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32, so s² = 32/7;
        // sorted, the middle pair is 4 and 5, so the median is 4.5.
        var stats = ItemStatistics.Of([9, 4, 2, 5, 4, 7, 4, 5]);
        Assert.Equal(8, stats.N);
        Close.To(5, stats.Mean!.Value, 1e-15);
        Close.To(Math.Sqrt(32d / 7), stats.StandardDeviation!.Value, 1e-15);
        Assert.Equal(4.5, stats.Median);
        // R: t.test(c(2,4,4,4,5,5,7,9))$conf.int -> 3.2125120817637907 6.7874879182362102
        var interval = stats.MeanInterval!.Value;
        Close.To(3.2125120817637907, interval.Lower);
        Close.To(6.7874879182362102, interval.Upper);
        Assert.Equal(0.95, interval.Level);
    }

    [Fact]
    public void Of_AnOddCount_TakesTheMiddleValueAsMedian()
    {
        var stats = ItemStatistics.Of([10, 1, 3, 2, 4]);
        Assert.Equal(3d, stats.Median);
        Assert.Equal(4d, stats.Mean);
    }

    [Fact]
    public void Of_NothingOrOneValue_LeavesWhatCannotBeComputedEmpty()
    {
        Assert.Equal(new ItemStatistics(0, null, null, null, null), ItemStatistics.Of([]));
        Assert.Equal(new ItemStatistics(1, 7.5, null, 7.5, null), ItemStatistics.Of([7.5]));
    }

    [Fact]
    public void Of_ALevel_IsPassedToTheInterval()
    {
        // R: t.test(c(10.5,11.2,9.8,10.1), conf.level=0.9)$conf.int -> 9.6874838363302178 11.1125161636697847
        var interval = ItemStatistics.Of([10.5, 11.2, 9.8, 10.1], 0.9).MeanInterval!.Value;
        Close.To(9.6874838363302178, interval.Lower);
        Close.To(11.1125161636697847, interval.Upper);
    }

    [Fact]
    public void Of_ANonFiniteValue_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemStatistics.Of([1, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemStatistics.Of([double.PositiveInfinity]));
    }

    [Fact]
    public void RunningMoments_FarFromZero_KeepsTheVarianceExact()
    {
        // 4, 7, 13, 16 shifted by 1e9: mean 1e9 + 10, squared deviations 36+9+9+36 = 90, s² = 30.
        // Summing squares would lose this to cancellation; Welford does not.
        var moments = new RunningMoments();
        foreach (var x in new[] { 4d, 7, 13, 16 })
        {
            moments.Add(1e9 + x);
        }

        Assert.Equal(4, moments.N);
        Assert.Equal(1e9 + 10, moments.Mean);
        Assert.Equal(30d, moments.Variance);
    }

    [Fact]
    public void From_AStreamedAccumulator_MatchesOf()
    {
        var values = new[] { 3.5, 1.25, 8, 2, 2, 6.75 };
        var moments = new RunningMoments();
        foreach (var value in values)
        {
            moments.Add(value);
        }

        Assert.Equal(ItemStatistics.Of(values), ItemStatistics.From(moments, Quantiles.Median(values)));
    }
}
