using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Exports;

public sealed class VariableNamesTests
{
    [Theory]
    [InlineData("colour", true)]
    [InlineData("fruit_apple", true)]
    [InlineData("q1.a", true)]
    [InlineData("q1.", false)]
    [InlineData("1st", false)]
    [InlineData("_x", false)]
    [InlineData("with", false)]
    [InlineData("ALL", false)]
    [InlineData("größe", false)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    public void IsValidSpss_FollowsSpssRules(string name, bool valid) => Assert.Equal(valid, VariableNames.IsValidSpss(name));

    [Fact]
    public void IsValidSpss_AllowsSixtyFourCharacters_NotSixtyFive()
    {
        Assert.True(VariableNames.IsValidSpss(new string('a', 64)));
        Assert.False(VariableNames.IsValidSpss(new string('a', 65)));
    }

    [Theory]
    [InlineData("colour", true)]
    [InlineData("in", false)]
    [InlineData("str12", false)]
    [InlineData("strength", true)]
    [InlineData("q1.a", false)]
    [InlineData("_n", false)]
    public void IsValidStata_FollowsStataRules(string name, bool valid) => Assert.Equal(valid, VariableNames.IsValidStata(name));

    [Fact]
    public void Spss_KeepsValidHeaders_AndRenamesTheRestUniquelyIgnoringCase()
    {
        var longName = "participant_" + new string('x', 70);
        var headers = new[] { "colour", "Colour", "2nd", "with", "Größe", longName, longName + "y", "v_2nd", "all" };
        var names = VariableNames.Spss(headers);

        Assert.Equal("colour", names[0]);
        Assert.Equal("Colour_2", names[1]);
        // "v_2nd" is a valid header elsewhere in the file, so the renamed "2nd" may not take it.
        Assert.Equal("v_2nd_2", names[2]);
        Assert.Equal("with_v", names[3]);
        Assert.Equal("Gro_e", names[4]);
        Assert.Equal(64, names[5].Length);
        Assert.Equal(64, names[6].Length);
        Assert.NotEqual(names[5], names[6], StringComparer.OrdinalIgnoreCase);
        Assert.Equal("v_2nd", names[7]);
        Assert.Equal("all_v", names[8]);
        Assert.All(names, n => Assert.True(VariableNames.IsValidSpss(n), n));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Stata_CutsToThirtyTwoCharacters_AndKeepsNamesUnique()
    {
        var headers = new[] { "percentile_in_segment_data_platform", "percentile_in_segment_data_platform_team", "in", "q1.a", "str5" };
        var names = VariableNames.Stata(headers);

        Assert.Equal("percentile_in_segment_data_platf", names[0]);
        Assert.Equal("percentile_in_segment_data_pla_2", names[1]);
        Assert.Equal("in_v", names[2]);
        Assert.Equal("q1_a", names[3]);
        Assert.Equal("str5_v", names[4]);
        Assert.All(names, n => Assert.True(VariableNames.IsValidStata(n) && n.Length <= 32, n));
    }

    [Fact]
    public void AnswerColumns_SplitMultipleChoiceAndRanking_NameMatrixRows_AndSkipRepeatsFromOlderVersions()
    {
        QuestionDefinition[] newest =
        [
            new() { Code = "intro", Text = "Hi", Type = QuestionType.Descriptive },
            new() { Code = "fruit", Text = "Fruit?", Type = QuestionType.MultipleChoice, Options = [new("apple", "Apple"), new("pear", "Pear")] },
            new() { Code = "jobs", Text = "Jobs", Type = QuestionType.MatrixRating, Rows = [new("plan", "Plan")] },
            new() { Code = "role", Text = "Role", Type = QuestionType.SingleChoice, OtherOption = "other", Options = [new("a", "A"), new("other", "Other")] },
            new() { Code = "rank", Text = "Rank", Type = QuestionType.Ranking, Options = [new("x", "X"), new("y", "Y")] },
        ];
        QuestionDefinition[] older =
        [
            new() { Code = "fruit", Text = "Fruit?", Type = QuestionType.MultipleChoice, Options = [new("apple", "Apple"), new("plum", "Plum")] },
            new() { Code = "gone", Text = "Gone", Type = QuestionType.ShortText },
        ];

        Assert.Equal(
            ["fruit_apple", "fruit_pear", "jobs_plan", "role", "role_other", "rank_x", "rank_y", "fruit_plum", "gone"],
            VariableNames.AnswerColumns([.. newest, .. older]));
    }
}
