using SurveyPlatform.Domain.Scoring.Descriptives;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Descriptives;

/// <summary>The descriptive statistics against values worked by hand (the arithmetic is in each test's comments).</summary>
public sealed class DescriptiveStatisticsTests
{
    [Fact]
    public void Nps_OfFivePromotersThreePassivesTwoDetractors_Is30_WithTheAdjustedWaldInterval()
    {
        var nps = NetPromoterScore.Of(5, 3, 2);

        // NPS = 100 · (5 − 2) / 10 = 30. Adjusted Wald: n' = 13, p₊ = 5.75/13, p₋ = 2.75/13, net = 3/13 = 0.230769;
        // var = (p₊ + p₋ − net²)/n' = (8.5/13 − 0.053254)/13 = 0.0461994, se = 0.214941; ± 1.959964 · se.
        Assert.Equal(10, nps.N);
        Assert.Equal(30, nps.Score!.Value, 12);
        Assert.Equal(-19.050615, nps.Interval!.Value.Lower, 5);
        Assert.Equal(65.204462, nps.Interval!.Value.Upper, 5);
    }

    [Fact]
    public void Nps_CountsNineAndTenAsPromoters_SevenAndEightAsPassives_AndTheRestAsDetractors()
    {
        var nps = NetPromoterScore.Of([10, 9, 8, 7, 6, 0, 9]);

        Assert.Equal((3, 2, 2), (nps.Promoters, nps.Passives, nps.Detractors));
        Assert.Equal(100.0 * (3 - 2) / 7, nps.Score!.Value, 12);
    }

    [Fact]
    public void Nps_IntervalStaysWithinMinus100And100_AndNoAnswersHaveNoScore()
    {
        // All four detractors: net' = −3.25/7, whose lower bound −107.3 is cut to −100.
        var all = NetPromoterScore.Of(0, 0, 4);
        Assert.Equal(-100, all.Score!.Value);
        Assert.Equal(-100, all.Interval!.Value.Lower);
        Assert.Equal(-6.944178, all.Interval!.Value.Upper, 5);

        var none = NetPromoterScore.Of(0, 0, 0);
        Assert.Null(none.Score);
        Assert.Null(none.Interval);
    }

    [Fact]
    public void Numbers_HaveMeanSdQuartilesAndSturgesBins()
    {
        var numbers = NumberDistribution.Of([10, 1, 3, 2, 4]);

        // Sorted 1 2 3 4 10: mean 4; SD √((9 + 4 + 1 + 0 + 36)/4) = √12.5; type 7 quartiles at h = 2 and 4: Q1 = 2, Q3 = 4.
        Assert.Equal(5, numbers.Statistics.N);
        Assert.Equal(4, numbers.Statistics.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(12.5), numbers.Statistics.StandardDeviation!.Value, 12);
        Assert.Equal(3, numbers.Statistics.Median);
        Assert.Equal((2d, 4d, 2d), (numbers.LowerQuartile!.Value, numbers.UpperQuartile!.Value, numbers.InterquartileRange!.Value));
        Assert.Equal((1d, 10d), (numbers.Minimum!.Value, numbers.Maximum!.Value));

        // ⌈log₂ 5⌉ + 1 = 4 bins of width 9/4 = 2.25: [1, 3.25) holds 1 2 3, [3.25, 5.5) holds 4, the last holds 10.
        Assert.Equal([3, 1, 0, 1], numbers.Bins.Select(b => b.Count));
        Assert.Equal([1, 3.25, 5.5, 7.75], numbers.Bins.Select(b => b.From));
        Assert.Equal(10, numbers.Bins[^1].To);
    }

    [Fact]
    public void Numbers_AllTheSame_HaveOneBin_AndNoneHaveNoFigures()
    {
        var same = NumberDistribution.Of([7, 7, 7]);
        Assert.Equal(3, Assert.Single(same.Bins).Count);
        Assert.Equal(0, same.InterquartileRange);

        var none = NumberDistribution.Of([]);
        Assert.Empty(none.Bins);
        Assert.Null(none.Statistics.Mean);
        Assert.Null(none.LowerQuartile);
    }

    [Fact]
    public void ScaleCounts_GiveTheNativeMeanSdMedianAndTInterval()
    {
        // Answers 1, 3, 3, 4, 5 as counts per point 1–5: mean 16/5 = 3.2; squared deviations 4.84 + 0.04 + 0.04 + 0.64 + 3.24 = 8.8,
        // SD √(8.8/4) = √2.2 = 1.483240; t(0.975, 4) = 2.776445, half-width 2.776445 · 1.483240 / √5 = 1.841685.
        var stats = QuestionDescriptives.FromCounts(1, [1, 0, 2, 1, 1]);

        Assert.Equal(5, stats.N);
        Assert.Equal(3.2, stats.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(2.2), stats.StandardDeviation!.Value, 12);
        Assert.Equal(3, stats.Median);
        Assert.Equal(1.3583147, stats.MeanInterval!.Value.Lower, 6);
        Assert.Equal(5.0416853, stats.MeanInterval!.Value.Upper, 6);
    }

    [Fact]
    public void ScaleCounts_WithAnEvenN_AverageTheTwoMiddleValues_AndMatchTheStatisticsOfTheValues()
    {
        var stats = QuestionDescriptives.FromCounts(0, [0, 2, 0, 0, 2]);
        var direct = ItemStatistics.Of([1, 1, 4, 4]);

        Assert.Equal(2.5, stats.Median);
        Assert.Equal(direct.Mean!.Value, stats.Mean!.Value, 12);
        Assert.Equal(direct.StandardDeviation!.Value, stats.StandardDeviation!.Value, 12);
        Assert.Equal(direct.MeanInterval!.Value.Upper, stats.MeanInterval!.Value.Upper, 12);
    }
}
