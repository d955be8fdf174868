using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class QuantilesTests
{
    [Fact]
    public void Quantile_Type7_MatchesR_BitForBit()
    {
        // Sorted: 1 1 2 3 4 5 6 9. p = 0.975: index 1 + 7·0.975 = 7.825, between x7 = 6 and x8 = 9:
        // 0.175·6 + 0.825·9 = 8.475. p = 0.1: index 1.7, between two 1s, so 1.
        // R: quantile(c(3,1,4,1,5,9,2,6), c(0, 0.025, 0.1, 0.5, 0.975, 1))
        //    -> 1 1 1 3.5 8.4750000000000014 9
        double[] values = [3, 1, 4, 1, 5, 9, 2, 6];
        Assert.Equal(1d, Quantiles.Quantile(values, 0));
        Assert.Equal(1d, Quantiles.Quantile(values, 0.025));
        Assert.Equal(1d, Quantiles.Quantile(values, 0.1));
        Assert.Equal(3.5, Quantiles.Quantile(values, 0.5));
        Assert.Equal(8.4750000000000014, Quantiles.Quantile(values, 0.975));
        Assert.Equal(9d, Quantiles.Quantile(values, 1));
    }

    [Fact]
    public void Quantile_Interpolated_MatchesR_BitForBit()
    {
        // R: x <- c(0.1,0.7,0.2,0.9,0.4,0.3); sprintf("%.17g", quantile(x, c(0.025,0.333,0.975)))
        //    -> "0.11250000000000002" "0.26650000000000001" "0.875"
        double[] values = [0.1, 0.7, 0.2, 0.9, 0.4, 0.3];
        Assert.Equal(0.11250000000000002, Quantiles.Quantile(values, 0.025));
        Assert.Equal(0.26650000000000001, Quantiles.Quantile(values, 0.333));
        Assert.Equal(0.875, Quantiles.Quantile(values, 0.975));
    }

    [Fact]
    public void Median_IsTheMiddleValue_OrTheMeanOfTheTwoMiddleOnes_AndNullWhenEmpty()
    {
        Assert.Equal(3d, Quantiles.Median([5, 3, 1]));
        Assert.Equal(2.5, Quantiles.Median([4, 1, 3, 2]));
        Assert.Equal(42d, Quantiles.Median([42]));
        Assert.Null(Quantiles.Median([]));
    }

    [Fact]
    public void Quantile_DoesNotReorderTheCallersValues()
    {
        double[] values = [3, 1, 2];
        _ = Quantiles.Median(values);
        Assert.Equal([3d, 1, 2], values);
    }

    [Fact]
    public void Quantile_RefusesNaNAndProbabilitiesOutsideZeroToOne()
    {
        Assert.Throws<ArgumentException>(() => Quantiles.Median([1, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.Quantile([1, 2], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.Quantile([1, 2], double.NaN));
        Assert.Throws<ArgumentException>(() => Quantiles.OfSorted([], 0.5));
    }
}
