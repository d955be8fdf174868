namespace SurveyPlatform.Domain.Scoring.Statistics;

/// <summary>
/// Normal, gamma and Dirichlet draws from a <see cref="Xoshiro256StarStar"/> stream, using only
/// basic arithmetic, <see cref="Math.Sqrt"/> (correctly rounded by IEEE 754) and
/// <see cref="PortableMath"/>, so a seed gives the same draws on every machine.
/// </summary>
public static class RandomVariates
{
    /// <summary>
    /// Standard normal by Marsaglia's polar method: u, v uniform on (−1, 1), retried until
    /// 0 &lt; s = u² + v² &lt; 1; returns u·√(−2 ln s / s). The second variate of the pair is
    /// discarded so that each call's consumption of the stream depends on nothing but the call.
    /// </summary>
    public static double StandardNormal(Xoshiro256StarStar random)
    {
        ArgumentNullException.ThrowIfNull(random);
        while (true)
        {
            var u = (2 * random.NextDouble()) - 1;
            var v = (2 * random.NextDouble()) - 1;
            var s = (u * u) + (v * v);
            if (s > 0 && s < 1)
            {
                return u * Math.Sqrt(-2 * PortableMath.Log(s) / s);
            }
        }
    }

    /// <summary>
    /// Gamma(shape, scale 1) by Marsaglia and Tsang (2000). For shape a ≥ 1: d = a − ⅓,
    /// c = 1/√(9d); draw x standard normal and v = (1 + c·x)³ until v &gt; 0, u uniform on (0, 1),
    /// and accept d·v if u &lt; 1 − 0.0331·x⁴ or ln u &lt; x²/2 + d·(1 − v + ln v). For a &lt; 1:
    /// Gamma(a + 1) · u^(1/a).
    /// </summary>
    public static double Gamma(Xoshiro256StarStar random, double shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(shape > 0) || double.IsPositiveInfinity(shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "The shape must be positive and finite.");
        }

        if (shape < 1)
        {
            var g = Gamma(random, shape + 1);
            return g * PortableMath.Exp(PortableMath.Log(random.NextOpenDouble()) / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = StandardNormal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextOpenDouble();
            var x2 = x * x;
            if (u < 1 - (0.0331 * x2 * x2)
                || PortableMath.Log(u) < (0.5 * x2) + (d * (1 - v + PortableMath.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>
    /// Dirichlet(α₁ … α_k): independent Gamma(α_i) draws, in order, each divided by their sum. Its
    /// mean is α_i / α₀ (α₀ = Σα) and its variance α_i(α₀ − α_i) / (α₀²(α₀ + 1)); to perturb weights
    /// w (summing to 1) around themselves use α = c·w, where a larger concentration c draws closer.
    /// </summary>
    public static double[] Dirichlet(Xoshiro256StarStar random, IReadOnlyList<double> alpha)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Count == 0)
        {
            throw new ArgumentException("A Dirichlet needs at least one parameter.", nameof(alpha));
        }

        var draws = new double[alpha.Count];
        var sum = 0.0;
        for (var i = 0; i < draws.Length; i++)
        {
            draws[i] = Gamma(random, alpha[i]);
            sum += draws[i];
        }

        if (!(sum > 0))
        {
            // Only reachable when every α is so small that each gamma draw underflows to 0.
            throw new ArgumentException("The parameters are too small: every gamma draw underflowed to 0.", nameof(alpha));
        }

        for (var i = 0; i < draws.Length; i++)
        {
            draws[i] /= sum;
        }

        return draws;
    }
}
