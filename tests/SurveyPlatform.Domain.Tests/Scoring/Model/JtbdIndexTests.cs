using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;

namespace SurveyPlatform.Domain.Tests.Scoring.Model;

public sealed class JtbdIndexTests
{
    private static readonly OptionDefinition[] Stages =
        [new("nc", "Not considering"), new("idea", "Ideation"), new("poc", "POC"), new("impl", "Implementation"), new("prod", "Production")];

    private static readonly OptionDefinition[] Manual =
        [new("m1", "0–20%"), new("m2", "21–40%"), new("m3", "41–60%"), new("m4", "61–80%"), new("m5", "81–100%")];

    private static readonly OptionDefinition[] Jobs = [new("j1", "Job 1"), new("j2", "Job 2"), new("j3", "Job 3")];

    internal static readonly SurveyDefinition Definition = new()
    {
        Questions =
        [
            new() { Code = "seg", Text = "?", Type = QuestionType.SingleChoice, Options = [new("a", "A"), new("b", "B"), new("other", "Other")] },
            new() { Code = "a_stage", Text = "?", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = Stages, Rows = Jobs },
            new() { Code = "a_pain", Text = "?", Type = QuestionType.MatrixRating, Scale = 5, AllowNotApplicable = true, Rows = Jobs },
            new() { Code = "a_manual", Text = "?", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = Manual, Rows = Jobs },
            new() { Code = "b_stage", Text = "?", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = Stages, Rows = Jobs },
            new() { Code = "b_pain", Text = "?", Type = QuestionType.MatrixRating, Scale = 5, AllowNotApplicable = true, Rows = Jobs },
            new() { Code = "b_manual", Text = "?", Type = QuestionType.MatrixSingle, AllowNotApplicable = true, Options = Manual, Rows = Jobs },
            new() { Code = "done", Text = "?", Type = QuestionType.Number, Min = 0, Max = 1000 },
            new() { Code = "live", Text = "?", Type = QuestionType.Number, Min = 0, Max = 1000 },
        ],
    };

    internal static ScoringModel Model(CutoffRule? cutoffs = null) => new()
    {
        Items = [new() { Key = "breadth", Source = ItemSource.AdoptionBreadth }],
        Dimensions = [new() { Name = "Adoption breadth", Items = [new() { Item = "breadth" }] }],
        Jtbd = new JtbdModel
        {
            SegmentQuestion = "seg",
            Segments =
            [
                new() { Segment = "a", StageMatrix = "a_stage", PainMatrix = "a_pain", ManualMatrix = "a_manual" },
                new() { Segment = "b", StageMatrix = "b_stage", PainMatrix = "b_pain", ManualMatrix = "b_manual" },
            ],
            PocStage = "poc",
            ProductionStage = "prod",
            Cutoffs = cutoffs ?? new CutoffRule(),
            PocsCompletedQuestion = "done",
            PocsInProductionQuestion = "live",
        },
    };

    // Segment a, three respondents (pain 1–5 → (v − 1) / 4 × 100; manual m1..m5 → 0, 25, 50, 75, 100):
    //        stage              pain           manual          POCs done / live
    //  R1    j1 prod  j2 idea  j3 na     5   3   na      m5  m3  m1     4 / 1
    //  R2    j1 impl  j2 nc    j3 poc    4   1   2       m4  m1  m2     0 / (hidden)
    //  R3    j1 poc   j2 —     j3 prod   na  5   3       m3  m5  m1     6 / 3
    // Segment b: R4 (j1 prod), 10 / 10. Segment "other": R5, 5 / 9 (capped at 5). R6 did not say.
    private static readonly Dictionary<string, string>[] Responses =
    [
        new() { ["seg"] = "a", ["a_stage_j1"] = "prod", ["a_stage_j2"] = "idea", ["a_stage_j3"] = "na", ["a_pain_j1"] = "5", ["a_pain_j2"] = "3", ["a_pain_j3"] = "na",
            ["a_manual_j1"] = "m5", ["a_manual_j2"] = "m3", ["a_manual_j3"] = "m1", ["done"] = "4", ["live"] = "1" },
        new() { ["seg"] = "a", ["a_stage_j1"] = "impl", ["a_stage_j2"] = "nc", ["a_stage_j3"] = "poc", ["a_pain_j1"] = "4", ["a_pain_j2"] = "1", ["a_pain_j3"] = "2",
            ["a_manual_j1"] = "m4", ["a_manual_j2"] = "m1", ["a_manual_j3"] = "m2", ["done"] = "0" },
        new() { ["seg"] = "a", ["a_stage_j1"] = "poc", ["a_stage_j3"] = "prod", ["a_pain_j1"] = "na", ["a_pain_j2"] = "5", ["a_pain_j3"] = "3",
            ["a_manual_j1"] = "m3", ["a_manual_j2"] = "m5", ["a_manual_j3"] = "m1", ["done"] = "6", ["live"] = "3" },
        new() { ["seg"] = "b", ["b_stage_j1"] = "prod", ["a_stage_j2"] = "prod", ["done"] = "10", ["live"] = "10" },
        new() { ["seg"] = "other", ["a_stage_j1"] = "prod", ["done"] = "5", ["live"] = "9" },
        new() { ["done"] = "2" },
    ];

    private static JtbdIndex Build(CutoffRule? cutoffs = null, IReadOnlyList<double>? stageWeights = null)
    {
        var compiled = CompiledScoringModel.Compile(Model(cutoffs), Definition);
        var builder = compiled.NewJtbdIndex();
        foreach (var response in Responses)
        {
            builder.Add(response);
        }

        return stageWeights is null ? builder.Build() : builder.Build(stageWeights, cutoffs ?? new CutoffRule());
    }

    private static JtbdRowIndex Row(JtbdIndex index, string segment, string row) =>
        index.Segments.Single(s => s.Segment == segment).Rows.Single(r => r.Row == row);

    [Fact]
    public void Adoption_IsTheMeanStageWeight_OverRespondentsWhoGaveAStage()
    {
        var index = Build();

        // j1: prod 100, impl 75, poc 50 → 225 / 3 = 75 (n 3).
        Assert.Equal((75d, 3), (Row(index, "a", "j1").Adoption!.Value, Row(index, "a", "j1").AdoptionN));
        // j2: idea 25, nc 0 (R3 left it blank) → 25 / 2 = 12.5 (n 2). Segment b's and "other"'s answers never count here.
        Assert.Equal((12.5, 2), (Row(index, "a", "j2").Adoption!.Value, Row(index, "a", "j2").AdoptionN));
        // j3: N/A left out; poc 50, prod 100 → 75 (n 2), not 150 / 3 = 50.
        Assert.Equal((75d, 2), (Row(index, "a", "j3").Adoption!.Value, Row(index, "a", "j3").AdoptionN));
        Assert.Equal([0, 0, 1, 1, 1], Row(index, "a", "j1").StageCounts);
        Assert.Equal(3, index.Segments.Single(s => s.Segment == "a").Respondents);
        Assert.Equal(1, index.Segments.Single(s => s.Segment == "b").Respondents);
    }

    [Fact]
    public void Adoption_WithOtherStageWeights_IsRecomputedFromTheCounts()
    {
        // Weights 0/10/20/80/100, j1: (100 + 80 + 20) / 3 = 66.67.
        var index = Build(stageWeights: [0, 10, 20, 80, 100]);
        Assert.Equal(200d / 3, Row(index, "a", "j1").Adoption!.Value, 10);
    }

    [Fact]
    public void Opportunity_IsTheMeanOfPainAndManualShare_OverRespondentsWhoAnsweredBoth()
    {
        var index = Build();

        // j1: R1 (100 + 100) / 2 = 100; R2 (75 + 75) / 2 = 75; R3 pain N/A → left out. (100 + 75) / 2 = 87.5, n 2.
        Assert.Equal((87.5, 2), (Row(index, "a", "j1").Opportunity!.Value, Row(index, "a", "j1").OpportunityN));
        // j2: R1 (50 + 50) / 2 = 50; R2 (0 + 0) / 2 = 0; R3 (100 + 100) / 2 = 100. 150 / 3 = 50, n 3.
        Assert.Equal((50d, 3), (Row(index, "a", "j2").Opportunity!.Value, Row(index, "a", "j2").OpportunityN));
        // j3: R1 pain N/A → out; R2 (25 + 25) / 2 = 25; R3 (50 + 0) / 2 = 25. 25, n 2.
        Assert.Equal((25d, 2), (Row(index, "a", "j3").Opportunity!.Value, Row(index, "a", "j3").OpportunityN));
    }

    [Fact]
    public void Quadrants_WithMedianCutOffs()
    {
        var segment = Build().Segments.Single(s => s.Segment == "a");

        // Opportunity {87.5, 50, 25} → median 50; adoption {75, 12.5, 75} → median 75. At or above is high.
        Assert.Equal(50d, segment.OpportunityCutoff);
        Assert.Equal(75d, segment.AdoptionCutoff);
        Assert.Equal(CutoffMethod.Median, segment.CutoffMethod);
        // j1: 87.5 ≥ 50 high, 75 ≥ 75 high → validated but competitive.
        Assert.Equal(JtbdQuadrant.ValidatedButCompetitive, segment.Rows[0].Quadrant);
        // j2: 50 ≥ 50 high, 12.5 < 75 low → best targets.
        Assert.Equal(JtbdQuadrant.BestTargets, segment.Rows[1].Quadrant);
        // j3: 25 < 50 low, 75 ≥ 75 high → crowded, small upside.
        Assert.Equal(JtbdQuadrant.CrowdedSmallUpside, segment.Rows[2].Quadrant);
    }

    [Fact]
    public void Quadrants_WithFixedCutOffs()
    {
        var segment = Build(new CutoffRule { Method = CutoffMethod.Fixed, Opportunity = 60, Adoption = 80 }).Segments.Single(s => s.Segment == "a");

        Assert.Equal((60d, 80d), (segment.OpportunityCutoff!.Value, segment.AdoptionCutoff!.Value));
        // j1: 87.5 ≥ 60 high, 75 < 80 low → best targets.
        Assert.Equal(JtbdQuadrant.BestTargets, segment.Rows[0].Quadrant);
        // j2: 50 < 60 low, 12.5 low → avoid for now; j3: 25 low, 75 low → avoid for now.
        Assert.Equal(JtbdQuadrant.AvoidForNow, segment.Rows[1].Quadrant);
        Assert.Equal(JtbdQuadrant.AvoidForNow, segment.Rows[2].Quadrant);
    }

    [Fact]
    public void Quadrants_OfASegmentWithoutOpportunityData_AreNone()
    {
        // Segment b: one stage answer, no pain or manual answers → no opportunity, so no median and no quadrant.
        var segment = Build().Segments.Single(s => s.Segment == "b");
        Assert.Null(segment.OpportunityCutoff);
        Assert.All(segment.Rows, r => Assert.Null(r.Quadrant));
        Assert.Equal((100d, 1), (segment.Rows[0].Adoption!.Value, segment.Rows[0].AdoptionN));
        Assert.Equal((null, 0), (segment.Rows[1].Adoption, segment.Rows[1].AdoptionN));
    }

    [Theory]
    [InlineData(80, 20, 50, 50, JtbdQuadrant.BestTargets)]
    [InlineData(80, 80, 50, 50, JtbdQuadrant.ValidatedButCompetitive)]
    [InlineData(20, 80, 50, 50, JtbdQuadrant.CrowdedSmallUpside)]
    [InlineData(20, 20, 50, 50, JtbdQuadrant.AvoidForNow)]
    [InlineData(50, 49.99, 50, 50, JtbdQuadrant.BestTargets)]              // on the opportunity cut-off: high
    [InlineData(49.99, 50, 50, 50, JtbdQuadrant.CrowdedSmallUpside)]       // on the adoption cut-off: high
    public void Quadrant_FollowsTheDomainTable(double opportunity, double adoption, double oc, double ac, JtbdQuadrant expected) =>
        Assert.Equal(expected, ScoringMath.Quadrant(opportunity, adoption, oc, ac));

    [Fact]
    public void Quadrant_Labels_AreTheDomainsNames()
    {
        Assert.Equal("best targets", JtbdQuadrant.BestTargets.Label());
        Assert.Equal("validated but competitive", JtbdQuadrant.ValidatedButCompetitive.Label());
        Assert.Equal("crowded, small upside", JtbdQuadrant.CrowdedSmallUpside.Label());
        Assert.Equal("avoid for now", JtbdQuadrant.AvoidForNow.Label());
    }

    [Fact]
    public void Median_IsTheMiddleValue_OrTheMeanOfTheTwoMiddleOnes_AndNullWhenEmpty()
    {
        Assert.Equal(50d, ScoringMath.Median([87.5, 25, 50]));
        Assert.Equal(37.5, ScoringMath.Median([87.5, 25, 50, 0])); // (25 + 50) / 2
        Assert.Null(ScoringMath.Median([]));
    }

    [Fact]
    public void StageConversion_IsProductionOverRespondentsAtOrPastPoc()
    {
        var index = Build();

        // j1: counts poc 1, impl 1, prod 1 → 1 / 3 = 33.3%, n 3.
        Assert.Equal(100d / 3, Row(index, "a", "j1").Conversion!.Value, 10);
        Assert.Equal(3, Row(index, "a", "j1").ConversionN);
        // j2: idea and not considering only → nobody reached POC: no rate, n 0.
        Assert.Equal((null, 0), (Row(index, "a", "j2").Conversion, Row(index, "a", "j2").ConversionN));
        // j3: poc 1, prod 1 → 50%, n 2.
        Assert.Equal((50d, 2), (Row(index, "a", "j3").Conversion!.Value, Row(index, "a", "j3").ConversionN));
    }

    [Fact]
    public void PooledConversion_IsInProductionOverCompletedPocs()
    {
        var index = Build();

        // Segment a: R1 4 / 1, R3 6 / 3 (R2 completed none) → (1 + 3) / (4 + 6) = 40%, n 2.
        Assert.Equal(new PocConversion(40, 2, 10, 4), index.Segments.Single(s => s.Segment == "a").Conversion);
        // Everyone: R1, R3, R4 10 / 10, R5 5 / 9 capped at 5 (R6 gave no in-production number)
        // → (1 + 3 + 10 + 5) / (4 + 6 + 10 + 5) = 19 / 25 = 76%, n 4.
        Assert.Equal(new PocConversion(76, 4, 25, 19), index.Conversion);
    }

    [Fact]
    public void AdoptionBreadth_IsTheShareOfAnsweredJobsPastPoc()
    {
        var compiled = CompiledScoringModel.Compile(Model(), Definition);

        // R1: prod, idea (j3 N/A) → 1 of 2 past POC = 50. R2: impl, nc, poc → 1 of 3 = 33.3. R3: poc, prod → 50.
        Assert.Equal(50d, compiled.ItemScore("breadth", Responses[0]));
        Assert.Equal(100d / 3, compiled.ItemScore("breadth", Responses[1])!.Value, 10);
        Assert.Equal(50d, compiled.ItemScore("breadth", Responses[2]));
        // "other" is not a JTBD segment, and R6 has no segment: missing.
        Assert.Null(compiled.ItemScore("breadth", Responses[4]));
        Assert.Null(compiled.ItemScore("breadth", Responses[5]));
    }
}
