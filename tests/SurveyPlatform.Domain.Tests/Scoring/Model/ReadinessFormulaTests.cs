using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;

namespace SurveyPlatform.Domain.Tests.Scoring.Model;

public sealed class ReadinessFormulaTests
{
    [Fact]
    public void Dimension_AtExactlyTheThreshold_IsTheWeightedMeanOfTheAnsweredItems()
    {
        // 2 of 4 answered = 0.5 ≥ 0.5 → present. Weighted mean of the answered: (80·1 + 40·1) / (1 + 1) = 60.
        // The missing items' weights (2 and 1) do not count.
        var score = ScoringMath.Dimension("d", [(80, 1), (40, 1), (null, 2), (null, 1)], 0.5);
        Assert.Equal(new DimensionScore("d", 60, 2, 4), score);
    }

    [Fact]
    public void Dimension_BelowTheThreshold_IsMissing()
    {
        // 1 of 4 = 0.25 < 0.5 → missing, though one item has a score.
        Assert.Equal(new DimensionScore("d", null, 1, 4), ScoringMath.Dimension("d", [(80, 1), (null, 1), (null, 1), (null, 1)], 0.5));

        // 1 of 3 = 0.33 < 0.5 → missing; 2 of 3 = 0.67 → present, (30·1 + 90·2) / 3 = 70.
        Assert.Null(ScoringMath.Dimension("d", [(30, 1), (null, 2), (null, 1)], 0.5).Score);
        Assert.Equal(70d, ScoringMath.Dimension("d", [(30, 1), (90, 2), (null, 1)], 0.5).Score);
    }

    [Fact]
    public void Dimension_ThresholdCountsItems_AndAZeroIsAnswered()
    {
        // 3 of 10 at a 0.3 threshold: 3 ≥ 0.3 × 10 → present (no floating-point slip to 3.0000000000000004).
        var ten = Enumerable.Range(0, 10).Select(i => (i < 3 ? 0d : (double?)null, 1d)).ToList();
        Assert.Equal(0d, ScoringMath.Dimension("d", ten, 0.3).Score);

        // Threshold 0 still needs one answer.
        Assert.Null(ScoringMath.Dimension("d", [(null, 1), (null, 1)], 0).Score);
    }

    [Fact]
    public void Dimension_UsesTheItemWeights()
    {
        // (90·3 + 30·1) / (3 + 1) = 300 / 4 = 75; unweighted it would be 60.
        Assert.Equal(75d, ScoringMath.Dimension("d", [(90, 3), (30, 1)], 0.5).Score);
    }

    [Fact]
    public void Overall_Linear_IsTheWeightedMeanOfTheAvailableDimensions()
    {
        // (60·1 + 90·2) / (1 + 2) = 240 / 3 = 80; the missing dimension is left out, not counted as 0.
        var overall = ScoringMath.Overall([(60, 1), (90, 2), (null, 1)], new OverallAggregation());
        Assert.Equal(new OverallScore(80, 2, 3), overall);
    }

    [Fact]
    public void Overall_BelowTheMinimumDimensionShare_IsMissing()
    {
        // 1 of 3 available = 0.33 < 0.5.
        var aggregation = new OverallAggregation { MinimumDimensionShare = 0.5 };
        Assert.Null(ScoringMath.Overall([(60, 1), (null, 1), (null, 1)], aggregation).Score);
        Assert.Null(ScoringMath.Overall([(null, 1)], new OverallAggregation()).Score); // none available
    }

    [Fact]
    public void Overall_Geometric_IsTheWeightedGeometricMean()
    {
        var strict = new OverallAggregation { Method = AggregationMethod.Geometric, GeometricOffset = 0 };

        // √(25 · 100) = √2500 = 50 (the linear mean would be 62.5).
        Assert.Equal(50d, ScoringMath.Overall([(25, 1), (100, 1)], strict).Score!.Value, 10);

        // Weights 2 and 1: (10² · 80)^(1/3) = 8000^(1/3) = 20.
        Assert.Equal(20d, ScoringMath.Overall([(10, 2), (80, 1), (null, 5)], strict).Score!.Value, 10);
    }

    [Fact]
    public void Overall_Geometric_Zeros_StrictGivesZero_OffsetSoftens()
    {
        // Offset 0: 0 · 99 = 0 → overall 0 (a zero dimension cannot be compensated).
        var strict = new OverallAggregation { Method = AggregationMethod.Geometric, GeometricOffset = 0 };
        Assert.Equal(0d, ScoringMath.Overall([(0, 1), (99, 1)], strict).Score);

        // Default offset 1: √((0 + 1)(99 + 1)) − 1 = √100 − 1 = 9.
        var offset = new OverallAggregation { Method = AggregationMethod.Geometric };
        Assert.Equal(9d, ScoringMath.Overall([(0, 1), (99, 1)], offset).Score!.Value, 10);

        // Equal dimensions give themselves back: √(41 · 41) − 1 = 40.
        Assert.Equal(40d, ScoringMath.Overall([(40, 1), (40, 3)], offset).Score!.Value, 10);
    }

    [Theory]
    [InlineData(0, "Foundational")]
    [InlineData(24.999, "Foundational")]
    [InlineData(25, "Approaching")]       // a boundary belongs to the band above
    [InlineData(49.999, "Approaching")]
    [InlineData(50, "Aspirational")]
    [InlineData(74.999, "Aspirational")]
    [InlineData(75, "Mature")]
    [InlineData(100, "Mature")]           // the last band holds its top
    public void Maturity_DefaultBands_AtTheBoundaries(double score, string expected) =>
        Assert.Equal(expected, ScoringMath.Maturity(score, MaturityBand.Defaults()));

    [Fact]
    public void Maturity_MissingOrOutsideTheBands_IsNone()
    {
        Assert.Null(ScoringMath.Maturity(null, MaturityBand.Defaults()));
        Assert.Null(ScoringMath.Maturity(100.5, MaturityBand.Defaults()));
    }

    [Fact]
    public void Maturity_EditedBands_MoveTheCutOffs()
    {
        IReadOnlyList<MaturityBand> bands =
        [
            new() { Name = "Foundational", From = 0, To = 40 },
            new() { Name = "Approaching", From = 40, To = 60 },
            new() { Name = "Aspirational", From = 60, To = 90 },
            new() { Name = "Mature", From = 90, To = 100 },
        ];
        Assert.Equal("Foundational", ScoringMath.Maturity(39.9, bands));
        Assert.Equal("Approaching", ScoringMath.Maturity(40, bands));
        Assert.Equal("Aspirational", ScoringMath.Maturity(75, bands)); // Mature with the defaults
        Assert.Equal("Mature", ScoringMath.Maturity(90, bands));
    }

    [Fact]
    public void RespondentScore_RunsItemsDimensionsOverallAndMaturityTogether()
    {
        var definition = new SurveyDefinition
        {
            Questions =
            [
                new() { Code = "q1", Text = "?", Type = QuestionType.Rating, Scale = 5, AllowNotApplicable = true },
                new() { Code = "q2", Text = "?", Type = QuestionType.Rating, Scale = 5 },
                new() { Code = "q3", Text = "?", Type = QuestionType.Rating, Scale = 5, AllowNotApplicable = true },
                new() { Code = "q4", Text = "?", Type = QuestionType.Rating, Scale = 5 },
            ],
        };
        var model = new ScoringModel
        {
            Items = [new() { Key = "q1" }, new() { Key = "q2", Reverse = true }, new() { Key = "q3" }, new() { Key = "q4" }],
            Dimensions =
            [
                new() { Name = "A", Items = [new() { Item = "q1" }, new() { Item = "q2", Weight = 3 }] },
                new() { Name = "B", Weight = 3, Items = [new() { Item = "q3" }, new() { Item = "q4" }], MinimumAnsweredShare = 1 },
            ],
        };
        var compiled = CompiledScoringModel.Compile(model, definition);

        // q1 = 5 → 100; q2 = 2 reversed → 100 − 25 = 75; A = (100·1 + 75·3) / 4 = 81.25.
        // q3 = na → missing, so B (needs all items) is missing; overall = A = 81.25 → Mature.
        var score = compiled.Score(new Dictionary<string, string> { ["q1"] = "5", ["q2"] = "2", ["q3"] = "na", ["q4"] = "1" });
        Assert.Equal(81.25, score.Dimensions[0].Score);
        Assert.Equal(new DimensionScore("B", null, 1, 2), score.Dimensions[1]);
        Assert.Equal(new OverallScore(81.25, 1, 2), score.Overall);
        Assert.Equal("Mature", score.Maturity);

        // q3 = 3 → 50, q4 = 1 → 0: B = 25; overall = (81.25·1 + 25·3) / 4 = 156.25 / 4 = 39.0625 → Approaching.
        score = compiled.Score(new Dictionary<string, string> { ["q1"] = "5", ["q2"] = "2", ["q3"] = "3", ["q4"] = "1" });
        Assert.Equal(25d, score.Dimensions[1].Score);
        Assert.Equal(39.0625, score.Overall.Score);
        Assert.Equal("Approaching", score.Maturity);
    }
}
