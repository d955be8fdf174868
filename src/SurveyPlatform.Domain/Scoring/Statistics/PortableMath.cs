namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// Natural logarithm and exponential written with IEEE 754 basic operations only (+, −, ×, ÷),
/// which give the same bits on every machine. <see cref="Math.Log(double)"/> and
/// <see cref="Math.Exp"/> call the platform's C library, whose last bits may differ between
/// operating systems and processors; the random variates use these instead so that a seed
/// reproduces the same draws everywhere. Both agree with <see cref="Math"/> to a few units in
/// the last place.
/// </summary>
public static class PortableMath
{
    // ln 2 split so that k · Ln2High is exact for |k| < 2^11 (the constants of fdlibm's e_log.c).
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;
    private const double InverseLn2 = 1.44269504088896338700e+00;
    private const double Sqrt2 = 1.41421356237309504880;
    private const double SmallestNormal = 2.2250738585072014e-308;

    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0)
        {
            return double.NaN;
        }

        if (x == 0)
        {
            return double.NegativeInfinity;
        }

        if (double.IsPositiveInfinity(x))
        {
            return x;
        }

        // x = m · 2^e with m in [√½, √2).
        var exponent = 0;
        if (x < SmallestNormal)
        {
            x *= 18014398509481984.0; // 2^54, to make a subnormal normal
            exponent = -54;
        }

        var bits = BitConverter.DoubleToUInt64Bits(x);
        exponent += (int)((bits >> 52) & 0x7FF) - 1023;
        var m = BitConverter.UInt64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFUL) | 0x3FF0_0000_0000_0000UL);
        if (m > Sqrt2)
        {
            m /= 2;
            exponent++;
        }

        // log(1 + f) = 2·atanh(s) with s = f / (2 + f), |s| ≤ 0.1716; since 2s = f − s·f this is
        // f − s·(f − T) with T = Σ 2s^(2k)/(2k + 1), k = 1 … 14, whose last term is below 1e-21.
        var f = m - 1;
        var s = f / (2 + f);
        var z = s * s;
        var series = 0.0;
        for (var k = 14; k >= 1; k--)
        {
            series = (series + (2.0 / ((2 * k) + 1))) * z;
        }

        var logM = f - (s * (f - series));
        return (exponent * Ln2High) + (logM + (exponent * Ln2Low));
    }

    public static double Exp(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x > 709.782712893384)
        {
            return double.PositiveInfinity;
        }

        if (x < -745.2)
        {
            return 0;
        }

        // x = k·ln 2 + r with |r| ≤ ½ ln 2; e^r by its Taylor series to r^17/17! (below 1e-23).
        var k = Math.Round(x * InverseLn2, MidpointRounding.ToEven);
        var r = (x - (k * Ln2High)) - (k * Ln2Low);
        var sum = 1.0;
        for (var n = 17; n >= 1; n--)
        {
            sum = 1 + (sum * r / n);
        }

        return Math.ScaleB(sum, (int)k);
    }
}
