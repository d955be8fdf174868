using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Questionnaires;

public sealed class QuestionFormTests
{
    /// <summary>A form with every field filled, as if the author had typed into each before choosing <paramref name="type"/>.</summary>
    private static QuestionForm Filled(QuestionType type) => new()
    {
        Type = type,
        Code = "  q1 ",
        Text = " How was it? ",
        Required = true,
        Options = "good | Good | 2\nbad | Bad | 0",
        Rows = "speed | Speed\nprice | Price",
        Min = "1",
        Max = "12.5",
        Help = "  Think of last week. ",
        Scale = 7,
        RowsPerPage = 1,
        LowLabel = " Poor ",
        HighLabel = "   ",
        AllowNotApplicable = true,
        MinSelections = 1,
        MaxSelections = 2,
        ExclusiveOption = " bad ",
        SharesBase = SharesBase.Answered,
        OtherOption = " other ",
        WholeNumbers = true,
        Unit = " kg ",
        Validation = TextValidation.Regex,
        Pattern = " ^[a-z]+$ ",
        Shuffle = true,
        Dropdown = true,
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void EveryType_KeepsTheTrimmedCodeTextHelpAndScaleLabels_AndBlankTextBecomesNull(QuestionType type)
    {
        var (question, errors) = Filled(type).ToDefinition();

        Assert.Empty(errors);
        Assert.Equal(type, question.Type);
        Assert.Equal("q1", question.Code);
        Assert.Equal("How was it?", question.Text);
        Assert.True(question.Required);
        Assert.Equal("Think of last week.", question.Help);
        Assert.Equal("Poor", question.LowLabel);
        Assert.Null(question.HighLabel);
        Assert.Null(question.Condition);
    }

    public static TheoryData<QuestionType> EveryType() => [.. Enum.GetValues<QuestionType>()];

    [Fact]
    public void ASingleChoice_KeepsItsOptionsOtherOptionShuffleAndDropdown_AndNothingOfOtherTypes()
    {
        var (question, _) = Filled(QuestionType.SingleChoice).ToDefinition();

        Assert.Equal(["good", "bad"], question.Options.Select(o => o.Code));
        Assert.Equal(2m, question.Options[0].Points);
        Assert.Equal("other", question.OtherOption);
        Assert.True(question.Shuffle);
        Assert.Equal(ChoiceDisplay.Dropdown, question.Display);
        Assert.Empty(question.Rows);
        Assert.Null(question.Min);
        Assert.Null(question.Scale);
        Assert.Null(question.MinSelections);
        Assert.Null(question.ExclusiveOption);
        Assert.Equal(SharesBase.Shown, question.SharesBase);
        Assert.False(question.AllowNotApplicable);
        Assert.Equal(TextValidation.None, question.Validation);
    }

    [Fact]
    public void AMultipleChoice_KeepsItsSelectionLimitsExclusiveOptionAndSharesBase_ButIsNeverADropdown()
    {
        var (question, _) = Filled(QuestionType.MultipleChoice).ToDefinition();

        Assert.Equal(2, question.Options.Count);
        Assert.Equal(1, question.MinSelections);
        Assert.Equal(2, question.MaxSelections);
        Assert.Equal("bad", question.ExclusiveOption);
        Assert.Equal(SharesBase.Answered, question.SharesBase);
        Assert.Equal("other", question.OtherOption);
        Assert.True(question.Shuffle);
        Assert.Equal(ChoiceDisplay.Auto, question.Display);
        Assert.Empty(question.Rows);
    }

    [Fact]
    public void AMultipleChoiceWithAnUnknownSharesBase_CountsTheRespondentsWhoSawIt()
    {
        var form = Filled(QuestionType.MultipleChoice);
        form.SharesBase = (SharesBase)42;

        Assert.Equal(SharesBase.Shown, form.ToDefinition().Question.SharesBase);
    }

    [Fact]
    public void ARanking_KeepsOnlyItsOptions()
    {
        var (question, _) = Filled(QuestionType.Ranking).ToDefinition();

        Assert.Equal(2, question.Options.Count);
        Assert.Null(question.OtherOption);
        Assert.False(question.Shuffle);
        Assert.Empty(question.Rows);
        Assert.Null(question.Scale);
    }

    [Fact]
    public void AMatrixWithOneAnswerPerRow_KeepsItsColumnsRowsRowsPerPageAndNotApplicable_ButNoScale()
    {
        var (question, _) = Filled(QuestionType.MatrixSingle).ToDefinition();

        Assert.Equal(["good", "bad"], question.Options.Select(o => o.Code));
        Assert.Equal(["speed", "price"], question.Rows.Select(r => r.Code));
        Assert.Equal(1, question.RowsPerPage);
        Assert.True(question.AllowNotApplicable);
        Assert.Null(question.Scale);
    }

    [Fact]
    public void ARatingMatrix_KeepsItsRowsScaleRowsPerPageAndNotApplicable_ButNoOptions()
    {
        var (question, _) = Filled(QuestionType.MatrixRating).ToDefinition();

        Assert.Empty(question.Options);
        Assert.Equal(2, question.Rows.Count);
        Assert.Equal(7, question.Scale);
        Assert.Equal(1, question.RowsPerPage);
        Assert.True(question.AllowNotApplicable);
    }

    [Fact]
    public void ARating_KeepsItsScaleAndNotApplicable_ButNoOptionsOrRows()
    {
        var (question, _) = Filled(QuestionType.Rating).ToDefinition();

        Assert.Equal(7, question.Scale);
        Assert.True(question.AllowNotApplicable);
        Assert.Empty(question.Options);
        Assert.Empty(question.Rows);
        Assert.Null(question.RowsPerPage);
    }

    [Fact]
    public void ANumber_KeepsItsBoundsWholeNumbersAndUnit()
    {
        var (question, _) = Filled(QuestionType.Number).ToDefinition();

        Assert.Equal(1m, question.Min);
        Assert.Equal(12.5m, question.Max);
        Assert.True(question.WholeNumbers);
        Assert.Equal("kg", question.Unit);
        Assert.Empty(question.Options);
        Assert.Null(question.Scale);
    }

    [Fact]
    public void AShortTextWithARegularExpression_KeepsTheTrimmedPattern()
    {
        var (question, _) = Filled(QuestionType.ShortText).ToDefinition();

        Assert.Equal(TextValidation.Regex, question.Validation);
        Assert.Equal("^[a-z]+$", question.Pattern);
    }

    [Fact]
    public void AShortTextCheckedAsAnEmailAddress_DropsAPatternTypedEarlier()
    {
        var form = Filled(QuestionType.ShortText);
        form.Validation = TextValidation.Email;

        var (question, _) = form.ToDefinition();

        Assert.Equal(TextValidation.Email, question.Validation);
        Assert.Null(question.Pattern);
    }

    [Theory]
    [InlineData(QuestionType.Nps)]
    [InlineData(QuestionType.LongText)]
    [InlineData(QuestionType.Date)]
    [InlineData(QuestionType.YesNo)]
    [InlineData(QuestionType.Descriptive)]
    public void ATypeWithoutSettingsOfItsOwn_KeepsNoneOfTheTypeSpecificFields(QuestionType type)
    {
        var (question, _) = Filled(type).ToDefinition();

        Assert.Empty(question.Options);
        Assert.Empty(question.Rows);
        Assert.Null(question.Min);
        Assert.Null(question.Max);
        Assert.Null(question.Scale);
        Assert.Null(question.RowsPerPage);
        Assert.False(question.AllowNotApplicable);
        Assert.Null(question.MinSelections);
        Assert.Null(question.MaxSelections);
        Assert.Null(question.ExclusiveOption);
        Assert.Equal(SharesBase.Shown, question.SharesBase);
        Assert.Null(question.OtherOption);
        Assert.False(question.WholeNumbers);
        Assert.Null(question.Unit);
        Assert.Equal(TextValidation.None, question.Validation);
        Assert.Null(question.Pattern);
        Assert.False(question.Shuffle);
        Assert.Equal(ChoiceDisplay.Auto, question.Display);
    }

    [Fact]
    public void AnUnknownType_IsReportedAgainstTheTypeField()
    {
        var form = Filled(QuestionType.Rating);
        form.Type = (QuestionType)99;

        var error = Assert.Single(form.ToDefinition().Errors);

        Assert.Equal(new FieldError("Type", "Choose one of the listed question types."), error);
    }

    [Fact]
    public void UnreadableOptionAndRowLines_AreReportedAgainstTheirFields_RowsAsRowLines()
    {
        var form = Filled(QuestionType.MatrixSingle);
        form.Options = "good | Good | lots";
        form.Rows = "a | b | c | d";

        var errors = form.ToDefinition().Errors;

        Assert.Equal(
            [
                new FieldError("Options", "Option line 1: points \"lots\" is not a number."),
                new FieldError("Rows", "Row line 1: use \"label\", \"label | points\", \"code | label\" or \"code | label | points\"."),
            ],
            errors);
    }

    [Fact]
    public void BoundsThatAreNotNumbers_AreReportedAgainstMinAndMax_AndLeftOut()
    {
        var form = Filled(QuestionType.Number);
        form.Min = "one";
        form.Max = "12.5.3";

        var (question, errors) = form.ToDefinition();

        Assert.Equal([new FieldError("Min", "Enter a number, like 0 or 12.5."), new FieldError("Max", "Enter a number, like 0 or 12.5.")], errors);
        Assert.Null(question.Min);
        Assert.Null(question.Max);
    }

    [Fact]
    public void TheConditionBuilder_MakesAnExpression_WithoutQuotesTypedInTheValue()
    {
        var form = Filled(QuestionType.ShortText);
        form.ConditionCode = "role";
        form.ConditionOperator = "=";
        form.ConditionValue = "o'wner";

        Assert.Equal("role = owner", form.ToDefinition().Question.Condition);
    }

    [Fact]
    public void TheConditionBuilder_JoinsATypedConditionByAnd_AndAnAnsweredTestTakesNoValue()
    {
        var form = Filled(QuestionType.ShortText);
        form.Condition = " age > 18 ";
        form.ConditionCode = "role";
        form.ConditionOperator = "is answered";
        form.ConditionValue = "ignored";

        Assert.Equal("age > 18 and role is answered", form.ToDefinition().Question.Condition);
    }

    [Fact]
    public void ATypedConditionAlone_IsKeptTrimmed_AndWrittenTheParsersWayWhenItParses()
    {
        var form = Filled(QuestionType.ShortText);
        form.Condition = "  role='owner'  ";
        Assert.Equal("role = owner", form.ToDefinition().Question.Condition);

        form.Condition = "  role = = ";
        Assert.Equal("role = =", form.ToDefinition().Question.Condition);
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void TheFormOfAQuestion_GivesTheSameQuestionBack(QuestionType type)
    {
        var (question, _) = Filled(type).ToDefinition();
        question = question with { Condition = "age > 18" };

        var (again, errors) = QuestionForm.Of(question).ToDefinition();

        Assert.Empty(errors);
        Assert.Equal(question with { Options = [], Rows = [] }, again with { Options = [], Rows = [] });
        Assert.Equal(question.Options, again.Options);
        Assert.Equal(question.Rows, again.Rows);
    }
}
