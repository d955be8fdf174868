using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class WilsonIntervalTests
{
    // qnorm(0.975) in R: 1.959963984540054
    private const double Z = 1.959963984540054;

    [Fact]
    public void ForProportion_NoSuccesses_RunsFromZeroToZSquaredOverNPlusZSquared()
    {
        // p̂ = 0: the bounds are (z²/2n ± z²/2n) / (1 + z²/n), i.e. 0 and z²/(n + z²).
        var interval = WilsonInterval.ForProportion(0, 10)!.Value;
        Assert.Equal(0d, interval.Lower);
        Close.To(Z * Z / (10 + (Z * Z)), interval.Upper);
        // R: prop.test(0, 10, correct=FALSE)$conf.int -> 0 0.27753279986288915
        Close.To(0.27753279986288915, interval.Upper);
    }

    [Fact]
    public void ForProportion_AllSuccesses_RunsFromNOverNPlusZSquaredToOne()
    {
        var interval = WilsonInterval.ForProportion(10, 10)!.Value;
        Close.To(10 / (10 + (Z * Z)), interval.Lower);
        Assert.Equal(1d, interval.Upper);
        // R: prop.test(10, 10, correct=FALSE)$conf.int -> 0.72246720013711085 1
        Close.To(0.72246720013711085, interval.Lower);
    }

    [Fact]
    public void ForProportion_Half_IsSymmetricAroundAHalf()
    {
        // p̂ = ½, n = 10: centre ½; half-width z·√(1/40 + z²/400) / (1 + z²/10).
        var interval = WilsonInterval.ForProportion(5, 10)!.Value;
        var halfWidth = Z * Math.Sqrt((1d / 40) + (Z * Z / 400)) / (1 + (Z * Z / 10));
        Close.To(0.5 - halfWidth, interval.Lower);
        Close.To(0.5 + halfWidth, interval.Upper);
    }

    [Theory]
    // R: prop.test(7, 20, correct=FALSE)$conf.int -> 0.18119182410108206 0.56714572331476365
    [InlineData(7, 20, 0.95, 0.18119182410108206, 0.56714572331476365)]
    // R: prop.test(3, 5, correct=FALSE)$conf.int -> 0.23072428127601299 0.88237922576735195
    [InlineData(3, 5, 0.95, 0.23072428127601299, 0.88237922576735195)]
    // R: prop.test(1, 3, conf.level=0.9, correct=FALSE)$conf.int -> 0.078265726333728428 0.746466131718775738
    [InlineData(1, 3, 0.9, 0.078265726333728428, 0.746466131718775738)]
    // R: prop.test(412, 1000, correct=FALSE)$conf.int -> 0.38188731127995779 0.44278619821349990
    [InlineData(412, 1000, 0.95, 0.38188731127995779, 0.44278619821349990)]
    public void ForProportion_MatchesRsPropTestWithoutCorrection(int successes, int n, double level, double lower, double upper)
    {
        var interval = WilsonInterval.ForProportion(successes, n, level)!.Value;
        Close.To(lower, interval.Lower);
        Close.To(upper, interval.Upper);
        Assert.Equal(level, interval.Level);
    }

    [Fact]
    public void ForProportion_NoneAsked_HasNoInterval() => Assert.Null(WilsonInterval.ForProportion(0, 0));

    [Fact]
    public void ForProportion_ImpossibleCounts_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.ForProportion(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.ForProportion(-1, 5));
    }
}
