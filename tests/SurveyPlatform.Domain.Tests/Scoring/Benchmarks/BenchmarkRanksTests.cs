using SurveyPlatform.Domain.Scoring.Benchmarks;

namespace SurveyPlatform.Domain.Tests.Scoring.Benchmarks;

public class BenchmarkRanksTests
{
    private static readonly SuppressionPolicy K3 = new(3);

    [Fact]
    public void Percentile_rank_is_the_mid_rank_with_ties_counted_half()
    {
        double[] reference = [10, 20, 20, 30, 40];

        // 10: below 0, equal 1 → 0.5/5·100 = 10.
        Assert.Equal(10, BenchmarkRanks.PercentileRank(10, reference), 12);
        // 20: below 1, equal 2 → (1 + 1)/5·100 = 40 (both tied organisations).
        Assert.Equal(40, BenchmarkRanks.PercentileRank(20, reference), 12);
        // 30: below 3, equal 1 → 3.5/5·100 = 70.
        Assert.Equal(70, BenchmarkRanks.PercentileRank(30, reference), 12);
        // 40: below 4, equal 1 → 90.
        Assert.Equal(90, BenchmarkRanks.PercentileRank(40, reference), 12);
        // A value not in the group: 25 → below 3, equal 0 → 60.
        Assert.Equal(60, BenchmarkRanks.PercentileRank(25, reference), 12);
    }

    [Fact]
    public void PercentileRank_OfAScoreTiedWithEveryOther_Is50() =>
        Assert.Equal(50, BenchmarkRanks.PercentileRank(7, [7.0, 7, 7]), 12);

    [Fact]
    public void Ranks_within_segment_and_overall_with_missing_scores_left_out()
    {
        // Overall scores. Payer: a 10, b 20, c 20, d missing. Provider: e 30, f 40, g 50.
        // Unknown segment: h 60.
        var organisations = new[]
        {
            Org("a", "payer", 10, 80),
            Org("b", "payer", 20, 70),
            Org("c", "payer", 20, null),
            Org("d", "payer", null, 60),
            Org("e", "provider", 30, 50),
            Org("f", "provider", 40, null),
            Org("g", "provider", 50, 40),
            Org("h", null, 60, 30),
        };

        var result = BenchmarkRanks.Compute(organisations, ["people"], K3);

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], result.Select(r => r.Id));
        // Payer reference group for overall: {10, 20, 20}, n = 3 (d is missing, left out).
        // a: 0.5/3 → 16.67; b and c: (1 + 1)/3 → 66.67.
        AssertRank(100.0 / 6, 3, result[0].Overall.WithinSegment);
        AssertRank(200.0 / 3, 3, result[1].Overall.WithinSegment);
        AssertRank(200.0 / 3, 3, result[2].Overall.WithinSegment);
        // All organisations with an overall score: {10, 20, 20, 30, 40, 50, 60}, n = 7.
        // a: 0.5/7; b: 2/7; e: 3.5/7; h: 6.5/7.
        AssertRank(50.0 / 7, 7, result[0].Overall.AllOrganisations);
        AssertRank(200.0 / 7, 7, result[1].Overall.AllOrganisations);
        AssertRank(350.0 / 7, 7, result[4].Overall.AllOrganisations);
        AssertRank(650.0 / 7, 7, result[7].Overall.AllOrganisations);
        // d has no overall score: no rank anywhere.
        Assert.Null(result[3].Overall.WithinSegment);
        Assert.Null(result[3].Overall.AllOrganisations);
        // h has no segment: no within-segment rank.
        Assert.Null(result[7].Overall.WithinSegment);
        // Provider overall {30, 40, 50}: g → 2.5/3.
        AssertRank(250.0 / 3, 3, result[6].Overall.WithinSegment);

        // Dimension "people". Payer {80, 70, 60} (c missing): d 60 → 0.5/3.
        AssertRank(100.0 / 6, 3, result[3].Dimensions["people"].WithinSegment);
        Assert.Null(result[2].Dimensions["people"].WithinSegment);
        // Provider {50, 40} (f missing): n = 2 < 3, suppressed.
        Assert.Equal(new Suppressed<double>(3, SuppressionReason.BelowK), result[4].Dimensions["people"].WithinSegment);
        Assert.Equal(new Suppressed<double>(3, SuppressionReason.BelowK), result[6].Dimensions["people"].WithinSegment);
        // All with people: {80, 70, 60, 50, 40, 30}, n = 6; e 50 → 2.5/6.
        AssertRank(250.0 / 6, 6, result[4].Dimensions["people"].AllOrganisations);
    }

    [Fact]
    public void Reference_groups_below_k_are_suppressed_and_at_k_are_shown()
    {
        // Segment x has 4 organisations, segment y has 5; k = 5.
        var organisations = Enumerable.Range(0, 4).Select(i => Org($"x{i}", "x", i, null))
            .Concat(Enumerable.Range(0, 5).Select(i => Org($"y{i}", "y", i, null)))
            .ToArray();

        var result = BenchmarkRanks.Compute(organisations, [], SuppressionPolicy.Default);

        Assert.All(result.Take(4), r => Assert.Equal("suppressed (n<5)", r.Overall.WithinSegment!.Label));
        // y0..y4 with scores 0..4: y2 → 2.5/5 = 50.
        AssertRank(50, 5, result[6].Overall.WithinSegment);
        // Overall group {0,1,2,3,0,1,2,3,4}, n = 9: x0 score 0 → (0 + 1)/9.
        AssertRank(100.0 / 9, 9, result[0].Overall.AllOrganisations);
    }

    [Fact]
    public void NaN_CountsAsMissing()
    {
        var organisations = new[] { Org("a", "s", double.NaN, null), Org("b", "s", 1, null), Org("c", "s", 2, null), Org("d", "s", 3, null) };

        var result = BenchmarkRanks.Compute(organisations, [], K3);

        Assert.Null(result[0].Overall.AllOrganisations);
        AssertRank(50, 3, result[2].Overall.AllOrganisations);
    }

    [Fact]
    public void Duplicate_organisations_are_refused() =>
        Assert.Throws<ArgumentException>(() => BenchmarkRanks.Compute([Org("a", "s", 1, null), Org("a", "s", 2, null)], [], K3));

    [Fact]
    public void Percentiles_over_columns_leave_out_missing_scores_unknown_segments_and_groups_below_k()
    {
        // Segment 0: 10, 20, 20, missing. Segment 1: 30, 40 (n = 2 < k = 3). Unknown segment: 60.
        double[] values = [10, 20, 20, double.NaN, 30, 40, 60];
        int[] segments = [0, 0, 0, 0, 1, 1, -1];
        var within = new double[values.Length];
        var all = new double[values.Length];

        BenchmarkRanks.Percentiles(values, segments, 2, K3, within, all);

        // Within segment 0 {10, 20, 20}: 0.5/3 and (1 + 1)/3; segment 1 below k; no segment, no rank.
        AssertColumn([100.0 / 6, 200.0 / 3, 200.0 / 3, double.NaN, double.NaN, double.NaN, double.NaN], within);
        // Among all six scores {10, 20, 20, 30, 40, 60}: 0.5/6, 2/6, 2/6, –, 3.5/6, 4.5/6, 5.5/6.
        AssertColumn([50.0 / 6, 200.0 / 6, 200.0 / 6, double.NaN, 350.0 / 6, 450.0 / 6, 550.0 / 6], all);

        static void AssertColumn(double[] expected, double[] actual) =>
            Assert.Equal(expected, actual, (x, y) => double.IsNaN(x) ? double.IsNaN(y) : Math.Abs(x - y) < 1e-10);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(7, 5)]
    [InlineData(42, 3)]
    public void Percentiles_over_columns_equal_Compute_on_random_data_bit_for_bit(int seed, int k)
    {
        var random = new Random(seed);
        var n = 400;
        string[] names = ["payer", "pharma", "provider", "tiny"];
        var values = new double[n];
        var segmentOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            // Few distinct values (ties), some missing; the "tiny" segment stays below k for k = 5.
            values[i] = random.Next(10) == 0 ? double.NaN : Math.Round(random.NextDouble() * 20) * 5;
            segmentOf[i] = random.Next(12) == 0 ? -1 : i % 100 < 4 ? 3 : random.Next(3);
        }

        var policy = new SuppressionPolicy(k);
        var within = new double[n];
        var all = new double[n];
        BenchmarkRanks.Percentiles(values, segmentOf, names.Length, policy, within, all);
        var expected = BenchmarkRanks.Compute(
            [.. values.Select((v, i) => new OrganisationScores($"o{i}", segmentOf[i] >= 0 ? names[segmentOf[i]] : null, double.IsNaN(v) ? null : v, new Dictionary<string, double?>()))],
            [],
            policy);

        for (var i = 0; i < n; i++)
        {
            Assert.Equal(Value(expected[i].Overall.WithinSegment), within[i]);
            Assert.Equal(Value(expected[i].Overall.AllOrganisations), all[i]);
        }

        static double Value(GroupFigure<double>? figure) => figure is Published<double> p ? p.Value : double.NaN;
    }

    [Fact]
    public void Percentiles_refuse_columns_of_other_lengths_and_infinite_scores()
    {
        var four = new double[4];
        Assert.Throws<ArgumentException>(() => BenchmarkRanks.Percentiles([1, 2, 3], [0, 0, 0, 0], 1, K3, four, four));
        Assert.Throws<ArgumentException>(() => BenchmarkRanks.Percentiles([1, double.PositiveInfinity, 3, 4], [0, 0, 0, 0], 1, K3, four, four));
    }

    private static OrganisationScores Org(string id, string? segment, double? overall, double? people) =>
        new(id, segment, overall, new Dictionary<string, double?> { ["people"] = people });

    private static void AssertRank(double expected, int n, GroupFigure<double>? figure)
    {
        var published = Assert.IsType<Published<double>>(figure);
        Assert.Equal(n, published.N);
        Assert.Equal(expected, published.Value, 10);
    }
}
