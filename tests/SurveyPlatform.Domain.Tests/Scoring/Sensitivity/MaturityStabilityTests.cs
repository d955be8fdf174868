using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Scoring.Sensitivity;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Sensitivity;

/// <summary>
/// <see cref="MaturityStability.Tally"/> (several draws at a time for the linear method) against the definition taken
/// literally: each draw's weights from <see cref="SensitivityDrawGenerator"/>, its overall score from
/// <see cref="SensitivityAnalysis.Overall"/> and its level from <see cref="ScoringMath.Maturity"/>, one draw at a time.
/// </summary>
public sealed class MaturityStabilityTests
{
    private static readonly MaturityBand[] Gapped =
    [
        new() { Name = "Low", From = 0, To = 30 },
        new() { Name = "Middle", From = 40, To = 60 },
        new() { Name = "High", From = 60, To = 100 },
    ];

    public static TheoryData<string, AggregationMethod, double, int> Models => new()
    {
        { "default bands", AggregationMethod.Linear, 0, 1003 },
        { "gapped bands", AggregationMethod.Linear, 0, 1000 },
        { "default bands, half the dimensions needed", AggregationMethod.Linear, 0.5, 997 },
        { "gapped bands, geometric", AggregationMethod.Geometric, 0, 501 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_respondent_is_tallied_exactly_as_draw_by_draw(string bands, AggregationMethod method, double minimumShare, int draws)
    {
        var model = Model(bands.StartsWith("gapped", StringComparison.Ordinal) ? Gapped : [.. MaturityBand.Defaults()], method, minimumShare);
        var options = new SensitivityOptions { Draws = draws };
        var stability = new MaturityStability(model, 4242, options);
        var random = new Xoshiro256StarStar(99);
        foreach (var dimensions in Respondents(random, model.Dimensions.Count))
        {
            var levels = new int[stability.Levels.Count];
            var same = stability.Tally(dimensions, levels, out var baseline);

            var (expectedSame, expectedLevels, expectedBaseline) = DrawByDraw(model, options, dimensions);
            Assert.Equal(expectedBaseline, baseline == -1 ? null : stability.Levels[baseline]);
            Assert.Equal(expectedSame, same);
            Assert.Equal(expectedLevels, stability.Levels.Select((name, i) => (name, levels[i])).ToArray());
        }
    }

    [Fact]
    public void Level_counts_are_left_alone_without_room_for_every_level()
    {
        var model = Model([.. MaturityBand.Defaults()], AggregationMethod.Linear, 0);
        var stability = new MaturityStability(model, 1, new SensitivityOptions { Draws = 10 });
        var none = Array.Empty<int>();
        var same = stability.Tally([60, 60, 60, 60, 60], none, out var baseline);
        Assert.Equal(10, same);
        Assert.Equal("Aspirational", stability.Levels[baseline]);
    }

    private static ScoringModel Model(IReadOnlyList<MaturityBand> bands, AggregationMethod method, double minimumShare) => new()
    {
        Items = [.. Enumerable.Range(1, 5).Select(i => new ScoringItem { Key = $"i{i}", Source = ItemSource.AdoptionBreadth })],
        Dimensions = [.. Enumerable.Range(1, 5).Select(i => new ScoringDimension { Name = $"D{i}", Weight = i, Items = [new() { Item = $"i{i}" }] })],
        Overall = new OverallAggregation { Method = method, MinimumDimensionShare = minimumShare },
        Bands = bands,
    };

    // Random scores (some missing), then the edge cases: every dimension on a band boundary, at the top band's
    // inclusive end, in a gap, all missing, one present.
    private static IEnumerable<double[]> Respondents(Xoshiro256StarStar random, int dimensions)
    {
        for (var r = 0; r < 300; r++)
        {
            var row = new double[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                var u = random.NextDouble();
                row[d] = u < 0.1 ? double.NaN : u < 0.2 ? 25 * Math.Floor(random.NextDouble() * 5) : Math.Round(random.NextDouble() * 100, 1);
            }

            yield return row;
        }

        foreach (var value in new[] { 0d, 25, 30, 35, 40, 50, 60, 75, 99.99, 100, 100.5, -1 })
        {
            yield return [.. Enumerable.Repeat(value, dimensions)];
            yield return [value, value, double.NaN, value, value];
        }

        yield return [.. Enumerable.Repeat(double.NaN, dimensions)];
        yield return [double.NaN, double.NaN, 70, double.NaN, double.NaN];
        yield return [24.9, 25.1, 24.9, 25.1, 25];
    }

    private static (int Same, (string, int)[] Levels, string? Baseline) DrawByDraw(ScoringModel model, SensitivityOptions options, double[] dimensions)
    {
        var configured = model.Dimensions.Select(d => d.Weight).ToArray();
        var baseline = ScoringMath.Maturity(Score(SensitivityAnalysis.Overall(dimensions, configured, model.Overall)), model.Bands);
        var generator = new SensitivityDrawGenerator(model, 4242, options);
        var counts = model.Bands.OrderBy(b => b.From).ToDictionary(b => b.Name, _ => 0);
        var same = 0;
        for (var d = 0; d < options.Draws; d++)
        {
            var weights = generator.Next().DimensionWeights.ToArray();
            var level = ScoringMath.Maturity(Score(SensitivityAnalysis.Overall(dimensions, weights, model.Overall)), model.Bands);
            same += level == baseline ? 1 : 0;
            if (level is not null)
            {
                counts[level]++;
            }
        }

        return (same, [.. counts.Select(c => (c.Key, c.Value))], baseline);
    }

    private static double? Score(double overall) => double.IsNaN(overall) ? null : overall;
}
