using SurveyPlatform.Domain.Scoring.Benchmarks;

namespace SurveyPlatform.Domain.Tests.Scoring.Benchmarks;

public class SuppressionTests
{
    [Fact]
    public void DefaultK_Is5()
    {
        Assert.Equal(5, SuppressionPolicy.Default.K);
        Assert.Equal(5, new SuppressionPolicy().K);
    }

    [Fact]
    public void A_group_of_k_minus_1_is_suppressed_without_any_number()
    {
        var figure = new SuppressionPolicy(5).Publish(4, 72.5);

        var suppressed = Assert.IsType<Suppressed<double>>(figure);
        Assert.False(figure.IsPublished);
        Assert.Equal(SuppressionReason.BelowK, suppressed.Reason);
        Assert.Equal("suppressed (n<5)", figure.Label);
        Assert.Equal("suppressed (n<5)", figure.ToString());
        // Neither the value nor the exact n is carried.
        Assert.DoesNotContain("72", figure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("4", figure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(Suppressed<double>).GetProperties(), p => p.Name is "N" or "Value");
    }

    [Fact]
    public void A_group_of_exactly_k_is_published_with_its_n()
    {
        var figure = new SuppressionPolicy(5).Publish(5, 72.5);

        var published = Assert.IsType<Published<double>>(figure);
        Assert.True(figure.IsPublished);
        Assert.Equal(72.5, published.Value);
        Assert.Equal(5, published.N);
        Assert.Equal("72.5", figure.Label);
    }

    [Fact]
    public void A_k_of_3_the_lowest_allowed_suppresses_below_3_and_publishes_from_3()
    {
        var policy = new SuppressionPolicy(3);

        Assert.IsType<Suppressed<int>>(policy.Publish(2, 10));
        Assert.IsType<Published<int>>(policy.Publish(3, 10));
        Assert.Equal("suppressed (n<3)", policy.Publish(2, 10).Label);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-5)]
    public void K_below_3_is_refused_not_clamped(int k)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SuppressionPolicy(k));
        Assert.Equal("k", error.ParamName);
    }

    [Fact]
    public void A_lazy_value_is_not_computed_for_a_suppressed_group()
    {
        var calls = 0;
        var figure = SuppressionPolicy.Default.Publish(4, () => ++calls);

        Assert.False(figure.IsPublished);
        Assert.Equal(0, calls);
        Assert.Equal(1, Assert.IsType<Published<int>>(SuppressionPolicy.Default.Publish(5, () => ++calls)).Value);
    }

    [Fact]
    public void NegativeN_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SuppressionPolicy.Default.Publish(-1, 1.0));

    [Fact]
    public void Apply_suppresses_each_small_group_and_keeps_order()
    {
        var groups = new[]
        {
            new GroupValue<string, double>("payer", 12, 40.0),
            new GroupValue<string, double>("pharma", 4, 55.0),
            new GroupValue<string, double>("provider", 5, 61.0),
        };

        var result = Suppression.Apply(groups, SuppressionPolicy.Default);

        Assert.Equal(["payer", "pharma", "provider"], result.Select(r => r.Key));
        Assert.Equal(new Published<double>(40.0, 12), result[0].Figure);
        Assert.Equal(new Suppressed<double>(5, SuppressionReason.BelowK), result[1].Figure);
        Assert.Equal(new Published<double>(61.0, 5), result[2].Figure);
    }

    [Fact]
    public void One_small_group_with_a_published_total_also_hides_the_next_smallest()
    {
        // Counts: payer 12, pharma 4, provider 7, other 9; total 32 published. Without the rule
        // pharma = 32 − 12 − 7 − 9 = 4. Provider (7) is the smallest published group, so it goes too.
        var groups = new[]
        {
            new GroupValue<string, int>("payer", 12, 12),
            new GroupValue<string, int>("pharma", 4, 4),
            new GroupValue<string, int>("provider", 7, 7),
            new GroupValue<string, int>("other", 9, 9),
        };

        var result = Suppression.ApplyToPartition(groups, SuppressionPolicy.Default, totalPublished: true);

        Assert.Equal(new Published<int>(12, 12), result[0].Figure);
        Assert.Equal(new Suppressed<int>(5, SuppressionReason.BelowK), result[1].Figure);
        Assert.Equal(new Suppressed<int>(5, SuppressionReason.Complementary), result[2].Figure);
        Assert.Equal("suppressed (complementary)", result[2].Figure.Label);
        Assert.Equal(new Published<int>(9, 9), result[3].Figure);
    }

    [Fact]
    public void Complementary_ties_take_the_first_in_input_order()
    {
        var groups = new[]
        {
            new GroupValue<string, int>("a", 8, 0),
            new GroupValue<string, int>("b", 6, 0),
            new GroupValue<string, int>("c", 2, 0),
            new GroupValue<string, int>("d", 6, 0),
        };

        var result = Suppression.ApplyToPartition(groups, SuppressionPolicy.Default, totalPublished: true);

        Assert.Equal([true, false, false, true], result.Select(r => r.Figure.IsPublished));
        Assert.Equal(SuppressionReason.Complementary, Assert.IsType<Suppressed<int>>(result[1].Figure).Reason);
    }

    [Fact]
    public void No_complement_when_the_total_is_not_published()
    {
        var groups = new[]
        {
            new GroupValue<string, int>("a", 8, 0),
            new GroupValue<string, int>("b", 2, 0),
            new GroupValue<string, int>("c", 6, 0),
        };

        var result = Suppression.ApplyToPartition(groups, SuppressionPolicy.Default, totalPublished: false);

        Assert.Equal([true, false, true], result.Select(r => r.Figure.IsPublished));
    }

    [Fact]
    public void No_complement_when_two_groups_are_already_suppressed()
    {
        var groups = new[]
        {
            new GroupValue<string, int>("a", 8, 0),
            new GroupValue<string, int>("b", 2, 0),
            new GroupValue<string, int>("c", 6, 0),
            new GroupValue<string, int>("d", 4, 0),
        };

        var result = Suppression.ApplyToPartition(groups, SuppressionPolicy.Default, totalPublished: true);

        Assert.Equal([true, false, true, false], result.Select(r => r.Figure.IsPublished));
        Assert.All(result.Where(r => !r.Figure.IsPublished), r => Assert.Equal(SuppressionReason.BelowK, ((Suppressed<int>)r.Figure).Reason));
    }
}
