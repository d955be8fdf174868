using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Surveys;

/// <summary>The builder reads a survey's draft several times a request: it is parsed once for each version of its JSON.</summary>
public sealed class DraftReadTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 18, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void TheDraft_IsParsedOnce_UntilItChanges_AndThenShowsTheChange()
    {
        var survey = Survey.Create("owner", "Survey", null, Now);
        Assert.Empty(survey.AddQuestion(new QuestionDefinition { Code = "mood", Text = "Mood?", Type = QuestionType.Rating }));

        var first = survey.Draft;
        Assert.Same(first, survey.Draft);
        Assert.Equal(["mood"], first.Questions.Select(q => q.Code));

        Assert.Empty(survey.AddQuestion(new QuestionDefinition { Code = "name", Text = "Name?", Type = QuestionType.ShortText }));
        var second = survey.Draft;
        Assert.NotSame(first, second);
        Assert.Equal(["mood", "name"], second.Questions.Select(q => q.Code));
        Assert.Equal(["mood"], first.Questions.Select(q => q.Code)); // what was read before is not changed under its reader
        Assert.Same(second, survey.Draft);

        survey.RemoveQuestion("mood");
        Assert.Equal(["name"], survey.Draft.Questions.Select(q => q.Code));
    }
}
