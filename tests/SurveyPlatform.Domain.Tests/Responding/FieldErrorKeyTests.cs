using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;

namespace SurveyPlatform.Domain.Tests.Responding;

/// <summary>Validation errors carry a stable key, the template's values and a prefix, so respondent pages can translate them.</summary>
public sealed class FieldErrorKeyTests
{
    private static FieldError OnlyError(QuestionDefinition question, params (string Key, string[] Values)[] posted)
    {
        var outcome = ResponseFlow.Post(
            new SurveyDefinition { Questions = [question] },
            0,
            new Dictionary<string, string>(),
            posted.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Values),
            lenient: false);
        return Assert.Single(outcome.Errors);
    }

    [Fact]
    public void ANumberOutOfRange_HasKeyRange_AndTheBoundsAsArgs()
    {
        var error = OnlyError(new QuestionDefinition { Code = "hours", Text = "?", Type = QuestionType.Number, Min = 1, Max = 80 }, ("hours", ["81"]));

        Assert.Equal("hours", error.Field);
        Assert.Equal("Range", error.Key);
        Assert.Equal<object>([1m, 80m], error.Args);
        Assert.Equal("Enter a number from 1 to 80.", error.Message);
        Assert.Null(error.Prefix);
    }

    [Fact]
    public void ANumberWithOnlyOneBound_HasKeyAtLeastOrAtMost()
    {
        var atLeast = OnlyError(new QuestionDefinition { Code = "n", Text = "?", Type = QuestionType.Number, Min = 5 }, ("n", ["4"]));
        Assert.Equal("AtLeast", atLeast.Key);
        Assert.Equal<object>([5m], atLeast.Args);

        var atMost = OnlyError(new QuestionDefinition { Code = "n", Text = "?", Type = QuestionType.Number, Max = 9.5m }, ("n", ["10"]));
        Assert.Equal("AtMost", atMost.Key);
        Assert.Equal<object>([9.5m], atMost.Args);
    }

    [Fact]
    public void AMatrixRowError_HasTheRowLabelAsPrefix()
    {
        var grid = new QuestionDefinition
        {
            Code = "stage", Text = "?", Type = QuestionType.MatrixSingle,
            Options = [new("idea", "Ideation"), new("prod", "Production")],
            Rows = [new("ambient", "Ambient documentation"), new("coding", "Clinical coding")],
        };

        var error = OnlyError(grid, ("stage_ambient", ["idea"]), ("stage_coding", ["nope"]));

        Assert.Equal("stage_coding", error.Field);
        Assert.Equal("ChooseListed", error.Key);
        Assert.Equal("Clinical coding", error.Prefix);
        Assert.Equal("Clinical coding: Choose one of the listed answers.", error.Message);
    }

    [Fact]
    public void AMatrixRatingRowOutOfScale_HasKeyRatingRange_TheScaleAsArgs_AndThePrefix()
    {
        var grid = new QuestionDefinition { Code = "pain", Text = "?", Type = QuestionType.MatrixRating, Scale = 7, Rows = [new("back", "Back")] };

        var error = OnlyError(grid, ("pain_back", ["8"]));

        Assert.Equal(("pain_back", "RatingRange", "Back"), (error.Field, error.Key, error.Prefix));
        Assert.Equal<object>([1, 7], error.Args);
    }

    [Fact]
    public void ARequiredMatrixWithAMissingRow_HasKeyEveryRow_AndNoPrefix()
    {
        var grid = new QuestionDefinition { Code = "pain", Text = "?", Type = QuestionType.MatrixRating, Required = true, Rows = [new("back", "Back"), new("neck", "Neck")] };

        var error = OnlyError(grid, ("pain_back", ["2"]));

        Assert.Equal(("pain", "EveryRow"), (error.Field, error.Key));
        Assert.Null(error.Prefix);
        Assert.Empty(error.Args);
    }

    [Fact]
    public void SelectionLimitsAndTheExclusiveOption_CarryTheirValues()
    {
        var q = new QuestionDefinition
        {
            Code = "m", Text = "?", Type = QuestionType.MultipleChoice,
            Options = [new("a", "A"), new("b", "B"), new("c", "C"), new("none", "None of these")], MinSelections = 2, MaxSelections = 2, ExclusiveOption = "none",
        };

        var min = OnlyError(q, ("m", ["a"]));
        Assert.Equal("MinSelections", min.Key);
        Assert.Equal<object>([2], min.Args);
        var max = OnlyError(q, ("m", ["a", "b", "c"]));
        Assert.Equal("MaxSelections", max.Key);
        Assert.Equal<object>([2], max.Args);
        var exclusive = OnlyError(q, ("m", ["a", "none"]));
        Assert.Equal("Exclusive", exclusive.Key);
        Assert.Equal<object>(["None of these"], exclusive.Args);
    }

    [Theory]
    [InlineData(QuestionType.SingleChoice, "ChooseAnswer")]
    [InlineData(QuestionType.YesNo, "ChooseAnswer")]
    [InlineData(QuestionType.MultipleChoice, "ChooseAtLeastOne")]
    [InlineData(QuestionType.Ranking, "PutInOrder")]
    [InlineData(QuestionType.Number, "EnterNumber")]
    [InlineData(QuestionType.Date, "EnterDate")]
    [InlineData(QuestionType.ShortText, "EnterAnswer")]
    public void AMissingRequiredAnswer_HasATypeSpecificKey(QuestionType type, string key)
    {
        var q = new QuestionDefinition { Code = "q", Text = "?", Type = type, Required = true, Options = [new("a", "A"), new("b", "B")] };
        Assert.Equal(key, OnlyError(q).Key);
    }

    [Fact]
    public void TooLongText_CarriesTheLimit()
    {
        var error = OnlyError(new QuestionDefinition { Code = "t", Text = "?", Type = QuestionType.ShortText }, ("t", [new string('x', AnswerSheet.ShortTextMaxLength + 1)]));
        Assert.Equal("TooLong", error.Key);
        Assert.Equal<object>([AnswerSheet.ShortTextMaxLength], error.Args);
    }
}
