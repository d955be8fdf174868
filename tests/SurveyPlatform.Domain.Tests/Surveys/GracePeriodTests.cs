using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Surveys;

/// <summary>Who may still finish after a close: someone who started before it, within the grace period.</summary>
public sealed class GracePeriodTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Survey OpenSurvey(int graceMinutes = 30, int? responseLimit = null)
    {
        var survey = Survey.Create("owner", "Clinic survey", null, T0.AddDays(-1));
        Assert.Empty(survey.AddQuestion(new QuestionDefinition { Code = "name", Text = "Name?", Type = QuestionType.ShortText }));
        Assert.Empty(survey.ConfigureResponding(null, responseLimit, graceMinutes, Survey.DefaultPartialExpiryDays, null));
        Assert.Empty(survey.Publish(T0, "abc123"));
        return survey;
    }

    [Fact]
    public void InGracePeriod_IsFalseWhileTheSurveyIsOpen()
    {
        var survey = OpenSurvey();

        Assert.False(survey.InGracePeriod(T0, T0.AddHours(1)));
    }

    [Fact]
    public void InGracePeriod_AfterAClose_HoldsForSomeoneWhoStartedBefore_UntilTheGraceMinutesEnd()
    {
        var survey = OpenSurvey(graceMinutes: 30);
        var closedAt = T0.AddHours(2);
        Assert.True(survey.Close(closedAt, CloseReason.Manual));

        Assert.True(survey.InGracePeriod(closedAt.AddMinutes(-1), closedAt));
        Assert.True(survey.InGracePeriod(closedAt.AddMinutes(-1), closedAt.AddMinutes(29)));
        Assert.False(survey.InGracePeriod(closedAt.AddMinutes(-1), closedAt.AddMinutes(30)));
    }

    [Fact]
    public void InGracePeriod_IsFalseForSomeoneWhoStartedAtOrAfterTheClose()
    {
        var survey = OpenSurvey();
        var closedAt = T0.AddHours(2);
        Assert.True(survey.Close(closedAt, CloseReason.Manual));

        Assert.False(survey.InGracePeriod(closedAt, closedAt.AddMinutes(1)));
        Assert.False(survey.InGracePeriod(closedAt.AddMinutes(1), closedAt.AddMinutes(2)));
    }

    [Fact]
    public void InGracePeriod_WithNoGraceMinutes_EndsAtTheClose()
    {
        var survey = OpenSurvey(graceMinutes: 0);
        var closedAt = T0.AddHours(2);
        Assert.True(survey.Close(closedAt, CloseReason.Manual));

        Assert.False(survey.InGracePeriod(T0, closedAt));
    }

    [Fact]
    public void InGracePeriod_RunsFromAScheduledCloseTimeThatHasPassed_BeforeItsJobRan()
    {
        var survey = OpenSurvey(graceMinutes: 60);
        Assert.Null(survey.ScheduleClose(T0.AddHours(3), T0));

        Assert.True(survey.InGracePeriod(T0.AddHours(1), T0.AddHours(3).AddMinutes(59)));
        Assert.False(survey.InGracePeriod(T0.AddHours(1), T0.AddHours(4)));
    }

    [Fact]
    public void AcceptsFirstSave_WhileOpen_WithOrWithoutAShownTime()
    {
        var survey = OpenSurvey();

        Assert.True(survey.AcceptsFirstSave(null, T0.AddHours(1)));
        Assert.True(survey.AcceptsFirstSave(T0, T0.AddHours(1)));
    }

    [Fact]
    public void AcceptsFirstSave_AfterAClose_OnlyForAFirstPageShownBeforeIt_InTheGracePeriod()
    {
        var survey = OpenSurvey(graceMinutes: 30);
        var closedAt = T0.AddHours(2);
        Assert.True(survey.Close(closedAt, CloseReason.Manual));

        Assert.True(survey.AcceptsFirstSave(closedAt.AddMinutes(-5), closedAt.AddMinutes(10)));
        Assert.False(survey.AcceptsFirstSave(null, closedAt.AddMinutes(10)));
        Assert.False(survey.AcceptsFirstSave(closedAt.AddMinutes(1), closedAt.AddMinutes(10)));
        Assert.False(survey.AcceptsFirstSave(closedAt.AddMinutes(-5), closedAt.AddMinutes(30)));
    }

    [Fact]
    public void AcceptsFirstSave_AfterTheResponseLimitClosedIt_IsRefusedEvenInTheGracePeriod()
    {
        var survey = OpenSurvey(graceMinutes: 30, responseLimit: 5);
        var closedAt = T0.AddHours(2);
        Assert.True(survey.Close(closedAt, CloseReason.Limit));

        Assert.True(survey.InGracePeriod(closedAt.AddMinutes(-5), closedAt.AddMinutes(10)));
        Assert.False(survey.AcceptsFirstSave(closedAt.AddMinutes(-5), closedAt.AddMinutes(10)));
    }

    [Fact]
    public void StartingASession_FollowsTheSameRule_InTheGracePeriodAfterAClose_ButNotAfterTheLimitClosedIt()
    {
        var closed = OpenSurvey(graceMinutes: 30);
        var closedAt = T0.AddHours(2);
        Assert.True(closed.Close(closedAt, CloseReason.Manual));
        Assert.Equal(closedAt.AddMinutes(-5), ResponseSession.Start(Guid.NewGuid(), closed, "hash", 0, closedAt.AddMinutes(10), closedAt.AddMinutes(-5)).StartedAt);
        Assert.Throws<InvalidOperationException>(() => ResponseSession.Start(Guid.NewGuid(), closed, "hash", 0, closedAt.AddMinutes(10)));

        var full = OpenSurvey(graceMinutes: 30, responseLimit: 5);
        Assert.True(full.Close(closedAt, CloseReason.Limit));
        Assert.Throws<InvalidOperationException>(() => ResponseSession.Start(Guid.NewGuid(), full, "hash", 0, closedAt.AddMinutes(10), closedAt.AddMinutes(-5)));
    }
}
