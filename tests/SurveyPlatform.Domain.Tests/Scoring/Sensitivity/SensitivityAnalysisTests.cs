using System.Text.Json;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Scoring.Sensitivity;

namespace SurveyPlatform.Domain.Tests.Scoring.Sensitivity;

public sealed class SensitivityAnalysisTests
{
    private static readonly OptionDefinition[] Stages =
        [new("nc", "Not considering"), new("idea", "Ideation"), new("poc", "POC"), new("impl", "Implementation"), new("prod", "Production")];

    private static readonly OptionDefinition[] Manual =
        [new("m1", "0–20%"), new("m2", "21–40%"), new("m3", "41–60%"), new("m4", "61–80%"), new("m5", "81–100%")];

    private static readonly SurveyDefinition Definition = new()
    {
        Questions =
        [
            new() { Code = "seg", Text = "?", Type = QuestionType.SingleChoice, Options = [new("a", "A")] },
            new() { Code = "a_stage", Text = "?", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = Stages, Rows = [new("j1", "1"), new("j2", "2"), new("j3", "3"), new("j4", "4")] },
            new() { Code = "a_pain", Text = "?", Type = QuestionType.MatrixRating, Scale = 5, AllowNotApplicable = true, Rows = [new("j1", "1"), new("j2", "2"), new("j3", "3"), new("j4", "4")] },
            new() { Code = "a_manual", Text = "?", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = Manual, Rows = [new("j1", "1"), new("j2", "2"), new("j3", "3"), new("j4", "4")] },
        ],
    };

    private static readonly MaturityBand[] DefaultBands = [.. MaturityBand.Defaults()];

    private static ScoringModel JtbdModel(CutoffRule? cutoffs = null) => new()
    {
        Items = [new() { Key = "breadth", Source = ItemSource.AdoptionBreadth }],
        Dimensions = [new() { Name = "Adoption breadth", Items = [new() { Item = "breadth" }] }],
        Jtbd = new JtbdModel
        {
            SegmentQuestion = "seg",
            Segments = [new() { Segment = "a", StageMatrix = "a_stage", PainMatrix = "a_pain", ManualMatrix = "a_manual" }],
            PocStage = "poc",
            ProductionStage = "prod",
            Cutoffs = cutoffs ?? new CutoffRule(),
        },
    };

    // Segment a, two respondents, identical except job 3's stage (idea for R1, impl for R2):
    //        stage (R1 / R2)   pain  manual   opportunity         adoption (weights w0…w4)
    //  j1    nc                5     m5       (100 + 100)/2 = 100  w0 = 0
    //  j2    poc               4     m4       (75 + 75)/2 = 75     w2 = 50
    //  j3    idea / impl       2     m2       (25 + 25)/2 = 25     (w1 + w3)/2 = 50
    //  j4    prod              1     m1       0                    w4 = 100
    // Median opportunity (75 + 25)/2 = 50 never moves; median adoption (w2 + (w1 + w3)/2)/2 = 50.
    // Baseline: j1 best targets, j2 validated (adoption exactly at the cut-off), j3 and j4 crowded.
    // Under stage jitter j2 stays high only when w2 ≥ (w1 + w3)/2 — about half the draws; j1 (adoption
    // ≤ 10) and j4 (≥ 90) never cross.
    private static Dictionary<string, string> Response(string j3Stage) => new()
    {
        ["seg"] = "a",
        ["a_stage_j1"] = "nc", ["a_stage_j2"] = "poc", ["a_stage_j3"] = j3Stage, ["a_stage_j4"] = "prod",
        ["a_pain_j1"] = "5", ["a_pain_j2"] = "4", ["a_pain_j3"] = "2", ["a_pain_j4"] = "1",
        ["a_manual_j1"] = "m5", ["a_manual_j2"] = "m4", ["a_manual_j3"] = "m2", ["a_manual_j4"] = "m1",
    };

    private static (ScoringModel Model, JtbdIndexBuilder Builder, RespondentDimensions Table, List<RespondentScore> Scores) Jtbd(CutoffRule? cutoffs = null)
    {
        var model = JtbdModel(cutoffs);
        var compiled = CompiledScoringModel.Compile(model, Definition);
        var builder = compiled.NewJtbdIndex();
        var table = new RespondentDimensions(model.Dimensions.Count);
        var scores = new List<RespondentScore>();
        foreach (var response in new[] { Response("idea"), Response("impl") })
        {
            builder.Add(response);
            var score = compiled.Score(response);
            scores.Add(score);
            table.Add(score);
        }

        return (model, builder, table, scores);
    }

    // Three dimensions, equal weights, default bands, no JTBD block; only the weights matter here.
    private static readonly ScoringModel ThreeDimensions = new()
    {
        Dimensions = [new() { Name = "A" }, new() { Name = "B" }, new() { Name = "C" }],
    };

    private static RespondentDimensions Table(params double?[][] respondents)
    {
        var table = new RespondentDimensions(3);
        foreach (var dimensions in respondents)
        {
            table.Add(dimensions);
        }

        return table;
    }

    private static JtbdRowSensitivity Row(SensitivityResult result, string row) =>
        result.Segments.Single(s => s.Segment == "a").Rows.Single(r => r.Row == row);

    private static readonly SensitivityOptions NoPerturbation = new() { Concentration = 1e9, StageJitter = 0 };

    [Fact]
    public void SameSeed_GivesAnIdenticalResult()
    {
        var (model, builder, _, _) = Jtbd();
        var table = Table([10, 40, 30], [70, 80, 76], [24, 26, 25]);

        var first = JsonSerializer.Serialize(SensitivityAnalysis.Run(model, null, builder, 7) with { Respondents = SensitivityAnalysis.Run(ThreeDimensions, table, null, 7).Respondents });
        var second = JsonSerializer.Serialize(SensitivityAnalysis.Run(model, null, builder, 7) with { Respondents = SensitivityAnalysis.Run(ThreeDimensions, table, null, 7).Respondents });

        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSeed_GivesADifferentResult()
    {
        var (model, builder, _, _) = Jtbd();
        var table = Table([10, 40, 30], [70, 80, 76], [24, 26, 25]);

        var seven = SensitivityAnalysis.Run(model, null, builder, 7);
        var eight = SensitivityAnalysis.Run(model, null, builder, 8);
        Assert.NotEqual(Row(seven, "j2").BaselineQuadrantShare, Row(eight, "j2").BaselineQuadrantShare);

        var respondentsSeven = SensitivityAnalysis.Run(ThreeDimensions, table, null, 7).Respondents;
        var respondentsEight = SensitivityAnalysis.Run(ThreeDimensions, table, null, 8).Respondents;
        Assert.NotEqual(JsonSerializer.Serialize(respondentsSeven), JsonSerializer.Serialize(respondentsEight));
    }

    [Fact]
    public void WithoutPerturbation_EveryQuadrantHoldsInEveryDraw_AndEveryRespondentIsStable()
    {
        var (model, builder, _, _) = Jtbd();
        var result = SensitivityAnalysis.Run(model, null, builder, 1, NoPerturbation);

        Assert.Equal(
            [JtbdQuadrant.BestTargets, JtbdQuadrant.ValidatedButCompetitive, JtbdQuadrant.CrowdedSmallUpside, JtbdQuadrant.CrowdedSmallUpside],
            result.Segments.Single().Rows.Select(r => r.BaselineQuadrant));
        Assert.All(result.Segments.Single().Rows, row =>
        {
            Assert.Equal(1.0, row.BaselineQuadrantShare);
            Assert.Equal(1.0, row.Quadrants.Of(row.BaselineQuadrant));
            Assert.True(row.Robust);
        });

        // Overall 26.67 (Approaching), 75.33 (Mature), 50.33 (Aspirational), 10 (Foundational; C missing), and no overall at all.
        var table = Table([10, 40, 30], [70, 80, 76], [49, 51, 51], [5, 15, null], [null, null, null]);
        var respondents = SensitivityAnalysis.Run(ThreeDimensions, table, null, 1, NoPerturbation).Respondents;
        Assert.Equal(["Approaching", "Mature", "Aspirational", "Foundational", null], respondents.Respondents.Select(r => r.BaselineLevel));
        Assert.All(respondents.Respondents, r => Assert.Equal(1.0, r.Stability));
        Assert.Equal([0, 1.0, 0, 0], respondents.Respondents[0].LevelShares);
        Assert.Equal([0, 0, 0, 0], respondents.Respondents[4].LevelShares);
        Assert.Equal(1.0, respondents.MeanStability);
    }

    [Fact]
    public void AJobAtItsCutoff_IsNotRobust_WhileJobsFarFromIt_Are()
    {
        var (model, builder, _, _) = Jtbd();
        var result = SensitivityAnalysis.Run(model, null, builder, 2026);

        var near = Row(result, "j2");
        Assert.Equal(JtbdQuadrant.ValidatedButCompetitive, near.BaselineQuadrant);
        Assert.InRange(near.BaselineQuadrantShare, 0.2, 0.8);
        Assert.False(near.Robust);
        // When adoption drops below the median, j2 (opportunity 75) becomes a best target; nothing else is possible.
        Assert.Equal(1.0, near.Quadrants.ValidatedButCompetitive + near.Quadrants.BestTargets, 12);

        Assert.True(Row(result, "j1").Robust);
        Assert.Equal(1.0, Row(result, "j1").Quadrants.BestTargets);
        Assert.True(Row(result, "j4").Robust);
        Assert.Equal(1.0, Row(result, "j4").Quadrants.CrowdedSmallUpside);
    }

    [Fact]
    public void ARespondentOnABandBoundary_IsUnstable_WhileOneFarFromItIsStable()
    {
        // 24, 26, 25 → 25 exactly (Approaching); any tilt of the weights moves it either side. 90, 95, 92 → 92.33 (Mature).
        var table = Table([24, 26, 25], [90, 95, 92]);
        var result = SensitivityAnalysis.Run(ThreeDimensions, table, null, 99).Respondents;

        var near = result.Respondents[0];
        Assert.Equal("Approaching", near.BaselineLevel);
        Assert.InRange(near.Stability, 0.2, 0.8);
        Assert.Equal(near.Stability, near.LevelShares[1]);
        Assert.True(near.LevelShares[0] > 0);
        Assert.Equal(1.0, near.LevelShares.Sum(), 12);

        Assert.Equal(1.0, result.Respondents[1].Stability);
        Assert.Equal([0, 0, 0, 1.0], result.Respondents[1].LevelShares);
        Assert.Equal((near.Stability + 1) / 2, result.MeanStability, 12);
    }

    [Fact]
    public void TheBaselineLevel_IsTheScoredMaturity()
    {
        var model = ThreeDimensions with { Overall = new OverallAggregation { Method = AggregationMethod.Geometric } };
        var table = Table([0, 99, 60], [30, 30, 30]);
        double[] weights = [1, 1, 1];

        for (var i = 0; i < table.Count; i++)
        {
            var dimensions = table.Of(i).ToArray();
            var expected = ScoringMath.Overall([.. dimensions.Select(d => ((double?)d, 1d))], model.Overall).Score!.Value;
            Assert.Equal(expected, SensitivityAnalysis.Overall(dimensions, weights, model.Overall));
        }

        // Jtbd(): each respondent's adoption breadth (1 or 2 of 4 jobs past POC) is their only dimension.
        var (jtbdModel, _, scored, scores) = Jtbd();
        var result = SensitivityAnalysis.Run(jtbdModel, scored, null, 3, new SensitivityOptions { Draws = 10 });
        Assert.Equal(scores.Select(s => s.Maturity), result.Respondents.Respondents.Select(r => r.BaselineLevel));
        Assert.Equal(["Approaching", "Aspirational"], scores.Select(s => s.Maturity));
    }

    [Fact]
    public void StageWeights_StayInOrderAndInRange_InEveryDraw()
    {
        // Close and extreme weights: jitter must both reorder and clamp.
        var (baseModel, builder, _, _) = Jtbd(new CutoffRule { Method = CutoffMethod.Fixed, Opportunity = 50, Adoption = 50 });
        var model = baseModel with { Jtbd = baseModel.Jtbd! with { StageWeights = [0, 5, 10, 95, 100] } };
        var seen = new List<SensitivityDraw>();

        SensitivityAnalysis.Run(model, null, builder, 5, observer: seen.Add);

        Assert.Equal(1000, seen.Count);
        Assert.All(seen, draw =>
        {
            Assert.Equal(5, draw.StageWeights.Count);
            Assert.All(draw.StageWeights, w => Assert.InRange(w, 0, 100));
            for (var s = 1; s < draw.StageWeights.Count; s++)
            {
                Assert.True(draw.StageWeights[s - 1] <= draw.StageWeights[s], $"draw {draw.Index}: {string.Join(", ", draw.StageWeights)}");
            }

            Assert.Equal(1.0, draw.DimensionWeights.Sum(), 12);
        });

        // The jitter did act: weights moved by up to 10 points, hit both bounds, and both cut-off rules were drawn.
        Assert.Contains(seen, d => d.StageWeights[0] == 0);
        Assert.Contains(seen, d => d.StageWeights[4] == 100);
        Assert.Contains(seen, d => d.StageWeights[1] > 10);
        Assert.All(seen, d => Assert.InRange(d.StageWeights[3], 85, 100));
        Assert.InRange(seen.Count(d => d.Cutoffs.Method == CutoffMethod.Fixed), 400, 600);

        // The generator gives the analysis's draws.
        var generator = new SensitivityDrawGenerator(model, 5);
        Assert.All(seen.Take(20), draw => Assert.Equal(JsonSerializer.Serialize(draw), JsonSerializer.Serialize(generator.Next())));
    }

    [Fact]
    public void WithoutFixedCutoffs_EveryDrawUsesTheMedian()
    {
        var (model, builder, _, _) = Jtbd();
        var seen = new List<SensitivityDraw>();
        SensitivityAnalysis.Run(model, null, builder, 5, observer: seen.Add);
        Assert.All(seen, d => Assert.Equal(CutoffMethod.Median, d.Cutoffs.Method));
    }

    [Fact]
    public void RankPercentiles_AreType7Quantiles_HandChecked()
    {
        // Ranks 1, 1, 2, 3: median h = 2.5 → (1 + 2)/2 = 1.5; 5% h = 1.15 → 1; 95% h = 3.85 → 0.15·2 + 0.85·3 = 2.85.
        var range = RankRange.Of([3, 1, 2, 1]);
        Assert.Equal(1.5, range.Median, 12);
        Assert.Equal(1.0, range.P5, 12);
        Assert.Equal(2.85, range.P95, 12);

        // Ranks 1 … 20: 5% h = 1.95 → 1.95; 95% h = 19.05 → 19.05; median 10.5.
        var twenty = RankRange.Of(Enumerable.Range(1, 20).Select(i => (double)i));
        Assert.Equal((10.5, 1.95, 19.05), (twenty.Median, Math.Round(twenty.P5, 12), Math.Round(twenty.P95, 12)));
    }

    [Fact]
    public void Ranks_ByOpportunityGap_AreFixedWhenNothingMoves()
    {
        // Gap = opportunity − adoption: j1 100 − 0 = 100, j2 75 − 50 = 25, j3 25 − 50 = −25, j4 0 − 100 = −100.
        var (model, builder, _, _) = Jtbd();
        var result = SensitivityAnalysis.Run(model, null, builder, 1, NoPerturbation);

        for (var j = 1; j <= 4; j++)
        {
            var row = Row(result, $"j{j}");
            Assert.Equal(j, row.BaselineRank);
            Assert.Equal(new RankRange(j, j, j), row.Rank);
        }
    }

    [Fact]
    public void Ranks_ByAdoption_FollowTheDraws()
    {
        // By adoption: j4 (≥ 90) first, j1 (≤ 10) last; j2 (w2) and j3 ((w1 + w3)/2) share 2 at baseline (tie)
        // and otherwise split 2 and 3, j2 taking 2 when w2 ≥ (w1 + w3)/2.
        var (model, builder, _, _) = Jtbd();
        var seen = new List<SensitivityDraw>();
        var result = SensitivityAnalysis.Run(model, null, builder, 11, new SensitivityOptions { RankBy = JtbdRankCriterion.Adoption }, seen.Add);

        Assert.Equal(new RankRange(1, 1, 1), Row(result, "j4").Rank);
        Assert.Equal(new RankRange(4, 4, 4), Row(result, "j1").Rank);
        Assert.Equal(2, Row(result, "j2").BaselineRank);
        Assert.Equal(2, Row(result, "j3").BaselineRank);

        // k draws rank j2 second, 1000 − k third; sorted, the median is the mean of the 500th and 501st.
        var k = seen.Count(d => d.StageWeights[2] >= (d.StageWeights[1] + d.StageWeights[3]) / 2);
        var median = k >= 501 ? 2 : k == 500 ? 2.5 : 3;
        Assert.InRange(k, 100, 900);
        Assert.Equal(new RankRange(median, 2, 3), Row(result, "j2").Rank);
    }
}
