using SurveyPlatform.Domain.Scoring.Benchmarks;

namespace SurveyPlatform.Domain.Tests.Scoring.Benchmarks;

public class RakingTests
{
    [Fact]
    public void Balanced_two_variable_sample_converges_in_one_pass_by_hand()
    {
        // Respondents: (payer, large), (payer, small), (provider, large), (provider, small).
        // Targets: payer 0.25, provider 0.75; large 0.6, small 0.4.
        // Segment step: payer 0.25·4/2 = 0.5 each, provider 0.75·4/2 = 1.5 each.
        // Size step: large total 0.5 + 1.5 = 2, target 0.6·4 = 2.4 → ×1.2; small 2 → 1.6, ×0.8.
        // Weights 0.6, 0.4, 1.8, 1.2; segment shares stay 1/4 and 3/4, so one pass converges.
        var result = Raking.Rake(
        [
            Variable("segment", ["payer", "payer", "provider", "provider"], ("payer", 0.25), ("provider", 0.75)),
            Variable("size", ["large", "small", "large", "small"], ("large", 0.6), ("small", 0.4)),
        ]);

        Assert.True(result.Converged);
        Assert.Equal(1, result.Iterations);
        AssertWeights([0.6, 0.4, 1.8, 1.2], result.Weights, 1e-12);
        // Kish: (Σw)²/Σw² = 16 / (0.36 + 0.16 + 3.24 + 1.44) = 16/5.2.
        Assert.Equal(16 / 5.2, result.EffectiveSampleSize, 12);
    }

    [Fact]
    public void Unbalanced_two_by_two_matches_the_closed_form()
    {
        // Cells (a,x) ×2, (a,y), (b,x), (b,y); all margins 0.5. Raking keeps the sample odds ratio
        // (2·1)/(1·1) = 2, so the fitted shares are p, ½ − p, ½ − p, p with p²/(½ − p)² = 2:
        // p = 1 − √2/2. Per respondent (mean 1, n = 5): (a,x) 5p/2 = 2.5 − 1.25√2 ≈ 0.732233,
        // (a,y) and (b,x) 5(½ − p) = 2.5√2 − 2.5 ≈ 1.035534, (b,y) 5p = 5 − 2.5√2 ≈ 1.464466.
        var result = Raking.Rake(
        [
            Variable("first", ["a", "a", "a", "b", "b"], ("a", 0.5), ("b", 0.5)),
            Variable("second", ["x", "x", "y", "x", "y"], ("x", 0.5), ("y", 0.5)),
        ],
        new RakingOptions(Tolerance: 1e-12, MaxIterations: 1000));

        var r2 = Math.Sqrt(2);
        double ax = 2.5 - (1.25 * r2), ay = (2.5 * r2) - 2.5, by = 5 - (2.5 * r2);
        Assert.True(result.Converged);
        Assert.True(result.Iterations > 1);
        Assert.True(result.MaxShareError <= 1e-12);
        AssertWeights([ax, ax, ay, ay, by], result.Weights, 1e-9);
        Assert.Equal(5, result.Weights.Sum(), 12);
        // Σw² = 2·0.536165 + 2·1.072330 + 2.144661 ≈ 5.361652; ESS = 25/Σw² ≈ 4.662742.
        Assert.Equal(25 / ((2 * ax * ax) + (2 * ay * ay) + (by * by)), result.EffectiveSampleSize, 8);
        Assert.Equal(4.662742, result.EffectiveSampleSize, 5);
    }

    [Fact]
    public void Three_segments_and_a_second_variable_meet_every_margin()
    {
        string[] segment = ["payer", "payer", "pharma", "provider", "provider", "provider", "provider", "pharma", "provider", "payer"];
        string[] region = ["eu", "us", "us", "us", "eu", "us", "us", "eu", "us", "us"];
        var result = Raking.Rake(
        [
            Variable("segment", segment, ("payer", 0.2), ("pharma", 0.3), ("provider", 0.5)),
            Variable("region", region, ("eu", 0.45), ("us", 0.55)),
        ],
        new RakingOptions(Tolerance: 1e-10, MaxIterations: 500));

        Assert.True(result.Converged);
        AssertShare(0.2, segment, "payer", result.Weights);
        AssertShare(0.3, segment, "pharma", result.Weights);
        AssertShare(0.5, segment, "provider", result.Weights);
        AssertShare(0.45, region, "eu", result.Weights);
        AssertShare(0.55, region, "us", result.Weights);
        Assert.Equal(10, result.Weights.Sum(), 10);
    }

    [Fact]
    public void A_sample_already_on_its_margins_needs_no_pass()
    {
        var result = Raking.Rake([Variable("s", ["a", "b", "a", "b"], ("a", 0.5), ("b", 0.5))]);

        Assert.True(result.Converged);
        Assert.Equal(0, result.Iterations);
        AssertWeights([1, 1, 1, 1], result.Weights, 0);
        Assert.Equal(4, result.EffectiveSampleSize, 12);
    }

    [Fact]
    public void Unreachable_margins_do_not_converge()
    {
        // Both variables split the respondents the same way, so their margins (0.5 vs 0.3) conflict:
        // each pass undoes the other and the shares oscillate.
        var result = Raking.Rake(
        [
            Variable("first", ["a", "a", "b", "b"], ("a", 0.5), ("b", 0.5)),
            Variable("second", ["x", "x", "y", "y"], ("x", 0.3), ("y", 0.7)),
        ],
        new RakingOptions(MaxIterations: 25));

        Assert.False(result.Converged);
        Assert.Equal(25, result.Iterations);
        // After each pass the second variable is met, so the first is off by 0.2.
        Assert.Equal(0.2, result.MaxShareError, 10);
    }

    [Fact]
    public void Margins_not_summing_to_1_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Raking.Rake(
            [Variable("segment", ["payer", "pharma", "provider"], ("payer", 0.3), ("pharma", 0.3), ("provider", 0.3))]));

        Assert.Contains("'segment' margins sum to 0.8999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Margins_within_the_sum_tolerance_are_accepted()
    {
        var result = Raking.Rake(
            [Variable("s", ["a", "b"], ("a", 0.5), ("b", 0.5 + 1e-7))],
            new RakingOptions(MarginSumTolerance: 1e-6));

        Assert.True(result.Converged);
    }

    [Fact]
    public void Every_problem_is_listed_including_categories_with_no_respondents()
    {
        var error = Assert.Throws<ArgumentException>(() => Raking.Rake(
        [
            Variable("segment", ["payer", "payer", "other"], ("payer", 0.4), ("pharma", 0.3), ("provider", 0.3)),
            Variable("region", ["eu", null, "eu"], ("eu", 0.5), ("us", 0.5)),
        ]));

        Assert.Contains("'segment' has categories with no respondents: pharma, provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("'segment' has categories without a margin: other", error.Message, StringComparison.Ordinal);
        Assert.Contains("'region' is missing for 1 respondent(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'region' has categories with no respondents: us", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_positive_margins_and_mismatched_lengths_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Raking.Rake(
        [
            Variable("a", ["p", "q"], ("p", 1.0), ("q", 0.0)),
            Variable("b", ["x"], ("x", 1.0)),
        ]));

        Assert.Contains("'a' has margins that are not positive: q", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b' has 1 respondents, not 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Effective_sample_size_is_Kish_formula_by_hand()
    {
        // (1 + 1 + 2 + 4)² / (1 + 1 + 4 + 16) = 64/22.
        Assert.Equal(64.0 / 22, Weighting.EffectiveSampleSize([1, 1, 2, 4]), 12);
        Assert.Equal(3, Weighting.EffectiveSampleSize([0.7, 0.7, 0.7]), 12);
    }

    [Fact]
    public void Weighted_mean_by_hand_skips_missing_values()
    {
        // (1·10 + 3·20) / (1 + 3) = 17.5; the missing value's weight 5 is dropped.
        Assert.Equal(17.5, Weighting.WeightedMean([(10, 1), (20, 3), (null, 5), (double.NaN, 2)])!.Value, 12);
        Assert.Null(Weighting.WeightedMean([(null, 1)]));
        Assert.Null(Weighting.WeightedMean([(4, 0)]));
        Assert.Throws<ArgumentException>(() => Weighting.WeightedMean([(1, -1)]));
    }

    /// <summary>
    /// Raking the distinct category combinations with their sizes gives every respondent the weight raking them one by
    /// one gives (to rounding), with the same passes, error and effective sample size; problems count respondents.
    /// </summary>
    [Fact]
    public void Grouped_by_combination_with_frequencies_gives_the_respondent_by_respondent_weights()
    {
        var random = new Random(9);
        string[] segments = ["payer", "pharma", "provider"];
        string[] sizes = ["small", "medium", "large"];
        var people = Enumerable.Range(0, 500).Select(_ => (Segment: segments[random.Next(3)], Size: sizes[random.Next(random.Next(1, 4))])).ToList();
        RakingVariable[] Variables(IReadOnlyList<(string Segment, string Size)> units) =>
        [
            Variable("segment", [.. units.Select(u => u.Segment)], ("payer", 0.2), ("pharma", 0.3), ("provider", 0.5)),
            Variable("size", [.. units.Select(u => u.Size)], ("small", 0.5), ("medium", 0.3), ("large", 0.2)),
        ];

        var single = Raking.Rake(Variables(people));
        var groups = people.Distinct().ToList();
        var grouped = Raking.Rake(Variables(groups), [.. groups.Select(g => people.Count(p => p == g))]);

        Assert.True(groups.Count < 10);
        Assert.Equal(single.Converged, grouped.Converged);
        Assert.Equal(single.Iterations, grouped.Iterations);
        Assert.Equal(single.MaxShareError, grouped.MaxShareError, 12);
        Assert.Equal(single.EffectiveSampleSize, grouped.EffectiveSampleSize, 9);
        AssertWeights([.. people.Select(p => grouped.Weights[groups.IndexOf(p)])], single.Weights, 1e-12);

        var missing = Assert.Throws<ArgumentException>(() => Raking.Rake(
            [Variable("segment", ["payer", null], ("payer", 1))], [3, 4]));
        Assert.Contains("missing for 4 respondent(s)", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Raking.Rake([Variable("segment", ["payer"], ("payer", 1))], [0]));
        Assert.Throws<ArgumentException>(() => Raking.Rake([Variable("segment", ["payer"], ("payer", 1))], [1, 1]));
    }

    private static RakingVariable Variable(string name, string?[] categories, params (string Code, double Share)[] margins) =>
        new(name, categories, margins.ToDictionary(m => m.Code, m => m.Share));

    private static void AssertWeights(double[] expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"weight {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    private static void AssertShare(double expected, string[] categories, string code, IReadOnlyList<double> weights)
    {
        var share = categories.Select((c, i) => c == code ? weights[i] : 0).Sum() / weights.Sum();
        Assert.True(Math.Abs(share - expected) <= 1e-9, $"{code}: expected share {expected}, got {share:R}");
    }
}
