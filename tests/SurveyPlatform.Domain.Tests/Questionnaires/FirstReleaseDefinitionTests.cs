using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Questionnaires;

/// <summary>Definitions stored by the first release (a flat question list, before pages) still read in full.</summary>
public sealed class FirstReleaseDefinitionTests
{
    private const string FirstRelease = """
        {"questions":[
          {"code":"colour","text":"Favourite colour?","type":"SingleChoice","required":true,"options":[{"code":"red","label":"Red","points":1},{"code":"blue","label":"Blue","points":3}]},
          {"code":"mood","text":"How do you feel?","type":"Rating","required":true,"options":[]}]}
        """;

    [Fact]
    public void AFlatQuestionList_ReadsAsOneUntitledPage_WithEveryQuestionAndOption()
    {
        var definition = SurveyDefinition.FromJson(FirstRelease);

        var page = Assert.Single(definition.Pages);
        Assert.Equal(string.Empty, page.Title);
        Assert.Equal(["colour", "mood"], page.Questions.Select(q => q.Code));
        Assert.Equal(QuestionType.Rating, page.Questions[1].Type);
        Assert.Equal([1m, 3m], page.Questions[0].Options.Select(o => o.Points));
        Assert.True(page.Questions[0].Required);
    }

    [Fact]
    public void AFlatQuestionList_WrittenBackOut_IsInTodaysPagedForm_AndReadsTheSame()
    {
        var json = SurveyDefinition.FromJson(FirstRelease).ToJson();

        Assert.Contains("\"pages\"", json, StringComparison.Ordinal);
        Assert.Equal(["colour", "mood"], SurveyDefinition.FromJson(json).Questions.Select(q => q.Code));
    }

    [Fact]
    public void ADefinitionWithPages_IsReadAsItIs_EvenWhenATextMentionsQuestions()
    {
        var json = """{"pages":[{"title":"P","questions":[{"code":"q","text":"How many \"questions\" were there?","type":"ShortText"}]}]}""";

        var definition = SurveyDefinition.FromJson(json);

        Assert.Equal("P", Assert.Single(definition.Pages).Title);
        Assert.Equal("How many \"questions\" were there?", definition.Questions.Single().Text);
    }
}
