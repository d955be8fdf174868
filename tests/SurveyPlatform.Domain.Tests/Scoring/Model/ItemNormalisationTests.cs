using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;

namespace SurveyPlatform.Domain.Tests.Scoring.Model;

public sealed class ItemNormalisationTests
{
    private static readonly SurveyDefinition Definition = new()
    {
        Questions =
        [
            new() { Code = "strategy", Text = "?", Type = QuestionType.SingleChoice, Options = [new("yes", "Yes"), new("partly", "Partly"), new("no", "No"), new("unsure", "Unsure")] },
            new() { Code = "pointed", Text = "?", Type = QuestionType.SingleChoice, Options = [new("low", "Low", 0), new("mid", "Mid", 5), new("high", "High", 10)] },
            new() { Code = "worry", Text = "?", Type = QuestionType.Rating, Scale = 5, AllowNotApplicable = true },
            new() { Code = "pocs", Text = "?", Type = QuestionType.Number, Min = 0, Max = 10000 },
            new() { Code = "practices", Text = "?", Type = QuestionType.MultipleChoice, ExclusiveOption = "none",
                Options = [new("a", "A"), new("b", "B"), new("c", "C"), new("d", "D"), new("none", "None")] },
            new() { Code = "committee", Text = "?", Type = QuestionType.YesNo },
            new() { Code = "eval", Text = "?", Type = QuestionType.MatrixRating, Scale = 5, AllowNotApplicable = true, Rows = [new("acc", "Accuracy"), new("cost", "Cost")] },
            new() { Code = "nps", Text = "?", Type = QuestionType.Nps },
        ],
    };

    private static readonly CompiledScoringModel Compiled = CompiledScoringModel.Compile(new ScoringModel
    {
        Items =
        [
            // yes 2, partly 1, no 0 over the range 0–2; "unsure" is not scored.
            new() { Key = "strategy", Scores = new Dictionary<string, double> { ["yes"] = 2, ["partly"] = 1, ["no"] = 0 } },
            // No scores: the options' own points 0 / 5 / 10.
            new() { Key = "pointed" },
            // Higher worry means lower readiness.
            new() { Key = "worry", Reverse = true },
            // The item narrows the question's 0–10,000 to 0–20.
            new() { Key = "pocs", Min = 0, Max = 20 },
            // Range: Σ negatives = −1 to Σ positives = 1 + 1 + 2 = 4.
            new() { Key = "practices", Scores = new Dictionary<string, double> { ["a"] = 1, ["b"] = 1, ["c"] = 2, ["d"] = -1, ["none"] = 0 } },
            new() { Key = "committee", Scores = new Dictionary<string, double> { ["yes"] = 1, ["no"] = 0 } },
            new() { Key = "eval_acc" },
            new() { Key = "eval_cost", Reverse = true },
            new() { Key = "nps" },
        ],
        Dimensions = [new() { Name = "All", Items = [new() { Item = "strategy" }] }],
    }, Definition);

    private static double? Score(string key, string? answer) =>
        Compiled.ItemScore(key, answer is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [key] = answer });

    [Theory]
    [InlineData(3, 1, 5, false, 50)]      // (3 − 1) / (5 − 1) × 100 = 50
    [InlineData(2, 1, 5, false, 25)]      // (2 − 1) / 4 × 100 = 25
    [InlineData(2, 1, 5, true, 75)]       // reversed: 100 − 25 = 75
    [InlineData(5, 1, 5, true, 0)]        // reversed top: 100 − 100 = 0
    [InlineData(7, 0, 20, false, 35)]     // 7 / 20 × 100 = 35
    [InlineData(25, 0, 20, false, 100)]   // clamped to 20 → 100
    [InlineData(-4, 0, 20, true, 100)]    // clamped to 0 → 0, reversed → 100
    [InlineData(0, -1, 4, false, 20)]     // (0 + 1) / 5 × 100 = 20
    public void Normalise_MapsTheRangeTo0To100_AndReverses(double value, double low, double high, bool reverse, double expected) =>
        Assert.Equal(expected, ScoringMath.Normalise(value, low, high, reverse), 10);

    [Fact]
    public void Normalise_RefusesAnEmptyRange() =>
        Assert.Throws<ArgumentException>(() => ScoringMath.Normalise(3, 5, 5));

    [Theory]
    [InlineData("yes", 100d)]     // 2 / 2
    [InlineData("partly", 50d)]   // 1 / 2
    [InlineData("no", 0d)]        // 0 / 2: a real zero, not missing
    [InlineData("YES", 100d)]     // option codes match without case
    public void ChoiceItem_ScoresTheOptionOverItsRange(string answer, double expected) =>
        Assert.Equal(expected, Score("strategy", answer));

    [Theory]
    [InlineData("unsure")]   // an option the model does not score
    [InlineData("maybe")]    // not an option at all
    [InlineData("na")]
    [InlineData("")]
    [InlineData(null)]       // unanswered
    public void ChoiceItem_UnscoredNotApplicableOrUnanswered_IsMissingNotZero(string? answer) =>
        Assert.Null(Score("strategy", answer));

    [Fact]
    public void ChoiceItem_WithoutScores_UsesTheOptionPoints() =>
        Assert.Equal(50d, Score("pointed", "mid")); // 5 over 0–10

    [Theory]
    [InlineData("1", 100d)]   // plain 0, reversed 100
    [InlineData("2", 75d)]    // plain (2 − 1) / 4 = 25, reversed 75
    [InlineData("5", 0d)]     // plain 100, reversed 0
    public void ReversedRating_IsOneHundredMinusThePlainScore(string answer, double expected) =>
        Assert.Equal(expected, Score("worry", answer));

    [Theory]
    [InlineData("na")]
    [InlineData("NA")]
    [InlineData("7")]     // outside the 1–5 scale: not a valid rating
    [InlineData("2.5")]   // not a scale point
    [InlineData(null)]
    public void Rating_NotApplicableOrInvalid_IsMissing(string? answer) =>
        Assert.Null(Score("worry", answer));

    [Theory]
    [InlineData("5", 25d)]     // 5 / 20
    [InlineData("30", 100d)]   // clamped to 20
    [InlineData("0", 0d)]
    public void Number_IsNormalisedOverTheItemsRange_AndClamped(string answer, double expected) =>
        Assert.Equal(expected, Score("pocs", answer));

    [Theory]
    [InlineData("a;c", 80d)]      // 1 + 2 = 3 → (3 + 1) / 5 = 80
    [InlineData("a;c;d", 60d)]    // 1 + 2 − 1 = 2 → (2 + 1) / 5 = 60
    [InlineData("d", 0d)]         // −1 → 0
    [InlineData("none", 20d)]     // 0 → (0 + 1) / 5 = 20
    [InlineData("a;b;c", 100d)]   // 4 → 100
    public void MultipleChoice_SumsTheChosenScoresOverNegativesToPositives(string answer, double expected) =>
        Assert.Equal(expected, Score("practices", answer)!.Value, 10);

    [Fact]
    public void YesNo_MatrixRow_AndNps_Score()
    {
        Assert.Equal(100d, Score("committee", "yes"));
        Assert.Equal(0d, Score("committee", "no"));
        Assert.Equal(75d, Score("eval_acc", "4"));    // (4 − 1) / 4
        Assert.Equal(25d, Score("eval_cost", "4"));   // reversed: 100 − 75
        Assert.Null(Score("eval_acc", "na"));
        Assert.Equal(70d, Score("nps", "7"));         // NPS runs 0–10: 7 / 10
    }

    [Fact]
    public void ItemScore_OfAKeyOutsideTheModel_Throws() =>
        Assert.Throws<ArgumentException>(() => Compiled.ItemScore("region", new Dictionary<string, string>()));
}
