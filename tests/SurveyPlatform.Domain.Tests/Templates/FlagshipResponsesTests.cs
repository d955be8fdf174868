using System.Globalization;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Tests.Templates;

public sealed class FlagshipResponsesTests
{
    private static readonly SurveyDefinition Definition = HealthcareAiAdoption.Template.Definition;

    private static List<IReadOnlyDictionary<string, string>> Generate(int count, ulong seed, FlagshipProfile? profile = null)
    {
        var generator = new FlagshipResponseGenerator(Definition, profile ?? FlagshipProfile.Default(), seed);
        return [.. Enumerable.Range(0, count).Select(_ => generator.Next())];
    }

    [Fact]
    public void Generated_Responses_AreCompleteValidSubmissions_StoredAsTheValidatorStoresThem()
    {
        foreach (var answers in Generate(200, 42))
        {
            var completion = ResponseFlow.Finish(Definition, answers);
            Assert.True(completion.IsComplete, string.Join("; ", completion.Errors.Select(e => $"{e.Field}: {e.Message}")));
            // Nothing hidden was answered, and every value is already in its stored form.
            Assert.Equal(answers.OrderBy(a => a.Key, StringComparer.Ordinal), completion.Answers.OrderBy(a => a.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Generated_Responses_AnswerOnlyTheirOwnSegmentsMatrices_EveryRow()
    {
        var jtbd = FlagshipScoringModel.Create().Jtbd!;
        foreach (var answers in Generate(200, 7))
        {
            foreach (var segment in jtbd.Segments)
            {
                var own = answers["segment"] == segment.Segment;
                foreach (var matrix in new[] { segment.StageMatrix, segment.PainMatrix, segment.ManualMatrix }.Select(c => Definition.Find(c)!))
                {
                    Assert.All(matrix.Rows, row => Assert.Equal(own, answers.ContainsKey(matrix.RowKey(row.Code))));
                }
            }
        }
    }

    [Fact]
    public void Generated_Responses_CoverEverySegment_NotApplicable_AndPlausiblePocCounts()
    {
        var responses = Generate(200, 3);

        Assert.Equal(["payer", "pharma", "provider"], responses.Select(a => a["segment"]).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(responses, a => a.Values.Contains(QuestionDefinition.NotApplicable));
        Assert.Contains(responses, a => a.ContainsKey("pocs_in_production"));
        Assert.All(responses.Where(a => a.ContainsKey("pocs_in_production")), a =>
            Assert.InRange(int.Parse(a["pocs_in_production"], CultureInfo.InvariantCulture), 0, int.Parse(a["pocs_completed"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void SameSeed_GivesTheSameResponses_AnotherSeed_DifferentOnes()
    {
        var first = Generate(50, 2026);
        var again = Generate(50, 2026);
        var other = Generate(50, 2027);

        Assert.Equal(first.Count, again.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].OrderBy(a => a.Key, StringComparer.Ordinal), again[i].OrderBy(a => a.Key, StringComparer.Ordinal));
        }

        var differing = first.Zip(other).Count(p => !p.First.OrderBy(a => a.Key, StringComparer.Ordinal).SequenceEqual(p.Second.OrderBy(a => a.Key, StringComparer.Ordinal)));
        Assert.True(differing > 40, $"Only {differing} of 50 responses differ between seeds.");
    }

    [Fact]
    public void DefaultProfile_VariesBetweenJobs()
    {
        var profile = FlagshipProfile.Default();
        var rows = Definition.Find("payer_stage")!.Rows;
        double[] weights = [0, 25, 50, 75, 100];
        var adoption = rows.Select(r => profile.StageProbabilities("payer", r.Code).Select((p, i) => p * weights[i]).Sum()).ToList();
        Assert.True(adoption.Max() - adoption.Min() > 30, $"Implied adoption only ranges {adoption.Min():F1}–{adoption.Max():F1}.");
    }

    [Fact]
    public void InvalidProfiles_AreRefused()
    {
        var valid = FlagshipProfile.Default();
        FlagshipProfile[] invalid =
        [
            valid with { StageProbabilities = (_, _) => [0.5, 0.5, 0.5, 0, 0] },       // sums to 1.5
            valid with { PainProbabilities = (_, _) => [0.5, 0.5] },                   // two ratings for a scale of five
            valid with { ManualProbabilities = (_, _) => [1.2, -0.2, 0, 0, 0] },       // negative
            valid with { SegmentShares = new Dictionary<string, double> { ["payer"] = 0.5, ["hospital"] = 0.5 } },
            valid with { SegmentShares = new Dictionary<string, double> { ["payer"] = 0.5, ["pharma"] = 0.4 } },
            valid with { NotApplicableShare = 1.5 },
        ];

        Assert.All(invalid, profile => Assert.Throws<ArgumentException>(() => new FlagshipResponseGenerator(Definition, profile, 1)));
    }
}
