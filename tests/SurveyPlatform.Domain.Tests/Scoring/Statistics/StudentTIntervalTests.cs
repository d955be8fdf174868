using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class StudentTIntervalTests
{
    [Fact]
    public void ForMean_TwoValues_UsesTheClosedFormQuantileForOneDegreeOfFreedom()
    {
        // 1 and 3: mean 2, s = √2, s/√n = 1. With df = 1 the t distribution is Cauchy, so
        // t(0.975, 1) = tan(π·0.475), and the interval is 2 ± tan(0.475π).
        var interval = StudentTInterval.ForMean([1, 3])!.Value;
        var t = Math.Tan(Math.PI * 0.475);
        Close.To(2 - t, interval.Lower);
        Close.To(2 + t, interval.Upper);
        // R: t.test(c(1,3))$conf.int -> -10.706204736174694 14.706204736174694
        Close.To(-10.706204736174694, interval.Lower);
        Close.To(14.706204736174694, interval.Upper);
    }

    [Fact]
    public void CriticalValue_TwoDegreesOfFreedom_MatchesTheClosedForm()
    {
        // With df = 2, t(p) = (2p − 1) / √(2p(1 − p)); at p = 0.975: 0.95 / √0.04875.
        Close.To(0.95 / Math.Sqrt(0.04875), StudentTInterval.CriticalValue(2), 1e-13);
    }

    [Theory]
    // R: qt(0.975, c(1,2,4,29,999)) -> 12.7062047361746941 4.3026527297494619 2.7764451051977934 2.0452296421327034 1.9623414611334493
    [InlineData(1, 0.95, 12.7062047361746941)]
    [InlineData(2, 0.95, 4.3026527297494619)]
    [InlineData(4, 0.95, 2.7764451051977934)]
    [InlineData(29, 0.95, 2.0452296421327034)]
    [InlineData(999, 0.95, 1.9623414611334493)]
    // R: qt(0.995, 11) -> 3.10580651553928
    [InlineData(11, 0.99, 3.10580651553928)]
    public void CriticalValue_MatchesRsQt(int degreesOfFreedom, double level, double expected) =>
        Close.To(expected, StudentTInterval.CriticalValue(degreesOfFreedom, level), 1e-13);

    [Fact]
    public void ForMean_MatchesRsTTest()
    {
        // R: t.test(c(1,2,3,4,10))$conf.int -> -0.38994516542541391 8.38994516542541469
        var interval = StudentTInterval.ForMean([1, 2, 3, 4, 10])!.Value;
        Close.To(-0.38994516542541391, interval.Lower);
        Close.To(8.38994516542541469, interval.Upper);
        Assert.Equal(0.95, interval.Level);
    }

    [Fact]
    public void ForMean_AtNinetyNinePercent_MatchesRsTTest()
    {
        // R: t.test(c(62,70,55,81,90,47,73,66,58,77,85,69), conf.level=0.99)$conf.int -> 58.015081566534974 80.818251766798355
        var interval = StudentTInterval.ForMean([62, 70, 55, 81, 90, 47, 73, 66, 58, 77, 85, 69], 0.99)!.Value;
        Close.To(58.015081566534974, interval.Lower);
        Close.To(80.818251766798355, interval.Upper);
    }

    [Fact]
    public void ForMean_FromASummary_EqualsFromTheValues()
    {
        // 1,2,3,4,10: mean 4, squared deviations 9+4+1+0+36 = 50, s = √12.5.
        Assert.Equal(StudentTInterval.ForMean([1, 2, 3, 4, 10]), StudentTInterval.ForMean(5, 4, Math.Sqrt(12.5)));
    }

    [Fact]
    public void ForMean_FewerThanTwoValues_HasNoInterval()
    {
        Assert.Null(StudentTInterval.ForMean([]));
        Assert.Null(StudentTInterval.ForMean([3]));
        Assert.Null(StudentTInterval.ForMean(1, 3, 0));
    }

    [Fact]
    public void ForMean_IdenticalValues_GiveAPointInterval() =>
        Assert.Equal(new ConfidenceInterval(4, 4, 0.95), StudentTInterval.ForMean([4, 4, 4]));

    [Fact]
    public void ForMean_ALevelOutsideZeroToOne_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentTInterval.ForMean([1, 2], 95));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentTInterval.ForMean([1, 2], 0));
    }
}
