using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;

namespace SurveyPlatform.Domain.Tests.Scoring;

public sealed class ScoreMathTests
{
    [Fact]
    public void Summary_OfAKnownSet_MatchesTheHandComputedMeanAndSampleSd()
    {
        // 2,4,4,4,5,5,7,9: mean 5, squared deviations sum 32, sample variance 32/7.
        var summary = ScoreSummary.Of([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(8, summary.N);
        Assert.Equal(5d, summary.Mean);
        Assert.Equal(Math.Sqrt(32d / 7), summary.StandardDeviation!.Value, 12);
    }

    [Fact]
    public void Summary_OfNothingOrOne_HasNoSpread()
    {
        Assert.Equal(new ScoreSummary(0, null, null), ScoreSummary.Of([]));
        Assert.Equal(new ScoreSummary(1, 7.5, null), ScoreSummary.Of([7.5]));
    }

    [Fact]
    public void Score_SumsChosenOptionPoints_AndRatingValues_IgnoringTextAndNumbers()
    {
        var definition = new SurveyDefinition
        {
            Questions =
            [
                new() { Code = "one", Text = "?", Type = QuestionType.SingleChoice, Options = [new("a", "A", 1.5m), new("b", "B", 4)] },
                new() { Code = "many", Text = "?", Type = QuestionType.MultipleChoice, Options = [new("x", "X", 2), new("y", "Y", -1), new("z", "Z", 10)] },
                new() { Code = "rate", Text = "?", Type = QuestionType.Rating },
                new() { Code = "n", Text = "?", Type = QuestionType.Number },
                new() { Code = "t", Text = "?", Type = QuestionType.ShortText },
            ],
        };
        var answers = new Dictionary<string, string> { ["one"] = "b", ["many"] = "x;y", ["rate"] = "3", ["n"] = "100", ["t"] = "5" };
        Assert.Equal(8m, ResponseScorer.Score(definition, answers)); // 4 + 2 − 1 + 3
        Assert.Equal(0m, ResponseScorer.Score(definition, new Dictionary<string, string>()));
    }
}
