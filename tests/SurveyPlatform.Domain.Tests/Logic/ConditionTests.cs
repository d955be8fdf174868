using SurveyPlatform.Domain.Logic;

namespace SurveyPlatform.Domain.Tests.Logic;

public sealed class ConditionTests
{
    private sealed class Answers(Dictionary<string, string[]> values) : IAnswerLookup
    {
        public IReadOnlyList<string> Values(string code) => values.TryGetValue(code, out var v) ? v : [];
    }

    private static readonly Answers Sample = new(new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["segment"] = ["provider"],
        ["size"] = ["2500"],
        ["roadblocks"] = ["security", "budget"],
        ["note"] = ["it's fine"],
    });

    private static bool Eval(string expression)
    {
        var (condition, error) = ConditionParser.Parse(expression);
        Assert.True(error is null, error?.ToString());
        return condition!.Evaluate(Sample);
    }

    [Theory]
    [InlineData("segment = provider", true)]
    [InlineData("segment = 'Provider'", true)]
    [InlineData("segment = payer", false)]
    [InlineData("segment != payer", true)]
    [InlineData("segment ≠ provider", false)]
    [InlineData("size > 1000", true)]
    [InlineData("size > 2500", false)]
    [InlineData("size >= 2500", true)]
    [InlineData("size ≥ 2501", false)]
    [InlineData("size < 2500.5", true)]
    [InlineData("size <= 2499", false)]
    [InlineData("size ≤ 2500", true)]
    [InlineData("size = 2500.0", true)]
    [InlineData("segment in (payer, provider)", true)]
    [InlineData("segment in (payer, pharma)", false)]
    [InlineData("segment not in (payer, pharma)", true)]
    [InlineData("roadblocks = budget", true)]
    [InlineData("roadblocks != budget", false)]
    [InlineData("roadblocks in (expertise, security)", true)]
    [InlineData("roadblocks not in (expertise, security)", false)]
    [InlineData("segment is answered", true)]
    [InlineData("segment is not answered", false)]
    [InlineData("missing is answered", false)]
    [InlineData("missing is not answered", true)]
    [InlineData("missing = x", false)]
    [InlineData("missing != x", true)]
    [InlineData("missing > 0", false)]
    [InlineData("missing not in (a, b)", true)]
    [InlineData("note = \"it's fine\"", true)]
    [InlineData("segment > 3", false)]
    public void Operator_OnSampleAnswers_GivesTheExpectedTruth(string expression, bool expected) =>
        Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("segment = provider and size > 1000", true)]
    [InlineData("segment = payer and size > 1000", false)]
    [InlineData("segment = payer or size > 1000", true)]
    [InlineData("segment = payer or size > 9000", false)]
    [InlineData("not segment = payer", true)]
    [InlineData("not (segment = provider or size > 9000)", false)]
    [InlineData("segment = payer or segment = provider and size > 9000", false)] // and binds tighter than or
    [InlineData("(segment = payer or segment = provider) and size > 1000", true)]
    [InlineData("NOT segment = payer AND size IS ANSWERED", true)]
    public void Combinators_FollowPrecedenceAndParentheses(string expression, bool expected) =>
        Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("segment", 8, "operator")]
    [InlineData("segment = ", 11, "ends too early")]
    [InlineData("segment = 'open", 11, "not closed")]
    [InlineData("(segment = a", 13, "\")\"")]
    [InlineData("segment = a and", 16, "ends too early")]
    [InlineData("size > big", 8, "not a number")]
    [InlineData("segment ! a", 9, "must be followed")]
    [InlineData("segment is maybe", 12, "answered")]
    [InlineData("segment = a b", 13, "Expected \"and\"")]
    [InlineData("segment # a", 9, "Unexpected character")]
    [InlineData("segment not (a)", 13, "\"in\"")]
    public void Parse_BadExpression_ReportsThePosition(string expression, int position, string fragment)
    {
        var (condition, error) = ConditionParser.Parse(expression);
        Assert.Null(condition);
        Assert.NotNull(error);
        Assert.Equal(position, error.Position);
        Assert.Contains(fragment, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ParseAndCheck_ALaterOrUnknownCode_IsRefusedWithItsPosition()
    {
        var (condition, errors) = ConditionParser.ParseAndCheck("segment = payer and later > 3 or ghost is answered", ["segment"], ["later"]);
        Assert.Null(condition);
        Assert.Collection(errors,
            e => Assert.Equal((21, "\"later\" is asked later; a condition may only use earlier questions."), (e.Position, e.Message)),
            e => Assert.Equal((34, "There is no question with the code \"ghost\"."), (e.Position, e.Message)));
    }

    [Fact]
    public void ParseAndCheck_EarlierCodes_Succeeds()
    {
        var (condition, errors) = ConditionParser.ParseAndCheck("SEGMENT = payer", ["segment"], []);
        Assert.Empty(errors);
        Assert.NotNull(condition);
    }

    [Theory]
    [InlineData("segment = provider and size > 1000", "segment = provider and size > 1000")]
    [InlineData("(a = 1 or b = 2) and not c is answered", "(a = 1 or b = 2) and not c is answered")]
    [InlineData("not (a = 1 and b = 2)", "not (a = 1 and b = 2)")]
    [InlineData("a in ('x y', \"it's\", 3)", "a in ('x y', \"it's\", 3)")]
    [InlineData("a ≥ 2", "a >= 2")]
    [InlineData("a = 'and'", "a = 'and'")]
    public void Format_WritesACanonicalFormThatParsesToTheSameCondition(string expression, string expected)
    {
        var (condition, error) = ConditionParser.Parse(expression);
        Assert.Null(error);
        var formatted = ConditionParser.Format(condition!);
        Assert.Equal(expected, formatted);
        var reparsed = ConditionParser.Parse(formatted).Condition;
        Assert.NotNull(reparsed);
        Assert.Equal(formatted, ConditionParser.Format(reparsed));
        Assert.Equal(condition!.Evaluate(Sample), reparsed.Evaluate(Sample));
    }
}
