using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Statistics;

public sealed class PortableMathTests
{
    [Fact]
    public void Log_ExactAndSpecialValues()
    {
        Assert.Equal(0d, PortableMath.Log(1));
        Close.To(Math.Log(2), PortableMath.Log(2), 2e-16);
        Close.To(1, PortableMath.Log(Math.E), 2e-16);
        Close.To(-744.44007192138126, PortableMath.Log(double.Epsilon), 2e-16); // the smallest subnormal, 2^−1074
        Assert.Equal(double.NegativeInfinity, PortableMath.Log(0));
        Assert.True(double.IsNaN(PortableMath.Log(-1)));
        Assert.Equal(double.PositiveInfinity, PortableMath.Log(double.PositiveInfinity));
    }

    [Fact]
    public void Exp_ExactAndSpecialValues()
    {
        Assert.Equal(1d, PortableMath.Exp(0));
        Close.To(Math.E, PortableMath.Exp(1), 2e-16);
        Close.To(0.5, PortableMath.Exp(-Math.Log(2)), 2e-16);
        Assert.Equal(double.PositiveInfinity, PortableMath.Exp(1000));
        Assert.Equal(0d, PortableMath.Exp(-1000));
    }

    [Fact]
    public void LogAndExp_AgreeWithTheSystemLibrary_ToAFewUnitsInTheLastPlace()
    {
        var random = new Xoshiro256StarStar(11);
        for (var i = 0; i < 20_000; i++)
        {
            var x = PortableMath.Exp((random.NextDouble() * 80) - 40); // spans e^−40 … e^40
            Close.To(Math.Log(x), PortableMath.Log(x), 1e-15);
            var y = (random.NextDouble() * 1400) - 700;
            var expected = Math.Exp(y);
            Assert.True(Math.Abs(PortableMath.Exp(y) - expected) <= 1e-15 * expected, $"exp({y:R})");
        }
    }
}
