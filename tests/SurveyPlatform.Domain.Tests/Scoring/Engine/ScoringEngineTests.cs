using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Scoring.Sensitivity;
using SurveyPlatform.Domain.Scoring.Statistics;
using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Tests.Scoring.Engine;

public sealed class ScoringEngineTests
{
    private static readonly SurveyDefinition Small = new()
    {
        Questions =
        [
            new() { Code = "one", Text = "?", Type = QuestionType.SingleChoice, Options = [new("a", "A", 1), new("b", "B", 4)] },
            new() { Code = "many", Text = "?", Type = QuestionType.MultipleChoice, Options = [new("x", "X", 2), new("y", "Y", -1), new("z", "Z", 10)] },
            new() { Code = "rate", Text = "?", Type = QuestionType.Rating },
            new() { Code = "n", Text = "?", Type = QuestionType.Number },
            new() { Code = "t", Text = "?", Type = QuestionType.ShortText },
        ],
    };

    [Fact]
    public void DefaultModel_ScoresEveryQuestionWithPoints_InOneEqualWeightDimension()
    {
        var model = DefaultScoringModel.For(Small)!;
        Assert.Equal(["one", "many", "rate"], model.Items.Select(i => i.Key));
        var dimension = Assert.Single(model.Dimensions);
        Assert.Equal(DefaultScoringModel.DimensionName, dimension.Name);
        Assert.Empty(ScoringModelValidator.Validate(model, Small));

        // one: b → (4 − 1)/(4 − 1) = 100; many: x;y → (2 − 1 − (−1))/(12 − (−1)) = 2/13 → 15.38…; rate (1–5): 3 → 50.
        var score = CompiledScoringModel.Compile(model, Small).Score(Answers(("one", "b"), ("many", "x;y"), ("rate", "3"), ("n", "100")));
        Assert.Equal((100 + (200d / 13) + 50) / 3, score.Overall.Score!.Value, 10);
    }

    [Fact]
    public void DefaultModel_OfASurveyWithoutPoints_IsNone()
    {
        var definition = new SurveyDefinition { Questions = [new() { Code = "t", Text = "?", Type = QuestionType.ShortText }] };
        Assert.Null(DefaultScoringModel.For(definition));
    }

    [Fact]
    public void Engine_OverSixRespondents_PublishesHandComputedFigures_AndSuppressesNothingAtK5()
    {
        var model = CompiledScoringModel.Compile(DefaultScoringModel.For(Small)!, Small);
        var engine = new ScoringEngine(Small, model, new ScoringEngineOptions { Seed = 7, Resamples = 200, SensitivityDraws = 50 }, "hash");
        // Overall = mean of (one, many, rate) normalised: one a=0,b=100; many none answered → missing; rate r → (r − 1) × 25.
        string[] ones = ["a", "b", "b", "a", "b", "b"];
        int[] rates = [1, 2, 3, 4, 5, 5];
        for (var i = 0; i < 6; i++)
        {
            engine.Add(Guid.NewGuid(), Answers(("one", ones[i]), ("rate", rates[i].ToString(CultureInfo.InvariantCulture))));
        }

        var outcome = engine.Finish();
        var overall = outcome.Respondents.Select(r => r.Overall!.Value).ToArray();
        double[] expected = [0, 62.5, 75, 37.5, 100, 100];
        Assert.Equal(expected, overall);
        var figure = outcome.Results.Overall!;
        Assert.Null(figure.Suppressed);
        Assert.Equal(6, figure.N);
        Assert.Equal(expected.Average(), figure.Mean!.Value, 10);
        Assert.Equal(68.75, figure.Median); // sorted 0, 37.5, 62.5, 75, 100, 100
        var t = StudentTInterval.ForMean(expected)!.Value;
        Assert.Equal(t.Lower, figure.TInterval!.Lower, 10);
        Assert.NotNull(figure.Bootstrap);
        Assert.InRange(figure.Bootstrap.Lower, expected.Min(), figure.Mean.Value);
        Assert.InRange(figure.Bootstrap.Upper, figure.Mean.Value, expected.Max());

        // Maturity bands 0–25–50–75–100: 0 → Foundational, 37.5 → Approaching, 62.5 → Aspirational, 75, 100, 100 → Mature.
        var maturity = outcome.Results.Maturity!;
        Assert.Equal([1, 1, 1, 3], maturity.Options.Select(o => o.Count!.Value));
        Assert.Equal(["Foundational", "Aspirational", "Mature", "Approaching", "Mature", "Mature"], outcome.Respondents.Select(r => r.Maturity));

        // Option shares of "one": 2 × a, 4 × b of 6, with Wilson intervals. All six saw "many" and none chose
        // anything: of its stated base (who saw it) every share is 0; the base of those choosing (0) is below k.
        var shares = outcome.Results.Options.Single(o => o.Question == "one");
        Assert.Equal([2, 4], shares.Options.Select(o => o.Count!.Value));
        Assert.Equal(WilsonInterval.ForProportion(4, 6)!.Value.Lower, shares.Options[1].Wilson!.Lower, 12);
        var many = outcome.Results.Options.Single(o => o.Question == "many");
        Assert.Equal(("respondents who saw the question", 6), (many.Base, many.BaseN!.Value));
        Assert.All(many.Options, o => Assert.Equal(0, o.Count));
        Assert.Equal("suppressed (n<5)", many.Alternative!.Suppressed);

        // The rating on its own 1–5 scale (1, 2, 3, 4, 5, 5: mean 20/6), beside its 0–100 scoring item.
        var rate = outcome.Results.Questions.Single(q => q.Code == "rate");
        Assert.Equal(20 / 6d, rate.Figure!.Mean!.Value, 12);
        Assert.Equal(100 * (20 / 6d - 1) / 4, outcome.Results.Items.Single(i => i.Key == "rate").Figure.Mean!.Value, 9);
    }

    [Fact]
    public void Engine_BelowK_ShowsOnlyTheSuppressedLabel_WithNoNumbersInTheDocument()
    {
        var model = CompiledScoringModel.Compile(DefaultScoringModel.For(Small)!, Small);
        var engine = new ScoringEngine(Small, model, new ScoringEngineOptions { Seed = 1, Resamples = 50, SensitivityDraws = 10 }, "hash");
        foreach (var rate in new[] { "1", "4", "5", "2" })
        {
            engine.Add(Guid.NewGuid(), Answers(("one", "b"), ("rate", rate)));
        }

        var outcome = engine.Finish();
        Assert.Equal("suppressed (n<5)", outcome.Results.Overall!.Suppressed);
        Assert.Null(outcome.Results.Overall.Mean);
        Assert.Null(outcome.Results.Overall.N);
        Assert.All(outcome.Results.Items, i => Assert.Equal("suppressed (n<5)", i.Figure.Suppressed));
        var json = outcome.Results.ToJson();
        Assert.DoesNotContain("\"mean\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"median\"", json, StringComparison.Ordinal);
        Assert.Null(outcome.Respondents[0].PercentileOverall); // the reference group is below k as well
    }

    [Fact]
    public void Engine_SameInputsAndSeed_GiveByteIdenticalDocuments_AndAnotherSeedDiffers()
    {
        string Run(ulong seed)
        {
            var definition = HealthcareAiAdoption.Template.Definition;
            var model = CompiledScoringModel.Compile(FlagshipScoringModel.Create(), definition);
            var engine = new ScoringEngine(definition, model, new ScoringEngineOptions { Seed = seed, Resamples = 200, SensitivityDraws = 100 }, "h", 1);
            var generator = new FlagshipResponseGenerator(definition, FlagshipProfile.Default(), 42);
            for (var i = 0; i < 300; i++)
            {
                engine.Add(new Guid(i, 0, 0, new byte[8]), generator.Next());
            }

            return engine.Finish().Results.ToJson();
        }

        var first = Run(11);
        Assert.Equal(first, Run(11));
        Assert.NotEqual(first, Run(12));
        var results = ScoringResults.FromJson(first);
        Assert.Equal(3, results.Jtbd!.Segments.Count);
        Assert.All(results.Jtbd.Segments, s => Assert.NotEmpty(s.Rows));
        Assert.Equal(6, results.Dimensions.Count);
        Assert.NotNull(results.Benchmarks);

        // The overall and dimension intervals pool every segment's respondents: they hold the estimate.
        Assert.All(results.Dimensions.Select(d => d.Figure).Append(results.Overall!), f =>
        {
            Assert.NotNull(f.Bootstrap);
            Assert.InRange(f.Mean!.Value, f.Bootstrap.Lower, f.Bootstrap.Upper);
        });
    }

    [Fact]
    public void Engine_RanksEveryRespondent_OnOverallAndEachDimension_WithinSegmentAndAmongAll_AsBenchmarkRanksDoes()
    {
        var definition = HealthcareAiAdoption.Template.Definition;
        var model = CompiledScoringModel.Compile(FlagshipScoringModel.Create(), definition);
        var engine = new ScoringEngine(definition, model, new ScoringEngineOptions { Seed = 3, Resamples = 20, SensitivityDraws = 20 }, "h", 1);
        var generator = new FlagshipResponseGenerator(definition, FlagshipProfile.Default(), 5);
        for (var i = 0; i < 400; i++)
        {
            engine.Add(new Guid(i, 0, 0, new byte[8]), generator.Next());
        }

        var respondents = engine.Finish().Respondents;
        Assert.Equal(400, respondents.Count);
        var names = model.Model.Dimensions.Select(d => d.Name).ToList();
        var expected = BenchmarkRanks.Compute(
            [.. respondents.Select(r => new OrganisationScores(
                r.ResponseId.ToString(), r.Segment, r.Overall, names.Select((n, d) => (n, r.Dimensions[d])).ToDictionary(x => x.n, x => x.Item2)))],
            names,
            SuppressionPolicy.Default);

        static double? Value(GroupFigure<double>? figure) => figure is Published<double> p ? p.Value : null;
        for (var i = 0; i < respondents.Count; i++)
        {
            var row = respondents[i];
            Assert.Equal(Value(expected[i].Overall.WithinSegment), row.PercentileInSegment);
            Assert.Equal(Value(expected[i].Overall.AllOrganisations), row.PercentileOverall);
            Assert.Equal(names.Select(n => Value(expected[i].Dimensions[n].WithinSegment)), row.DimensionPercentilesInSegment);
            Assert.Equal(names.Select(n => Value(expected[i].Dimensions[n].AllOrganisations)), row.DimensionPercentilesOverall);
        }

        // Some respondents have a dimension rank, and the rows read the same however often they are read.
        Assert.Contains(respondents, r => r.DimensionPercentilesInSegment.Any(p => p is not null));
        Assert.Equal(respondents.Select(r => r.DimensionPercentilesOverall[0]), respondents.ToList().Select(r => r.DimensionPercentilesOverall[0]));
    }

    /// <summary>
    /// The engine tallies each respondent's maturity stability as it is added; it must be exactly what the sensitivity
    /// analysis over the whole table of dimension scores gives (the same draws, the same arithmetic), as must the mean.
    /// </summary>
    [Fact]
    public void Engine_TalliesEachRespondentsStability_AsTheAnalysisOfTheWholeTableDoes()
    {
        var definition = HealthcareAiAdoption.Template.Definition;
        var model = CompiledScoringModel.Compile(FlagshipScoringModel.Create(), definition);
        var engine = new ScoringEngine(definition, model, new ScoringEngineOptions { Seed = 13, Resamples = 20, SensitivityDraws = 150 }, "h", 1);
        var generator = new FlagshipResponseGenerator(definition, FlagshipProfile.Default(), 8);
        for (var i = 0; i < 400; i++)
        {
            engine.Add(new Guid(i, 0, 0, new byte[8]), generator.Next());
        }

        var outcome = engine.Finish();
        var table = new RespondentDimensions(model.Model.Dimensions.Count);
        foreach (var row in outcome.Respondents)
        {
            table.Add([.. row.Dimensions]);
        }

        // The engine's sensitivity seed is the run's seed xor 0x5EED5EED5EED5EED.
        var whole = SensitivityAnalysis.Run(model.Model, table, null, 13 ^ 0x5EED5EED5EED5EEDUL, new SensitivityOptions { Draws = 150 }).Respondents;
        Assert.Equal(whole.Respondents.Select(r => r.BaselineLevel is null ? (double?)null : r.Stability), outcome.Respondents.Select(r => r.MaturityStability));
        var summary = outcome.Results.Sensitivity!;
        Assert.Equal(whole.MeanStability, summary.MeanMaturityStability);
        Assert.Equal(whole.Levels, summary.Levels);
        Assert.Contains(outcome.Respondents, r => r.MaturityStability is > 0 and < 1);
    }

    /// <summary>
    /// Weighting rakes respondents grouped by their answers to the weighting questions; each respondent's weight, the
    /// weighted means and the effective sample size must be those of raking the respondents one by one.
    /// </summary>
    [Fact]
    public void Engine_WeightsEveryRespondent_AsRakingThemOneByOneDoes()
    {
        var definition = HealthcareAiAdoption.Template.Definition;
        var flagship = FlagshipScoringModel.Create() with
        {
            Weighting =
            [
                new WeightingTarget { Question = "segment", Margins = new Dictionary<string, double> { ["payer"] = 0.3, ["pharma"] = 0.2, ["provider"] = 0.5 } },
                new WeightingTarget { Question = "org_size", Margins = new Dictionary<string, double> { ["small"] = 0.5, ["medium"] = 0.3, ["large"] = 0.2 } },
            ],
        };
        var model = CompiledScoringModel.Compile(flagship, definition);
        var engine = new ScoringEngine(definition, model, new ScoringEngineOptions { Seed = 2, Resamples = 20, SensitivityDraws = 10 }, "h", 1);
        var generator = new FlagshipResponseGenerator(definition, FlagshipProfile.Default(), 31);
        var answers = Enumerable.Range(0, 600).Select(_ => generator.Next()).ToList();
        for (var i = 0; i < answers.Count; i++)
        {
            engine.Add(new Guid(i, 0, 0, new byte[8]), answers[i]);
        }

        var outcome = engine.Finish();
        var raked = Raking.Rake([.. flagship.Weighting.Select(t => new RakingVariable(
            t.Question, [.. answers.Select(a => a.GetValueOrDefault(t.Question)?.ToLowerInvariant())], t.Margins))]);
        var weighting = outcome.Results.Weighting!;
        Assert.Null(weighting.Error);
        Assert.Equal(raked.Converged, weighting.Converged);
        Assert.Equal(raked.EffectiveSampleSize, weighting.EffectiveSampleSize, 9);
        for (var i = 0; i < answers.Count; i++)
        {
            Assert.Equal(raked.Weights[i], outcome.Respondents[i].Weight!.Value, 12);
        }

        var overall = Weighting.WeightedMean(outcome.Respondents.Select((r, i) => (r.Overall, raked.Weights[i])));
        Assert.Equal(overall!.Value, weighting.Overall.Mean!.Value, 9);
        Assert.Equal(outcome.Respondents.Count(r => r.Overall is not null), weighting.Overall.N);
        var first = Weighting.WeightedMean(outcome.Respondents.Select((r, i) => (r.Dimensions[0], raked.Weights[i])));
        Assert.Equal(first!.Value, weighting.Dimensions[0].Figure.Mean!.Value, 9);
    }

    /// <summary>The scoring job spills respondents to a temporary file; the rows read back must be those of the in-memory spill.</summary>
    [Fact]
    public void Engine_SpilledToAFile_GivesTheRowsOfTheMemorySpill()
    {
        var definition = HealthcareAiAdoption.Template.Definition;
        var model = CompiledScoringModel.Compile(FlagshipScoringModel.Create(), definition);
        string Rows(Stream? spill)
        {
            var engine = new ScoringEngine(definition, model, new ScoringEngineOptions { Seed = 4, Resamples = 20, SensitivityDraws = 20 }, "h", 1, spill);
            var generator = new FlagshipResponseGenerator(definition, FlagshipProfile.Default(), 12);
            for (var i = 0; i < 1500; i++)
            {
                engine.Add(new Guid(i, 7, 7, new byte[8]), generator.Next());
            }

            var respondents = engine.Finish().Respondents;
            // Read out of order first (a jump back re-reads the file), then in order.
            var text = System.Text.Json.JsonSerializer.Serialize(new[] { respondents[1499], respondents[3], respondents[800] });
            return text + System.Text.Json.JsonSerializer.Serialize(respondents);
        }

        var file = Path.Combine(Path.GetTempPath(), $"spill-test-{Guid.NewGuid():N}.tmp");
        string spilled;
        using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 0, FileOptions.DeleteOnClose))
        {
            spilled = Rows(stream);
            Assert.True(stream.Length > 1500 * 70);
        }

        Assert.False(File.Exists(file));
        Assert.Equal(Rows(null), spilled);
        Assert.Contains("\"ResponseId\":\"000005db-0007-0007", spilled, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Answers(params (string Key, string Value)[] answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);
}
