using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Surveys;

public sealed class RetentionTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 9, 30, 15, DateTimeKind.Utc);

    private static Survey Published()
    {
        var survey = Survey.Create("owner", "Survey", null, Now);
        Assert.Empty(survey.AddQuestion(new QuestionDefinition { Code = "mood", Text = "Mood?", Type = QuestionType.Rating }));
        Assert.Empty(survey.Publish(Now, "abc123"));
        return survey;
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(3651)]
    public void DeleteOrAnonymise_WithoutDaysInRange_IsRefusedOnTheDaysField_AndNothingChanges(int? days)
    {
        var survey = Published();
        var error = Assert.Single(survey.ConfigureRetention(RetentionAction.Delete, days));
        Assert.Equal(nameof(Survey.RetentionDays), error.Field);
        Assert.Equal((RetentionAction.None, (int?)null), (survey.RetentionAction, survey.RetentionDays));
    }

    [Fact]
    public void None_ClearsTheDays_AndAnUnknownActionIsRefused()
    {
        var survey = Published();
        Assert.Empty(survey.ConfigureRetention(RetentionAction.Anonymise, 30));
        Assert.Empty(survey.ConfigureRetention(RetentionAction.None, 99));
        Assert.Null(survey.RetentionDays);
        Assert.Equal(nameof(Survey.RetentionAction), Assert.Single(survey.ConfigureRetention((RetentionAction)7, 5)).Field);
    }

    [Fact]
    public void Retention_IsDueNDaysAfterTheClose_NeverWhileOpen()
    {
        var survey = Published();
        Assert.Empty(survey.ConfigureRetention(RetentionAction.Delete, 30));
        Assert.Null(survey.RetentionDueAt);
        Assert.False(survey.IsRetentionDue(Now.AddYears(1)));

        Assert.True(survey.Close(Now.AddDays(1), CloseReason.Manual));
        Assert.Equal(Now.AddDays(31), survey.RetentionDueAt);
        Assert.False(survey.IsRetentionDue(Now.AddDays(31).AddTicks(-1)));
        Assert.True(survey.IsRetentionDue(Now.AddDays(31)));
    }

    [Fact]
    public void AnonymisingAResponse_KeepsTheDayOnlyAndForgetsTheSourceId_AndASecondTimeChangesNothing()
    {
        var response = SurveyResponse.Import(Guid.NewGuid(), 1, "REC-17", new Dictionary<string, string> { ["mood"] = "3" }, Now);
        Assert.True(response.Anonymise());
        Assert.Equal(new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc), response.SubmittedAt);
        Assert.Null(response.ExternalId);
        Assert.Equal(SurveyResponse.ImportSource, response.Source);
        Assert.False(response.Anonymise());
    }
}
