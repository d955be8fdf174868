using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Surveys;

public sealed class ReplaceDraftTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ValidDefinition_ReplacesTitleDescriptionAndDraft()
    {
        var survey = Survey.Create("owner", "Old", null, Now);
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new() { Title = "One", Questions = [new() { Code = "role", Text = "Your role?", Type = QuestionType.SingleChoice, Options = [new("a", "A"), new("b", "B")] }] },
                new() { Title = "Two", Condition = "role = 'a'", Questions = [new() { Code = "why", Text = "Why?", Type = QuestionType.LongText, Condition = "role = 'a'" }] },
            ],
        };

        Assert.Empty(survey.ReplaceDraft(" New ", " About ", definition));
        Assert.Equal(("New", "About"), (survey.Title, survey.Description));
        Assert.Equal(definition.ToJson(), survey.Draft.ToJson());
    }

    [Fact]
    public void EveryProblem_IsListedWithItsPlace_AndNothingChanges()
    {
        var survey = Survey.Create("owner", "Old", null, Now);
        var before = survey.DraftDefinitionJson;
        var definition = new SurveyDefinition
        {
            Pages =
            [
                new() { Condition = "later = 'x'", Questions = [new() { Code = "1bad", Text = "?", Type = QuestionType.ShortText }] },
                new()
                {
                    Questions =
                    [
                        new() { Code = "pick", Text = "", Type = QuestionType.SingleChoice, Options = [new("a", "A")] },
                        new() { Code = "PICK", Text = "Again", Type = QuestionType.ShortText },
                        new() { Code = "later", Text = "Later", Type = QuestionType.ShortText, Condition = "ghost = '1'" },
                    ],
                },
            ],
        };

        var problems = survey.ReplaceDraft("", null, definition);
        Assert.Equal("Enter a title.", problems[0]);
        Assert.Contains(problems, p => p.StartsWith("Page 1: condition:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Page 1, question 1bad: Code:", StringComparison.Ordinal));
        Assert.Contains("Page 2, question pick: Text: Enter the question text.", problems);
        Assert.Contains("Page 2, question pick: Options: A choice question needs at least two options.", problems);
        Assert.Contains("Page 2, question PICK: Code: The code \"PICK\" is already used in this survey.", problems);
        Assert.Contains(problems, p => p.StartsWith("Page 2, question later: Condition:", StringComparison.Ordinal));
        Assert.Equal(("Old", before), (survey.Title, survey.DraftDefinitionJson));
    }

    [Fact]
    public void AnOpenSurveyNotBeingRevised_CannotHaveItsDraftReplaced()
    {
        var survey = Survey.Create("owner", "Open", null, Now);
        survey.AddQuestion(new QuestionDefinition { Code = "q", Text = "Q?", Type = QuestionType.ShortText });
        Assert.Empty(survey.Publish(Now, "abc"));
        Assert.Throws<InvalidOperationException>(() => survey.ReplaceDraft("Open", null, survey.Draft));
        Assert.Null(survey.StartRevision());
        Assert.Empty(survey.ReplaceDraft("Open v2", null, survey.Draft));
    }
}
