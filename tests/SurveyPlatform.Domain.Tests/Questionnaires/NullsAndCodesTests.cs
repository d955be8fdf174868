using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Questionnaires;

/// <summary>Files may carry nulls where lists belong, and codes may hide a trailing newline: neither gets through.</summary>
public sealed class NullsAndCodesTests
{
    [Fact]
    public void NullListsAndTitles_ReadAsEmpty_AndThePublishCheckReportsInsteadOfThrowing()
    {
        const string json = """
            {"pages":[{"title":null,"questions":[{"code":"colour","text":"Colour?","type":"SingleChoice","options":null,"rows":null}]},{"title":"Two","questions":null}]}
            """;

        var definition = SurveyDefinition.FromJson(json);

        Assert.Equal(string.Empty, definition.Pages[0].Title);
        Assert.Empty(definition.Pages[0].Questions[0].Options);
        Assert.Empty(definition.Pages[1].Questions);
        var problems = DefinitionCheck.Problems(definition).ToList();
        Assert.Contains(problems, p => p.Contains("colour", StringComparison.Ordinal));
    }

    [Fact]
    public void NullPages_ReadAsNoPages()
    {
        Assert.Empty(SurveyDefinition.FromJson("""{"pages":null}""").Pages);
    }

    [Theory]
    [InlineData("abc\n", false)]
    [InlineData("abc", true)]
    [InlineData("a_1", true)]
    [InlineData("1a", false)]
    public void QuestionCodes_MatchTheWholeText(string code, bool valid)
    {
        Assert.Equal(valid, QuestionDraft.IsValidCode(code));
    }
}
