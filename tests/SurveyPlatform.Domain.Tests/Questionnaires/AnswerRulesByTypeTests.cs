using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Questionnaires;

/// <summary>Answer validation for every question type, one question at a time.</summary>
public sealed class AnswerRulesByTypeTests
{
    private static readonly OptionDefinition[] Abc = [new("a", "Alpha", 1), new("b", "Beta", 2), new("c", "Gamma", 3)];

    private static AnswerSheet.Result Answer(QuestionDefinition question, params (string Key, string[] Values)[] posted) =>
        AnswerSheet.Validate(
            new SurveyDefinition { Questions = [question] },
            posted.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Values));

    private static void Valid(QuestionDefinition q, string key, string stored, params (string, string[])[] posted)
    {
        var result = Answer(q, posted);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(stored, result.Answers[key]);
    }

    private static void Invalid(QuestionDefinition q, string field, string message, params (string, string[])[] posted)
    {
        var result = Answer(q, posted);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public void SingleChoice_StoresTheOptionCode_AndRefusesUnknownCodes()
    {
        var q = new QuestionDefinition { Code = "q", Text = "?", Type = QuestionType.SingleChoice, Options = Abc, Required = true };
        Valid(q, "q", "b", ("q", ["B"]));
        Invalid(q, "q", "Choose one of the listed answers.", ("q", ["z"]));
        Invalid(q, "q", "Choose one of the listed answers.", ("q", ["a", "b"]));
        Invalid(q, "q", "Choose an answer.");
    }

    [Fact]
    public void Choice_WithOther_NeedsTheSpecifiedText()
    {
        var q = new QuestionDefinition { Code = "q", Text = "?", Type = QuestionType.SingleChoice, Options = [.. Abc, new("other", "Other", 0)], OtherOption = "other" };
        Invalid(q, "q", "Please specify your other answer.", ("q", ["other"]));
        var result = Answer(q, ("q", ["other"]), ("q_other", ["Llamas"]));
        Assert.Equal("other", result.Answers["q"]);
        Assert.Equal("Llamas", result.Answers["q_other"]);
        Assert.False(Answer(q, ("q", ["a"]), ("q_other", ["ignored"])).Answers.ContainsKey("q_other"));
    }

    [Fact]
    public void MultipleChoice_KeepsDefinitionOrder_AndEnforcesLimitsAndTheExclusiveOption()
    {
        var q = new QuestionDefinition
        {
            Code = "m", Text = "?", Type = QuestionType.MultipleChoice,
            Options = [.. Abc, new("none", "None of these", 0)], MinSelections = 2, MaxSelections = 3, ExclusiveOption = "none",
        };
        Valid(q, "m", "a;c", ("m", ["c", "a"]));
        Invalid(q, "m", "Choose at least 2.", ("m", ["a"]));
        Invalid(q, "m", "\"None of these\" cannot be combined with other answers.", ("m", ["a", "none"]));
        var wide = q with { MinSelections = null, MaxSelections = 2 };
        Invalid(wide, "m", "Choose at most 2.", ("m", ["a", "b", "c"]));
        Valid(wide, "m", "none", ("m", ["none"]));
        Invalid(q, "m", "Choose only from the listed answers.", ("m", ["a", "zz"]));
    }

    [Theory]
    [InlineData(5, "5", true)]
    [InlineData(5, "6", false)]
    [InlineData(7, "7", true)]
    [InlineData(7, "0", false)]
    [InlineData(5, "x", false)]
    public void Rating_AcceptsOneToItsScale(int scale, string value, bool ok)
    {
        var q = new QuestionDefinition { Code = "r", Text = "?", Type = QuestionType.Rating, Scale = scale };
        Assert.Equal(ok, Answer(q, ("r", [value])).IsValid);
    }

    [Fact]
    public void Rating_NotApplicable_IsStoredOnlyWhenOffered()
    {
        var q = new QuestionDefinition { Code = "r", Text = "?", Type = QuestionType.Rating, AllowNotApplicable = true };
        Valid(q, "r", "na", ("r", ["NA"]));
        Invalid(q with { AllowNotApplicable = false }, "r", "Choose a rating from 1 to 5.", ("r", ["na"]));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("10", true)]
    [InlineData("11", false)]
    [InlineData("-1", false)]
    public void Nps_AcceptsZeroToTen(string value, bool ok) =>
        Assert.Equal(ok, Answer(new QuestionDefinition { Code = "n", Text = "?", Type = QuestionType.Nps }, ("n", [value])).IsValid);

    [Fact]
    public void MatrixSingle_StoresOneAnswerPerRow_AndARequiredMatrixNeedsEveryRow()
    {
        var q = new QuestionDefinition
        {
            Code = "stage", Text = "?", Type = QuestionType.MatrixSingle, Required = true, AllowNotApplicable = true,
            Options = [new("idea", "Ideation"), new("poc", "POC"), new("prod", "Production")],
            Rows = [new("ambient", "Ambient documentation"), new("coding", "Clinical coding")],
        };
        var result = Answer(q, ("stage_ambient", ["poc"]), ("stage_coding", ["na"]));
        Assert.True(result.IsValid);
        Assert.Equal("poc", result.Answers["stage_ambient"]);
        Assert.Equal("na", result.Answers["stage_coding"]);

        var partial = Answer(q, ("stage_ambient", ["poc"]));
        Assert.Equal([("stage", "Answer every row.")], partial.Errors.Select(e => (e.Field, e.Message)));
        var wrong = Answer(q, ("stage_ambient", ["nope"]), ("stage_coding", ["prod"]));
        Assert.Equal([("stage_ambient", "Ambient documentation: Choose one of the listed answers.")], wrong.Errors.Select(e => (e.Field, e.Message)));
    }

    [Fact]
    public void MatrixRating_ChecksEachRowAgainstTheScale()
    {
        var q = new QuestionDefinition { Code = "pain", Text = "?", Type = QuestionType.MatrixRating, Rows = [new("r1", "One"), new("r2", "Two")] };
        Assert.True(Answer(q, ("pain_r1", ["1"]), ("pain_r2", ["5"])).IsValid);
        Assert.Equal("pain_r2", Assert.Single(Answer(q, ("pain_r1", ["1"]), ("pain_r2", ["9"])).Errors).Field);
    }

    [Fact]
    public void Ranking_NeedsEveryItemOnce_AndStoresTheOrder()
    {
        var q = new QuestionDefinition { Code = "rank", Text = "?", Type = QuestionType.Ranking, Options = Abc };
        Valid(q, "rank", "c;a;b", ("rank", ["c", "a", "b"]));
        Invalid(q, "rank", "Put every item in order.", ("rank", ["c", "a"]));
        Invalid(q, "rank", "Give each item a different place.", ("rank", ["c", "c", "a"]));
    }

    [Theory]
    [InlineData("12", false, "12")]
    [InlineData("12.50", false, "12.50")]
    [InlineData("12.5", true, null)]
    [InlineData("abc", false, null)]
    [InlineData("121", false, null)]
    public void Number_RespectsRangeAndWholeNumbers(string value, bool wholeNumbers, string? stored)
    {
        var q = new QuestionDefinition { Code = "n", Text = "?", Type = QuestionType.Number, Min = 0, Max = 120, WholeNumbers = wholeNumbers, Unit = "years" };
        var result = Answer(q, ("n", [value]));
        Assert.Equal(stored, result.Answers.GetValueOrDefault("n"));
        Assert.Equal(stored is null, result.Errors.Count == 1);
    }

    [Theory]
    [InlineData(TextValidation.Email, null, "name@example.org", true)]
    [InlineData(TextValidation.Email, null, "name@localhost", false)]
    [InlineData(TextValidation.Email, null, "not an address", false)]
    [InlineData(TextValidation.Regex, "[A-Z]{2}[0-9]{3}", "AB123", true)]
    [InlineData(TextValidation.Regex, "[A-Z]{2}[0-9]{3}", "AB1234", false)]
    [InlineData(TextValidation.None, null, "anything at all", true)]
    public void ShortText_ValidatesEmailAndPattern(TextValidation validation, string? pattern, string value, bool ok)
    {
        var q = new QuestionDefinition { Code = "t", Text = "?", Type = QuestionType.ShortText, Validation = validation, Pattern = pattern };
        Assert.Equal(ok, Answer(q, ("t", [value])).IsValid);
    }

    [Fact]
    public void Text_LengthsAreLimited()
    {
        Assert.False(Answer(new QuestionDefinition { Code = "t", Text = "?", Type = QuestionType.ShortText }, ("t", [new string('x', 501)])).IsValid);
        Assert.True(Answer(new QuestionDefinition { Code = "t", Text = "?", Type = QuestionType.LongText }, ("t", [new string('x', 4000)])).IsValid);
        Assert.False(Answer(new QuestionDefinition { Code = "t", Text = "?", Type = QuestionType.LongText }, ("t", [new string('x', 4001)])).IsValid);
    }

    [Theory]
    [InlineData("2026-02-28", true)]
    [InlineData("2026-02-30", false)]
    [InlineData("28/02/2026", false)]
    public void Date_IsAnIsoCalendarDate(string value, bool ok) =>
        Assert.Equal(ok, Answer(new QuestionDefinition { Code = "d", Text = "?", Type = QuestionType.Date }, ("d", [value])).IsValid);

    [Theory]
    [InlineData("yes", true)]
    [InlineData("No", true)]
    [InlineData("maybe", false)]
    public void YesNo_TakesYesOrNo(string value, bool ok) =>
        Assert.Equal(ok, Answer(new QuestionDefinition { Code = "y", Text = "?", Type = QuestionType.YesNo }, ("y", [value])).IsValid);

    [Fact]
    public void Descriptive_StoresNothing()
    {
        var result = Answer(new QuestionDefinition { Code = "intro", Text = "Welcome", Type = QuestionType.Descriptive }, ("intro", ["x"]));
        Assert.True(result.IsValid);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public void HiddenQuestions_AreNotValidated_AndTheirAnswersAreDropped()
    {
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition { Questions = [new QuestionDefinition { Code = "segment", Text = "?", Type = QuestionType.SingleChoice, Options = [new("payer", "Payer"), new("provider", "Provider")] }] },
                new PageDefinition
                {
                    Condition = "segment = provider",
                    Questions = [new QuestionDefinition { Code = "beds", Text = "?", Type = QuestionType.Number, Required = true }],
                },
                new PageDefinition
                {
                    Questions =
                    [
                        new QuestionDefinition { Code = "claims", Text = "?", Type = QuestionType.Number, Required = true, Condition = "segment = payer" },
                        new QuestionDefinition { Code = "note", Text = "?", Type = QuestionType.ShortText },
                    ],
                },
            ],
        };
        var posted = new Dictionary<string, IReadOnlyList<string>> { ["segment"] = ["payer"], ["beds"] = ["300"], ["claims"] = ["12"], ["note"] = ["hi"] };
        var result = AnswerSheet.Validate(definition, posted);
        Assert.True(result.IsValid);
        Assert.Equal(["claims", "note", "segment"], result.Answers.Keys.Order());
        Assert.Equal(["beds"], result.HiddenQuestions);

        var provider = AnswerSheet.Validate(definition, new Dictionary<string, IReadOnlyList<string>> { ["segment"] = ["provider"] });
        Assert.Equal(["beds"], provider.Errors.Select(e => e.Field));
    }
}
