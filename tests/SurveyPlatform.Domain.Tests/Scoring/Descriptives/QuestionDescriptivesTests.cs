using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Descriptives;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Statistics;

namespace SurveyPlatform.Domain.Tests.Scoring.Descriptives;

/// <summary>Every question type's summary from a stream of responses, with who saw each question read from the logic.</summary>
public sealed class QuestionDescriptivesTests
{
    private static readonly SuppressionPolicy KThree = new(3);

    private static QuestionDefinition Tools(SharesBase shareBase = SharesBase.Shown) => new()
    {
        Code = "tools",
        Text = "Which tools do you use?",
        Type = QuestionType.MultipleChoice,
        Options = [new("a", "A"), new("b", "B"), new("c", "C")],
        Condition = "gate = yes",
        SharesBase = shareBase,
    };

    private static SurveyDefinition Gated(SharesBase shareBase = SharesBase.Shown) => new()
    {
        Questions =
        [
            new() { Code = "gate", Text = "Do you use AI?", Type = QuestionType.YesNo },
            Tools(shareBase),
        ],
    };

    // Ten respondents: six say yes and see "tools" (three choose, three skip it), four say no and never see it.
    private static QuestionDescriptives GatedResponses(SharesBase shareBase = SharesBase.Shown)
    {
        var descriptives = new QuestionDescriptives(Gated(shareBase));
        string?[] tools = ["a;b", "a", "b;c", null, null, null];
        foreach (var chosen in tools)
        {
            descriptives.Add(chosen is null ? Answers(("gate", "yes")) : Answers(("gate", "yes"), ("tools", chosen)));
        }

        for (var i = 0; i < 4; i++)
        {
            descriptives.Add(Answers(("gate", "no")));
        }

        return descriptives;
    }

    private static Dictionary<string, string> Answers(params (string Key, string Value)[] answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void MultipleChoice_SharesAreOfTheRespondentsWhoSawTheQuestion_ByDefault_WithTheOtherBaseBeside()
    {
        var summary = GatedResponses().Finish(KThree).Single(q => q.Code == "tools");

        Assert.Equal((6, 3), (summary.Shown!.Value, summary.Answered!.Value));
        var shares = summary.Shares!;
        Assert.Equal(QuestionDescriptives.ShownBase, shares.Base);
        Assert.Equal(6, shares.BaseN);
        Assert.Equal([2, 2, 1], shares.Options.Select(o => o.Count!.Value));
        Assert.Equal([2 / 6d, 2 / 6d, 1 / 6d], shares.Options.Select(o => o.Share!.Value));
        Assert.Equal(WilsonInterval.ForProportion(2, 6)!.Value.Lower, shares.Options[0].Wilson!.Lower, 12);

        var other = shares.Alternative!;
        Assert.Equal(QuestionDescriptives.AnsweredAnyBase, other.Base);
        Assert.Equal(3, other.BaseN);
        Assert.Equal([2 / 3d, 2 / 3d, 1 / 3d], other.Options.Select(o => o.Share!.Value));
    }

    [Fact]
    public void MultipleChoice_CanStateTheAnsweredBase_AndThenReportsTheShownBaseBeside()
    {
        var shares = GatedResponses(SharesBase.Answered).Finish(KThree).Single(q => q.Code == "tools").Shares!;

        Assert.Equal((QuestionDescriptives.AnsweredAnyBase, 3), (shares.Base, shares.BaseN!.Value));
        Assert.Equal((QuestionDescriptives.ShownBase, 6), (shares.Alternative!.Base, shares.Alternative.BaseN!.Value));
    }

    [Fact]
    public void MultipleChoice_WhoseBasesAgree_HasNoAlternative()
    {
        var descriptives = new QuestionDescriptives(new SurveyDefinition { Questions = [Tools() with { Condition = null }] });
        foreach (var chosen in new[] { "a", "b", "a;c" })
        {
            descriptives.Add(Answers(("tools", chosen)));
        }

        var shares = descriptives.Finish(KThree).Single().Shares!;
        Assert.Equal(3, shares.BaseN);
        Assert.Null(shares.Alternative);
    }

    [Fact]
    public void YesNo_IsASharesOfTheRespondentsAnswering()
    {
        var gate = GatedResponses().Finish(KThree).Single(q => q.Code == "gate");

        Assert.Equal(QuestionDescriptives.AnsweringBase, gate.Shares!.Base);
        Assert.Equal(10, gate.Shares.BaseN);
        Assert.Equal([0.6, 0.4], gate.Shares.Options.Select(o => o.Share!.Value));
    }

    [Fact]
    public void AQuestionBelowK_IsSuppressed_WithoutItsCounts()
    {
        var descriptives = new QuestionDescriptives(new SurveyDefinition
        {
            Questions = [new() { Code = "rate", Text = "?", Type = QuestionType.Rating }, new() { Code = "note", Text = "?", Type = QuestionType.LongText }],
        });
        descriptives.Add(Answers(("rate", "4"), ("note", "fine")));
        descriptives.Add(Answers(("rate", "5")));

        var summaries = descriptives.Finish(KThree);
        Assert.All(summaries, s =>
        {
            Assert.Equal("suppressed (n<3)", s.Suppressed);
            Assert.Null(s.Shown);
            Assert.Null(s.Answered);
            Assert.Null(s.Figure);
            Assert.Null(s.Shares);
        });
    }

    [Fact]
    public void Rating_IsSummarisedOnItsOwnScale_WithNotApplicableLeftOutOfTheBase()
    {
        var descriptives = new QuestionDescriptives(new SurveyDefinition
        {
            Questions = [new() { Code = "rate", Text = "?", Type = QuestionType.Rating, Scale = 5, AllowNotApplicable = true, LowLabel = "Poor" }],
        });
        foreach (var answer in new[] { "1", "3", "3", "4", "5", "na" })
        {
            descriptives.Add(Answers(("rate", answer)));
        }

        var rate = descriptives.Finish(KThree).Single();
        Assert.Equal((6, 5, 1), (rate.Shown!.Value, rate.Answered!.Value, rate.NotApplicable!.Value));
        Assert.Equal((1, 5), (rate.ScaleStart!.Value, rate.ScaleEnd!.Value));
        Assert.Equal(3.2, rate.Figure!.Mean!.Value, 12);
        Assert.Equal(1.3583147, rate.Figure.TInterval!.Lower, 6);
        Assert.Equal([1, 0, 2, 1, 1], rate.Shares!.Options.Select(o => o.Count!.Value));
        Assert.Equal("1 (Poor)", rate.Shares.Options[0].Label);
    }

    [Fact]
    public void Nps_HasItsGroups_Score_AndIntervalInTheSummary()
    {
        var descriptives = new QuestionDescriptives(new SurveyDefinition { Questions = [new() { Code = "nps", Text = "?", Type = QuestionType.Nps }] });
        foreach (var answer in new[] { 10, 9, 9, 10, 9, 8, 7, 7, 3, 6 })
        {
            descriptives.Add(Answers(("nps", answer.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        var nps = descriptives.Finish(KThree).Single().Nps!;
        Assert.Equal((5, 3, 2), (nps.Promoters, nps.Passives, nps.Detractors));
        Assert.Equal((0.5, 0.3, 0.2), (nps.PromoterShare, nps.PassiveShare, nps.DetractorShare));
        Assert.Equal(30, nps.Score, 12);
        Assert.Equal(-19.050615, nps.Interval!.Lower, 5);
    }

    [Fact]
    public void Number_Matrix_Ranking_Date_AndText_EachHaveTheirSummary()
    {
        var definition = new SurveyDefinition
        {
            Questions =
            [
                new() { Code = "n", Text = "?", Type = QuestionType.Number },
                new() { Code = "m", Text = "?", Type = QuestionType.MatrixSingle, Rows = [new("r1", "Row 1"), new("r2", "Row 2")], Options = [new("x", "X"), new("y", "Y")] },
                new() { Code = "mr", Text = "?", Type = QuestionType.MatrixRating, Rows = [new("r1", "Row 1")], Scale = 3 },
                new() { Code = "rank", Text = "?", Type = QuestionType.Ranking, Options = [new("p", "P"), new("q", "Q")] },
                new() { Code = "d", Text = "?", Type = QuestionType.Date },
                new() { Code = "t", Text = "?", Type = QuestionType.ShortText },
            ],
        };
        var descriptives = new QuestionDescriptives(definition);
        descriptives.Add(Answers(("n", "1"), ("m_r1", "x"), ("m_r2", "y"), ("mr_r1", "1"), ("rank", "p;q"), ("d", "2026-01-05"), ("t", "one")));
        descriptives.Add(Answers(("n", "2"), ("m_r1", "x"), ("m_r2", "x"), ("mr_r1", "3"), ("rank", "q;p"), ("d", "2026-01-20"), ("t", "two")));
        descriptives.Add(Answers(("n", "3"), ("m_r1", "y"), ("m_r2", "y"), ("mr_r1", "3"), ("rank", "p;q"), ("d", "2026-03-01")));
        descriptives.Add(Answers(("n", "4"), ("m_r1", "x"), ("mr_r1", "2"), ("rank", "p;q"), ("d", "2026-03-02"), ("t", "three")));

        var by = descriptives.Finish(KThree).ToDictionary(s => s.Code);

        Assert.Equal(2.5, by["n"].Figure!.Mean!.Value, 12);
        Assert.Equal((1.75, 3.25), (by["n"].Number!.LowerQuartile, by["n"].Number!.UpperQuartile));

        // Row 1: x 3 of 4; row 2 has three answers: x 1, y 2.
        var m = by["m"];
        Assert.Equal([0.75, 0.25], m.Rows[0].Shares!.Options.Select(o => o.Share!.Value));
        Assert.Equal(3, m.Rows[1].Shares!.BaseN);
        Assert.Equal([1, 2], m.Rows[1].Shares!.Options.Select(o => o.Count!.Value));

        // Rating matrix row: 1, 3, 3, 2 on 1–3 → mean 2.25.
        Assert.Equal(2.25, by["mr"].Rows[0].Figure!.Mean!.Value, 12);

        // P ranked 1, 2, 1, 1 → mean rank 1.25; Q 2, 1, 2, 2 → 1.75.
        Assert.Equal([1.25, 1.75], by["rank"].Rows.Select(r => r.Figure!.Mean!.Value));

        Assert.Equal(["2026-01", "2026-03"], by["d"].Shares!.Options.Select(o => o.Code));
        Assert.Equal([2, 2], by["d"].Shares!.Options.Select(o => o.Count!.Value));

        Assert.Equal((4, 3), (by["t"].Shown!.Value, by["t"].Answered!.Value));
    }

    [Fact]
    public void APageCondition_HidesItsQuestions_FromTheShownBase()
    {
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new() { Questions = [new() { Code = "gate", Text = "?", Type = QuestionType.YesNo }] },
                new() { Condition = "gate = yes", Questions = [Tools() with { Condition = null }] },
            ],
        };
        var descriptives = new QuestionDescriptives(definition);
        foreach (var gate in new[] { "yes", "yes", "yes", "no", "no" })
        {
            descriptives.Add(Answers(("gate", gate)));
        }

        var tools = descriptives.Finish(KThree).Single(q => q.Code == "tools");
        Assert.Equal((3, 0), (tools.Shown!.Value, tools.Answered!.Value));
        Assert.Equal(3, tools.Shares!.BaseN);
        Assert.Equal("suppressed (n<3)", tools.Shares.Alternative!.Suppressed);
    }

    [Fact]
    public void EachResponse_SawTheQuestion_ByTheConditionsOfTheVersionItAnswered()
    {
        // Version 1 asked everyone about tools; version 2 (the current one) asks only those who use AI,
        // and adds a question version 1 did not have.
        var version1 = new SurveyDefinition
        {
            Questions = [new() { Code = "gate", Text = "Do you use AI?", Type = QuestionType.YesNo }, Tools() with { Condition = null }],
        };
        var current = Gated() with { Questions = [.. Gated().Questions, new() { Code = "extra", Text = "New in version 2", Type = QuestionType.YesNo }] };
        var descriptives = new QuestionDescriptives(current);
        descriptives.AddVersion(1, version1);
        descriptives.AddVersion(2, current);

        // Two version 1 respondents said no and skipped tools: they saw it all the same.
        descriptives.Add(Answers(("gate", "no")), version: 1);
        descriptives.Add(Answers(("gate", "no")), version: 1);
        descriptives.Add(Answers(("gate", "yes"), ("tools", "a")), version: 1);
        // Version 2: a no does not see tools; a yes who skips it does.
        descriptives.Add(Answers(("gate", "no"), ("extra", "yes")), version: 2);
        descriptives.Add(Answers(("gate", "yes"), ("extra", "no")), version: 2);
        // A response without a known version is read by the current definition.
        descriptives.Add(Answers(("gate", "no"), ("extra", "yes")), version: null);

        var summaries = descriptives.Finish(KThree).ToDictionary(q => q.Code);
        Assert.Equal((4, 1), (summaries["tools"].Shown!.Value, summaries["tools"].Answered!.Value));
        Assert.Equal(4, summaries["tools"].Shares!.BaseN);
        // Only version 2 and the unversioned response saw the new question (read by the current
        // definition alone, the three version 1 respondents would count as having seen it too).
        Assert.Equal(3, summaries["extra"].Shown!.Value);
        Assert.Equal(6, summaries["gate"].Shown!.Value);
    }

    [Fact]
    public void TheResultsDocument_OfFormat2_RoundTrips_AndFormat1IsStillRead()
    {
        var descriptives = GatedResponses();
        var document = new ScoringResults { EngineVersion = ScoringEngine.Version, InputHash = "h", Seed = "1", Questions = descriptives.Finish(KThree) };

        var read = ScoringResults.FromJson(document.ToJson());
        Assert.Equal("surveyplatform.results/2", read.Format);
        Assert.Equal(document.ToJson(), read.ToJson());
        Assert.Equal(6, read.Questions.Single(q => q.Code == "tools").Shares!.BaseN);

        var old = ScoringResults.FromJson("""{"format":"surveyplatform.results/1","engineVersion":"2.0.0","inputHash":"h","seed":"1","responses":3,"options":[{"question":"tools","base":"respondents choosing any option","baseN":3,"options":[]}]}""");
        Assert.Equal(ScoringResults.FirstFormat, old.Format);
        Assert.Empty(old.Questions);
        Assert.Equal(3, old.Options.Single().BaseN);

        Assert.Throws<FormatException>(() => ScoringResults.FromJson("""{"format":"surveyplatform.results/9","engineVersion":"9","inputHash":"h","seed":"1"}"""));
    }
}
