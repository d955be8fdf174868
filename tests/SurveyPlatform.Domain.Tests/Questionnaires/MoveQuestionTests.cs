using SurveyPlatform.Domain.Questionnaires;

namespace SurveyPlatform.Domain.Tests.Questionnaires;

public sealed class MoveQuestionTests
{
    private static QuestionDefinition Q(string code) => new() { Code = code, Text = code, Type = QuestionType.ShortText };

    private static readonly SurveyDefinition TwoPages = new()
    {
        Pages =
        [
            new PageDefinition { Title = "One", Questions = [Q("a"), Q("b")] },
            new PageDefinition { Title = "Two", Questions = [Q("c"), Q("d")] },
        ],
    };

    private static string[][] Layout(SurveyDefinition definition) =>
        [.. definition.Pages.Select(p => p.Questions.Select(q => q.Code).ToArray())];

    [Fact]
    public void WithinAPage_SwapsWithTheNeighbour()
    {
        Assert.Equal([["b", "a"], ["c", "d"]], Layout(TwoPages.MoveQuestion("a", 1)));
        Assert.Equal([["a", "b"], ["d", "c"]], Layout(TwoPages.MoveQuestion("d", -1)));
    }

    [Fact]
    public void DownFromTheBottomOfAPage_GoesToTheStartOfTheNextPage()
    {
        Assert.Equal([["a"], ["b", "c", "d"]], Layout(TwoPages.MoveQuestion("b", 1)));
    }

    [Fact]
    public void UpFromTheTopOfAPage_GoesToTheEndOfThePreviousPage()
    {
        Assert.Equal([["a", "b", "c"], ["d"]], Layout(TwoPages.MoveQuestion("c", -1)));
    }

    [Fact]
    public void PastTheFirstOrLastPage_NothingMoves()
    {
        Assert.Equal([["a", "b"], ["c", "d"]], Layout(TwoPages.MoveQuestion("a", -1)));
        Assert.Equal([["a", "b"], ["c", "d"]], Layout(TwoPages.MoveQuestion("d", 1)));
    }

    [Fact]
    public void MovingAboveTheQuestionItsConditionReads_IsReportedAtPublish()
    {
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition { Title = "One", Questions = [Q("a")] },
                new PageDefinition { Title = "Two", Questions = [Q("b") with { Condition = "a is answered" }] },
            ],
        };

        Assert.Empty(DefinitionCheck.Problems(definition));
        var moved = definition.MoveQuestion("b", -1).MoveQuestion("b", -1);
        Assert.Equal([["b", "a"], []], Layout(moved));
        Assert.NotEmpty(DefinitionCheck.Problems(moved));
    }

    [Fact]
    public void AReorderThatPutsAQuestionBeforeTheOneItsConditionOrPipingUses_IsRefusedAndChangesNothing()
    {
        var survey = SurveyPlatform.Domain.Surveys.Survey.CreateFrom("owner", "Order", null, new SurveyDefinition
        {
            Pages =
            [
                new PageDefinition { Title = "One", Questions = [Q("a"), Q("b") with { Text = "You said {a}" }] },
                new PageDefinition { Title = "Two", Condition = "a is answered", Questions = [Q("c")] },
            ],
        }, DateTime.UnixEpoch);

        Assert.Equal("Not moved: Question b shows the answer to {a}, so it must come after question a.", survey.MoveQuestion("b", -1));
        Assert.Equal("Not moved: Page \"Two\" is shown only if \"a is answered\", so it must come after question a.", survey.MovePage(1, -1));
        Assert.Equal([["a", "b"], ["c"]], Layout(survey.Draft));
        Assert.Null(survey.MoveQuestionTo("c", 0, 1));
        Assert.Equal([["a", "c", "b"], []], Layout(survey.Draft));
    }

    [Fact]
    public void Duplicating_TakesTheNextFreeNumberedCode_AndPlacesTheCopyRightAfter()
    {
        var survey = SurveyPlatform.Domain.Surveys.Survey.CreateFrom("owner", "Copies", null, TwoPages, DateTime.UnixEpoch);
        Assert.Equal(("a_2", (string?)null), survey.CopyQuestion("a"));
        Assert.Equal(("a_3", (string?)null), survey.CopyQuestion("a_2"));
        Assert.Equal([["a", "a_2", "a_3", "b"], ["c", "d"]], Layout(survey.Draft));
    }
}
