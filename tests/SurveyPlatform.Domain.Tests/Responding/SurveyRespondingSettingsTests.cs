using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Responding;

/// <summary>A survey's respondent settings and what its public link shows at a given time.</summary>
public sealed class SurveyRespondingSettingsTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Survey Draft()
    {
        var survey = Survey.Create("owner", "Clinic survey", null, T0.AddDays(-1));
        Assert.Empty(survey.AddQuestion(new QuestionDefinition { Code = "name", Text = "Name?", Type = QuestionType.ShortText }));
        return survey;
    }

    private static Survey Published()
    {
        var survey = Draft();
        Assert.Empty(survey.Publish(T0, "abc123"));
        return survey;
    }

    [Fact]
    public void ANewSurvey_HasTheDefaultSettings()
    {
        var survey = Draft();

        Assert.Null(survey.OpensAt);
        Assert.Null(survey.ResponseLimit);
        Assert.Equal(60, survey.GraceMinutes);
        Assert.Equal(30, survey.PartialExpiryDays);
        Assert.Null(survey.Language);
    }

    [Fact]
    public void ConfigureResponding_StoresValidSettings()
    {
        var survey = Draft();

        var errors = survey.ConfigureResponding(T0.AddDays(2), 250, 15, 14, "de");

        Assert.Empty(errors);
        Assert.Equal(T0.AddDays(2), survey.OpensAt);
        Assert.Equal(250, survey.ResponseLimit);
        Assert.Equal(15, survey.GraceMinutes);
        Assert.Equal(14, survey.PartialExpiryDays);
        Assert.Equal("de", survey.Language);

        Assert.Empty(survey.ConfigureResponding(null, null, 60, 30, null));
        Assert.Null(survey.OpensAt);
        Assert.Null(survey.ResponseLimit);
        Assert.Null(survey.Language);
    }

    [Theory]
    [InlineData(0, 60, 30, "en", "ResponseLimit", "Enter a limit of at least 1, or leave it empty for no limit.")]
    [InlineData(-3, 60, 30, "en", "ResponseLimit", "Enter a limit of at least 1, or leave it empty for no limit.")]
    [InlineData(null, -1, 30, "en", "GraceMinutes", "Enter a grace period from 0 to 10080 minutes (a week).")]
    [InlineData(null, 10081, 30, "en", "GraceMinutes", "Enter a grace period from 0 to 10080 minutes (a week).")]
    [InlineData(null, 60, 0, "en", "PartialExpiryDays", "Enter from 1 to 365 days.")]
    [InlineData(null, 60, 366, "en", "PartialExpiryDays", "Enter from 1 to 365 days.")]
    [InlineData(null, 60, 30, "fr", "Language", "Choose English, German or the browser's language.")]
    [InlineData(null, 60, 30, "", "Language", "Choose English, German or the browser's language.")]
    public void ConfigureResponding_RefusesAnOutOfRangeSetting_AndChangesNothing(int? limit, int grace, int days, string? language, string field, string message)
    {
        var survey = Draft();

        var error = Assert.Single(survey.ConfigureResponding(T0.AddDays(1), limit, grace, days, language));

        Assert.Equal((field, message), (error.Field, error.Message));
        Assert.Null(survey.OpensAt);
        Assert.Null(survey.ResponseLimit);
        Assert.Equal(Survey.DefaultGraceMinutes, survey.GraceMinutes);
        Assert.Equal(Survey.DefaultPartialExpiryDays, survey.PartialExpiryDays);
        Assert.Null(survey.Language);
    }

    [Theory]
    [InlineData(1, 0, 1, "en")]
    [InlineData(1, 10080, 365, "de")]
    [InlineData(null, 0, 365, null)]
    public void ConfigureResponding_AcceptsTheBounds(int? limit, int grace, int days, string? language)
    {
        var survey = Draft();

        Assert.Empty(survey.ConfigureResponding(null, limit, grace, days, language));
        Assert.Equal((limit, grace, days, language), (survey.ResponseLimit, survey.GraceMinutes, survey.PartialExpiryDays, survey.Language));
    }

    [Fact]
    public void ConfigureResponding_ReportsEveryProblemAtOnce()
    {
        var survey = Published();
        Assert.Null(survey.ScheduleClose(T0.AddDays(5), T0));

        var errors = survey.ConfigureResponding(T0.AddDays(5), 0, 20000, 400, "xx");

        Assert.Equal(["ResponseLimit", "GraceMinutes", "PartialExpiryDays", "Language", "OpensAt"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ConfigureResponding_NeedsTheOpeningBeforeTheClose()
    {
        var survey = Published();
        Assert.Null(survey.ScheduleClose(T0.AddDays(5), T0));

        var error = Assert.Single(survey.ConfigureResponding(T0.AddDays(5), null, 60, 30, null));
        Assert.Equal(("OpensAt", "The opening time must be before the close time."), (error.Field, error.Message));
        Assert.Null(survey.OpensAt);

        Assert.Empty(survey.ConfigureResponding(T0.AddDays(5).AddSeconds(-1), null, 60, 30, null));
        Assert.Equal(T0.AddDays(5).AddSeconds(-1), survey.OpensAt);
    }

    [Fact]
    public void IsAcceptingResponses_WaitsForOpensAt_AndStopsAtCloseAt()
    {
        var survey = Published();
        Assert.Empty(survey.ConfigureResponding(T0.AddDays(1), null, 60, 30, null));
        Assert.Null(survey.ScheduleClose(T0.AddDays(2), T0));

        Assert.False(survey.IsAcceptingResponses(T0.AddDays(1).AddSeconds(-1)));
        Assert.True(survey.IsAcceptingResponses(T0.AddDays(1)));
        Assert.True(survey.IsAcceptingResponses(T0.AddDays(2).AddSeconds(-1)));
        Assert.False(survey.IsAcceptingResponses(T0.AddDays(2)));
    }

    [Fact]
    public void Availability_OfADraft_IsNotFound()
    {
        Assert.Equal(SurveyAvailability.NotFound, Draft().Availability(T0));
    }

    [Fact]
    public void Availability_BeforeOpensAt_IsNotYetOpen_ThenOpen()
    {
        var survey = Published();
        Assert.Equal(SurveyAvailability.Open, survey.Availability(T0));
        Assert.Empty(survey.ConfigureResponding(T0.AddHours(3), null, 60, 30, null));

        Assert.Equal(SurveyAvailability.NotYetOpen, survey.Availability(T0.AddHours(3).AddSeconds(-1)));
        Assert.Equal(SurveyAvailability.Open, survey.Availability(T0.AddHours(3)));
    }

    [Fact]
    public void Availability_AfterAPassedCloseAt_IsClosed_BeforeTheCloseJobRuns()
    {
        var survey = Published();
        Assert.Null(survey.ScheduleClose(T0.AddHours(2), T0));

        Assert.Equal(SurveyAvailability.Open, survey.Availability(T0.AddHours(2).AddSeconds(-1)));
        Assert.Equal(SurveyAvailability.Closed, survey.Availability(T0.AddHours(2)));
        Assert.Equal(SurveyStatus.Open, survey.Status);
    }

    [Theory]
    [InlineData(CloseReason.Manual, SurveyAvailability.Closed)]
    [InlineData(CloseReason.Schedule, SurveyAvailability.Closed)]
    [InlineData(CloseReason.Limit, SurveyAvailability.Full)]
    public void Availability_OfAClosedSurvey_DependsOnWhyItClosed(CloseReason reason, SurveyAvailability expected)
    {
        var survey = Published();
        Assert.True(survey.Close(T0.AddHours(1), reason));

        Assert.Equal(expected, survey.Availability(T0.AddHours(2)));
        Assert.Equal(reason, survey.ClosedBy);
    }

    [Fact]
    public void Availability_OfASurveyClosedByItsLimit_StaysFullWhenClosedAgain()
    {
        var survey = Published();
        Assert.True(survey.Close(T0.AddHours(1), CloseReason.Limit));
        Assert.False(survey.Close(T0.AddHours(2), CloseReason.Manual));

        Assert.Equal(SurveyAvailability.Full, survey.Availability(T0.AddHours(3)));
    }

    [Fact]
    public void ClosedSince_IsNullWhileOpen()
    {
        var survey = Published();
        Assert.Null(survey.ClosedSince(T0.AddDays(100)));

        Assert.Null(survey.ScheduleClose(T0.AddHours(2), T0));
        Assert.Null(survey.ClosedSince(T0.AddHours(2).AddSeconds(-1)));
    }

    [Fact]
    public void ClosedSince_IsThePassedCloseAt_WhileTheStatusIsStillOpen()
    {
        var survey = Published();
        Assert.Null(survey.ScheduleClose(T0.AddHours(2), T0));

        Assert.Equal(T0.AddHours(2), survey.ClosedSince(T0.AddHours(2)));
        Assert.Equal(T0.AddHours(2), survey.ClosedSince(T0.AddHours(5)));
    }

    [Fact]
    public void ClosedSince_IsClosedAt_AfterAClose()
    {
        var survey = Published();
        Assert.True(survey.Close(T0.AddHours(1), CloseReason.Manual));

        Assert.Equal(T0.AddHours(1), survey.ClosedSince(T0.AddHours(4)));
        Assert.Equal(T0.AddHours(1), survey.ClosedAt);
    }

    [Fact]
    public void ScheduleClose_BeforeOpensAt_IsRefused()
    {
        var survey = Published();
        Assert.Empty(survey.ConfigureResponding(T0.AddDays(10), null, 60, 30, null));

        Assert.NotNull(survey.ScheduleClose(T0.AddDays(5), T0));
        Assert.Null(survey.CloseAt);
    }
}
