using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Tests.Scoring.Model;

public sealed class ScoringModelValidationTests
{
    private static readonly SurveyDefinition Definition = JtbdIndexTests.Definition
        .WithQuestion(new() { Code = "region", Text = "?", Type = QuestionType.ShortText })
        .WithQuestion(new() { Code = "rating", Text = "?", Type = QuestionType.Rating, Scale = 5 })
        .WithQuestion(new() { Code = "flat", Text = "?", Type = QuestionType.SingleChoice, Options = [new("p", "P"), new("q", "Q")] })
        .WithQuestion(new() { Code = "count", Text = "?", Type = QuestionType.Number })
        .WithQuestion(new() { Code = "yn", Text = "?", Type = QuestionType.YesNo })
        // "x" row "y" is stored as x_y, the same key as the question x_y.
        .WithQuestion(new() { Code = "x", Text = "?", Type = QuestionType.MatrixRating, Rows = [new("y", "Y")] })
        .WithQuestion(new() { Code = "x_y", Text = "?", Type = QuestionType.Rating })
        .WithQuestion(new() { Code = "c_manual", Text = "?", Type = QuestionType.MatrixSingle, Options = [new("lo", "Lo"), new("hi", "Hi")], Rows = [new("j1", "Job 1"), new("j9", "Job 9")] });

    private static IReadOnlyList<(string Path, ScoringProblemKind Kind)> Problems(ScoringModel model) =>
        [.. ScoringModelValidator.Validate(model, Definition).Select(p => (p.Path, p.Kind))];

    private static ScoringModel Valid => JtbdIndexTests.Model();

    [Fact]
    public void AValidModel_HasNoProblems() =>
        Assert.Empty(ScoringModelValidator.Validate(Valid, Definition));

    [Fact]
    public void EveryProblem_IsListed_NotJustTheFirst()
    {
        var model = new ScoringModel
        {
            Format = "surveyplatform.scoring/9",
            Version = 0,
            Items =
            [
                new() { Key = "" },                                                                    // 0 no key
                new() { Key = "nope" },                                                                // 1 unknown code
                new() { Key = "region" },                                                              // 2 text cannot score
                new() { Key = "rating", Scores = new Dictionary<string, double> { ["1"] = 1 } },       // 3 scores on a rating
                new() { Key = "seg", Scores = new Dictionary<string, double> { ["a"] = 1, ["zz"] = 2 } }, // 4 unknown option
                new() { Key = "flat" },                                                                // 5 all options 0 points
                new() { Key = "count" },                                                               // 6 number without bounds
                new() { Key = "done", Min = 10, Max = 5 },                                             // 7 empty range
                new() { Key = "rating" },                                                              // 8 duplicate
                new() { Key = "x_y" },                                                                 // 9 ambiguous
                new() { Key = "yn" },                                                                  // 10 yes/no without scores
                new() { Key = "a_stage_j1", Min = 0, Max = 4 },                                        // 11 min/max on a matrix row
            ],
            Dimensions =
            [
                new() { Name = "", Weight = 0 },
                new()
                {
                    Name = "Dup", MinimumAnsweredShare = 1.5,
                    Items = [new() { Item = "ghost" }, new() { Item = "a_stage_j1", Weight = -1 }, new() { Item = "a_stage_j1" }],
                },
                new() { Name = "dup", Items = [new() { Item = "done" }] },
            ],
            Overall = new() { Method = AggregationMethod.Geometric, GeometricOffset = -1, MinimumDimensionShare = 2 },
            Bands =
            [
                new() { Name = "A", From = 0, To = 30 },
                new() { Name = "B", From = 25, To = 50 },
                new() { Name = "C", From = 60, To = 100 },
            ],
            Jtbd = new()
            {
                SegmentQuestion = "seg",
                StageWeights = [0, 50, 25, 100],
                Cutoffs = new() { Method = CutoffMethod.Fixed, Adoption = 120 },
                PocStage = "pilot",
                ProductionStage = "prod",
                Segments =
                [
                    new() { Segment = "a", StageMatrix = "a_stage", PainMatrix = "a_pain", ManualMatrix = "c_manual" },
                    new() { Segment = "zz", StageMatrix = "nomatrix", PainMatrix = "seg", ManualMatrix = "b_manual" },
                    new() { Segment = "A", StageMatrix = "b_stage", PainMatrix = "b_pain", ManualMatrix = "b_manual" },
                ],
                PocsCompletedQuestion = "rating",
            },
        };

        (string, ScoringProblemKind)[] expected =
        [
            ("format", ScoringProblemKind.UnknownFormat),
            ("version", ScoringProblemKind.InvalidVersion),
            ("items[0].key", ScoringProblemKind.MissingKey),
            ("items[1].key", ScoringProblemKind.UnknownCode),
            ("items[2].key", ScoringProblemKind.NotScorable),
            ("items[3].scores", ScoringProblemKind.ScoresNotAllowed),
            ("items[4].scores.zz", ScoringProblemKind.UnknownOption),
            ("items[5].scores", ScoringProblemKind.EmptyRange),
            ("items[6]", ScoringProblemKind.MissingRange),
            ("items[7]", ScoringProblemKind.EmptyRange),
            ("items[8].key", ScoringProblemKind.DuplicateKey),
            ("items[9].key", ScoringProblemKind.AmbiguousCode),
            ("items[10].scores", ScoringProblemKind.MissingRange),
            ("items[11]", ScoringProblemKind.RangeNotAllowed),
            ("dimensions[0].name", ScoringProblemKind.MissingName),
            ("dimensions[0].weight", ScoringProblemKind.WeightNotPositive),
            ("dimensions[0].items", ScoringProblemKind.EmptyDimension),
            ("dimensions[1].minimumAnsweredShare", ScoringProblemKind.ShareOutOfRange),
            ("dimensions[1].items[0].item", ScoringProblemKind.UnknownItem),
            ("dimensions[1].items[1].weight", ScoringProblemKind.WeightNotPositive),
            ("dimensions[1].items[2].item", ScoringProblemKind.DuplicateItem),
            ("dimensions[2].name", ScoringProblemKind.DuplicateName),
            ("overall.geometricOffset", ScoringProblemKind.OffsetNegative),
            ("overall.minimumDimensionShare", ScoringProblemKind.ShareOutOfRange),
            ("bands[1]", ScoringProblemKind.BandsOverlap),
            ("bands[2]", ScoringProblemKind.BandsGap),
            ("jtbd.stageWeights[2]", ScoringProblemKind.StageWeightsDecreasing),
            ("jtbd.cutoffs.opportunity", ScoringProblemKind.CutoffMissing),
            ("jtbd.cutoffs.adoption", ScoringProblemKind.CutoffOutOfRange),
            // Segment a: 5 stages against 4 weights, "pilot" is no stage, and c_manual's rows differ.
            ("jtbd.segments[0].stageMatrix", ScoringProblemKind.StageWeightsCount),
            ("jtbd.pocStage", ScoringProblemKind.UnknownOption),
            ("jtbd.segments[0]", ScoringProblemKind.RowsDiffer),
            // Segment zz: not an option, no such stage matrix, and "seg" is no matrix.
            ("jtbd.segments[1].segment", ScoringProblemKind.UnknownOption),
            ("jtbd.segments[1].stageMatrix", ScoringProblemKind.UnknownCode),
            ("jtbd.segments[1].painMatrix", ScoringProblemKind.WrongQuestionType),
            // "A" is "a" again (codes match without case).
            ("jtbd.segments[2].segment", ScoringProblemKind.DuplicateSegment),
            ("jtbd.segments[2].stageMatrix", ScoringProblemKind.StageWeightsCount),
            ("jtbd.pocStage", ScoringProblemKind.UnknownOption),
            ("jtbd.pocsCompletedQuestion", ScoringProblemKind.WrongQuestionType),
            ("jtbd", ScoringProblemKind.MissingRange),
        ];
        Assert.Equal(expected, Problems(model));
    }

    [Fact]
    public void Messages_NameTheCodesAndValues()
    {
        var messages = ScoringModelValidator.Validate(Valid with
        {
            Items = [.. Valid.Items, new() { Key = "nope" }],
            Dimensions = [Valid.Dimensions[0] with { Items = [new() { Item = "breadth", Weight = 0 }] }],
        }, Definition).Select(p => p.Message).ToList();

        Assert.Equal(
            [
                "\"nope\" is not a question code or matrix row key of this survey.",
                "The dimension \"Adoption breadth\" gives \"breadth\" weight 0; weights must be positive.",
            ],
            messages);
    }

    [Fact]
    public void Bands_ListedOutOfOrder_AreReported()
    {
        var model = Valid with
        {
            Bands =
            [
                new() { Name = "Foundational", From = 0, To = 25 },
                new() { Name = "Aspirational", From = 50, To = 75 },
                new() { Name = "Approaching", From = 25, To = 50 },
                new() { Name = "Mature", From = 75, To = 100 },
            ],
        };
        Assert.Equal([("bands[2]", ScoringProblemKind.BandsUnordered)], Problems(model));
    }

    [Fact]
    public void Bands_Empty_OutOfRange_AndUncoveredEnds_AreReported()
    {
        var model = Valid with
        {
            Bands =
            [
                new() { Name = "Low", From = 10, To = 50 },
                new() { Name = "Flat", From = 50, To = 50 },
                new() { Name = "High", From = 50, To = 90 },
                new() { Name = "low", From = 90, To = 120 },
            ],
        };
        // Sorted by From: Low 10–50, Flat 50–50, High 50–90, low 90–120. Flat is empty, "low" repeats "Low"
        // and passes 100, and nothing covers 0–10; the touching ends (50, 50, 90) neither overlap nor leave gaps.
        Assert.Equal(
            [
                ("bands[1]", ScoringProblemKind.EmptyBand),
                ("bands[3].name", ScoringProblemKind.DuplicateName),
                ("bands[3]", ScoringProblemKind.BandsOutOfRange),
                ("bands", ScoringProblemKind.BandsGap),
            ],
            Problems(model));

        // Nothing covers 90–100.
        Assert.Equal(
            [("bands", ScoringProblemKind.BandsGap)],
            Problems(Valid with { Bands = [new() { Name = "Low", From = 0, To = 50 }, new() { Name = "High", From = 50, To = 90 }] }));
        Assert.Single(ScoringModelValidator.Validate(Valid with { Bands = [] }, Definition), p => p.Kind == ScoringProblemKind.NoBands);
    }

    [Fact]
    public void SegmentQuestion_MustBeSingleChoice()
    {
        var model = Valid with { Jtbd = Valid.Jtbd! with { SegmentQuestion = "rating" } };
        Assert.Equal([("jtbd.segmentQuestion", ScoringProblemKind.NotSingleChoice)], Problems(model));

        model = Valid with { Jtbd = Valid.Jtbd! with { SegmentQuestion = "sector" } };
        Assert.Equal([("jtbd.segmentQuestion", ScoringProblemKind.UnknownCode)], Problems(model));
    }

    [Fact]
    public void StageWeights_MustMatchTheStagesOfEverySegment_AndStayInRange()
    {
        var model = Valid with { Jtbd = Valid.Jtbd! with { StageWeights = [0, 25, 50, 100, 100, 100] } };
        Assert.Equal(
            [("jtbd.segments[0].stageMatrix", ScoringProblemKind.StageWeightsCount), ("jtbd.segments[1].stageMatrix", ScoringProblemKind.StageWeightsCount)],
            Problems(model));

        model = Valid with { Jtbd = Valid.Jtbd! with { StageWeights = [-5, 25, 50, 75, 101] } };
        Assert.Equal(
            [("jtbd.stageWeights[0]", ScoringProblemKind.StageWeightOutOfRange), ("jtbd.stageWeights[4]", ScoringProblemKind.StageWeightOutOfRange)],
            Problems(model));
    }

    [Fact]
    public void ProductionBeforePoc_NoSegments_AndBreadthWithoutJtbd_AreReported()
    {
        var model = Valid with { Jtbd = Valid.Jtbd! with { PocStage = "prod", ProductionStage = "poc" } };
        Assert.Equal(
            [("jtbd.segments[0].stageMatrix", ScoringProblemKind.StagesOutOfOrder), ("jtbd.segments[1].stageMatrix", ScoringProblemKind.StagesOutOfOrder)],
            Problems(model));

        Assert.Equal([("jtbd.segments", ScoringProblemKind.NoSegments)], Problems(Valid with { Jtbd = Valid.Jtbd! with { Segments = [] } }));
        Assert.Equal([("items[0].source", ScoringProblemKind.NoJtbd)], Problems(Valid with { Jtbd = null }));
        Assert.Equal([("dimensions", ScoringProblemKind.NoDimensions)], Problems(Valid with { Dimensions = [] }));
    }

    [Fact]
    public void Compile_OfAnInvalidModel_ThrowsWithEveryProblem()
    {
        var error = Assert.Throws<ScoringModelException>(() => CompiledScoringModel.Compile(Valid with { Version = 0, Dimensions = [] }, Definition));
        Assert.Equal([ScoringProblemKind.InvalidVersion, ScoringProblemKind.NoDimensions], error.Problems.Select(p => p.Kind));
    }

    [Fact]
    public void TheFlagshipModel_ValidatesAgainstTheFlagshipTemplate_WithNoProblems()
    {
        var problems = ScoringModelValidator.Validate(FlagshipScoringModel.Create(), HealthcareAiAdoption.Template.Definition);
        Assert.Empty(problems);
    }

    [Fact]
    public void TheFlagshipModel_IsComplete()
    {
        var model = FlagshipScoringModel.Create();
        Assert.Equal(
            ["Strategy & governance", "Investment", "Data & platform", "People", "Trust & evaluation", "Adoption breadth"],
            model.Dimensions.Select(d => d.Name));
        Assert.Equal(["payer", "pharma", "provider"], model.Jtbd!.Segments.Select(s => s.Segment));
        Assert.Equal([0d, 25, 50, 75, 100], model.Jtbd.StageWeights);
        Assert.Equal(["Foundational", "Approaching", "Aspirational", "Mature"], model.Bands.Select(b => b.Name));

        // The same model against a template whose Provider stage matrix lost a stage is caught.
        var definition = HealthcareAiAdoption.Template.Definition;
        var stage = definition.Find("prov_stage")!;
        var broken = definition.ReplaceQuestion("prov_stage", stage with { Options = [.. stage.Options.Take(4)] });
        Assert.Contains(ScoringModelValidator.Validate(model, broken), p => p.Kind == ScoringProblemKind.StageWeightsCount && p.Path == "jtbd.segments[2].stageMatrix");
    }

    [Fact]
    public void TheFlagshipModel_ScoresAProviderRespondent()
    {
        var definition = HealthcareAiAdoption.Template.Definition;
        var rows = definition.Find("prov_stage")!.Rows;
        var compiled = CompiledScoringModel.Compile(FlagshipScoringModel.Create(), definition);
        var answers = new Dictionary<string, string>
        {
            ["segment"] = "provider",
            ["ai_strategy"] = "yes", ["governance_committee"] = "yes",           // 100, 100 → 100
            ["budget_change"] = "up_50_100", ["budget_vs_it"] = "same",        // 2/4 = 50, 1/2 = 50 → 50
            ["data_readiness"] = "3", ["deploy_in_env"] = "2",                 // 50, 25, EHR unanswered: 2 of 3 → 37.5
            ["ai_expertise"] = "5",                                            // 100
            ["hitl_review"] = "partly", ["testing_practices"] = "human_in_loop;fairness;bias", // 50, 3/7 → (50 + 300/7) / 2
            [$"prov_stage_{rows[0].Code}"] = "production", [$"prov_stage_{rows[1].Code}"] = "implementation",
            [$"prov_stage_{rows[2].Code}"] = "poc", [$"prov_stage_{rows[3].Code}"] = "ideation", // 2 of 4 past POC → 50
        };
        var score = compiled.Score(answers);

        Assert.Equal("provider", score.Segment);
        Assert.Equal([100, 50, 37.5, 100, (50 + 300d / 7) / 2, 50], score.Dimensions.Select(d => d.Score!.Value));
        // (100 + 50 + 37.5 + 100 + 46.43 + 50) / 6 = 383.93 / 6 = 63.99 → Aspirational.
        Assert.Equal((337.5 + (50 + 300d / 7) / 2) / 6, score.Overall.Score!.Value, 10);
        Assert.Equal("Aspirational", score.Maturity);
    }
}
