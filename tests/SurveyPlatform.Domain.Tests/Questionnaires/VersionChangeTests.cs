using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Questionnaires;

public sealed class VersionChangeTests
{
    private static readonly SurveyDefinition V1 = new()
    {
        Questions =
        [
            new() { Code = "colour", Text = "?", Type = QuestionType.SingleChoice, Options = [new("red", "Red"), new("blue", "Blue")] },
            new() { Code = "grid", Text = "?", Type = QuestionType.MatrixRating, Rows = [new("r1", "One"), new("r2", "Two")] },
            new() { Code = "note", Text = "?", Type = QuestionType.ShortText },
        ],
    };

    [Fact]
    public void ChangesThatWouldOrphanAnswers_AreRefusedWithReasons()
    {
        var v2 = new SurveyDefinition
        {
            Questions =
            [
                new() { Code = "colour", Text = "?", Type = QuestionType.MultipleChoice, Options = [new("red", "Red"), new("navy", "Navy")] },
                new() { Code = "grid", Text = "?", Type = QuestionType.MatrixRating, Rows = [new("r1", "One")] },
            ],
        };
        var problems = VersionChange.Problems(V1, v2, new HashSet<string> { "colour", "grid_r2", "note" });
        Assert.Equal(
            [
                "Question colour has answers, so its type cannot change from SingleChoice to MultipleChoice.",
                "Question colour has answers, so its option code \"blue\" cannot be removed or changed.",
                "Question grid has answers, so its row code \"r2\" cannot be removed or changed.",
                "Question note has answers and cannot be removed or have its code changed in a new version.",
            ],
            problems);
    }

    [Fact]
    public void UnansweredQuestions_MayChangeFreely()
    {
        var v2 = new SurveyDefinition { Questions = [new() { Code = "colour", Text = "Now?", Type = QuestionType.SingleChoice, Options = [new("red", "Crimson"), new("blue", "Blue"), new("green", "Green")] }] };
        Assert.Empty(VersionChange.Problems(V1, v2, new HashSet<string> { "colour" }));
    }
}
