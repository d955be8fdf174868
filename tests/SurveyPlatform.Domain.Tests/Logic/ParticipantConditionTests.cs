using SurveyPlatform.Domain.Logic;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Logic;

/// <summary><c>participant.NAME</c> in conditions: parsed as a reference, accepted on save, read from the participant's attributes.</summary>
public sealed class ParticipantConditionTests
{
    private static readonly Dictionary<string, string> Provider = new()
    {
        ["segment"] = "provider",
        ["Region"] = "north",
        ["size"] = "2500",
        ["blank"] = "  ",
    };

    private static bool Eval(string expression, IReadOnlyDictionary<string, string>? context, IReadOnlyDictionary<string, string>? answers = null)
    {
        var (condition, error) = ConditionParser.Parse(expression);
        Assert.True(error is null, error?.ToString());
        return condition!.Evaluate(new AnswerSheet.StoredAnswers(answers ?? new Dictionary<string, string>(), context));
    }

    [Fact]
    public void AParticipantAttribute_ParsesAsOneReference_WithItsPosition()
    {
        var (condition, error) = ConditionParser.Parse("role = a and participant.segment = provider");

        Assert.Null(error);
        var references = condition!.References().ToList();
        Assert.Equal([new CodeReference("role", 1), new CodeReference("participant.segment", 14)], references);
        var test = Assert.IsType<Comparison>(((AllOf)condition).Right);
        Assert.Equal(ComparisonOperator.Equal, test.Operator);
        Assert.Equal(["provider"], test.Operands);
    }

    [Theory]
    [InlineData("participant.segment = provider", true)]
    [InlineData("participant.segment = 'Provider'", true)]
    [InlineData("participant.SEGMENT = provider", true)]
    [InlineData("Participant.segment = provider", true)]
    [InlineData("participant.segment = payer", false)]
    [InlineData("participant.segment != payer", true)]
    [InlineData("participant.region in (north, south)", true)]
    [InlineData("participant.region in (east, south)", false)]
    [InlineData("participant.region not in (east, south)", true)]
    [InlineData("participant.size >= 1000", true)]
    [InlineData("participant.size < 1000", false)]
    [InlineData("participant.segment is answered", true)]
    [InlineData("participant.segment is not answered", false)]
    [InlineData("participant.blank is answered", false)]
    [InlineData("participant.missing is answered", false)]
    [InlineData("participant.missing is not answered", true)]
    [InlineData("participant.missing = x", false)]
    [InlineData("participant.missing != x", true)]
    [InlineData("not participant.segment = payer and (participant.region = north or participant.size > 5000)", true)]
    public void WithAParticipant_TheAttributeIsRead_IgnoringTheNamesCase(string expression, bool expected) =>
        Assert.Equal(expected, Eval(expression, Provider));

    [Theory]
    [InlineData("participant.segment = provider", false)]
    [InlineData("participant.segment != provider", true)]
    [InlineData("participant.region in (north, south)", false)]
    [InlineData("participant.region not in (north, south)", true)]
    [InlineData("participant.size > 0", false)]
    [InlineData("participant.segment is answered", false)]
    [InlineData("participant.segment is not answered", true)]
    public void WithoutAParticipant_EveryAttributeIsUnanswered(string expression, bool expected)
    {
        Assert.Equal(expected, Eval(expression, null));
        Assert.Equal(expected, Eval(expression, new Dictionary<string, string>()));
    }

    [Fact]
    public void AnAnswerStoredUnderTheReferencesName_IsNotReadAsTheAttribute()
    {
        var answers = new Dictionary<string, string> { ["participant.segment"] = "provider", ["segment"] = "provider" };

        Assert.False(Eval("participant.segment = provider", null, answers));
        Assert.True(Eval("segment = provider", null, answers));
        Assert.False(Eval("segment = provider", Provider)); // and an attribute is not a question's answer
    }

    [Fact]
    public void AQuestionCodedParticipant_IsStillAQuestion()
    {
        var answers = new Dictionary<string, string> { ["participant"] = "yes" };

        Assert.True(Eval("participant = yes", Provider, answers));
        Assert.Equal([new CodeReference("participant", 1)], ConditionParser.Parse("participant = yes").Condition!.References());
    }

    [Fact]
    public void ParseAndCheck_AcceptsAnyAttribute_WithoutAnEarlierQuestion_ButStillChecksQuestionCodes()
    {
        var (accepted, none) = ConditionParser.ParseAndCheck("participant.segment = provider or participant.anything is answered", [], []);
        Assert.NotNull(accepted);
        Assert.Empty(none);

        var (refused, errors) = ConditionParser.ParseAndCheck("participant.segment = provider and size > 3", [], ["size"]);
        Assert.Null(refused);
        var error = Assert.Single(errors);
        Assert.Equal(36, error.Position);
        Assert.Contains("asked later", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("participant. = x", 13)]
    [InlineData("participant.1x = x", 13)]
    [InlineData("participant.", 13)]
    [InlineData("participant.segment", 20)]
    [InlineData("participant.segment = participant.region", 23)]
    [InlineData("participant.segment > provider", 23)]
    public void MalformedParticipantReferences_AreRefused_WithAPosition(string expression, int position)
    {
        var (condition, error) = ConditionParser.Parse(expression);

        Assert.Null(condition);
        Assert.Equal(position, error!.Position);
    }

    [Fact]
    public void AQuotedParticipantReference_IsPlainText()
    {
        Assert.True(Eval("note = 'participant.segment'", null, new Dictionary<string, string> { ["note"] = "participant.segment" }));
    }

    [Theory]
    [InlineData("participant.segment = provider", "participant.segment = provider")]
    [InlineData("PARTICIPANT.Region in (north,'south east')", "participant.Region in (north, 'south east')")]
    [InlineData("not (participant.segment is answered)", "not participant.segment is answered")]
    public void Format_WritesTheReferenceBack_AndItParsesAgain(string expression, string canonical)
    {
        var formatted = ConditionParser.Format(ConditionParser.Parse(expression).Condition!);

        Assert.Equal(canonical, formatted);
        Assert.Equal(formatted, ConditionParser.Format(ConditionParser.Parse(formatted).Condition!));
    }

    [Fact]
    public void Publishing_AcceptsParticipantConditionsAndPiping_OnTheFirstPage()
    {
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition
                {
                    Title = "Welcome",
                    Condition = "participant.segment in (provider, payer)",
                    Questions =
                    [
                        new() { Code = "role", Text = "What is your role at {participant.organisation}?", Type = QuestionType.ShortText, Condition = "participant.region is answered" },
                        new() { Code = "why", Text = "Why {unknown}?", Type = QuestionType.ShortText },
                    ],
                },
            ],
        };

        var problems = DefinitionCheck.Problems(definition);

        Assert.Equal(["Question why on page 1 (Welcome): the text shows {unknown}, which is not an earlier question."], problems);
    }

    [Fact]
    public void AddingAQuestion_AcceptsAParticipantCondition()
    {
        var question = new QuestionDefinition { Code = "q1", Text = "?", Type = QuestionType.ShortText, Condition = "participant.segment = provider" };

        Assert.Empty(QuestionDraft.Check(new SurveyDefinition(), question));
        Assert.Contains(QuestionDraft.Check(new SurveyDefinition(), question with { Condition = "participant.segment = provider and size > 1" }), e => e.Field == "Condition");
    }
}
