using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Responding;

/// <summary>A respondent's session: starting, saving, resuming, the grace period after a close, completing.</summary>
public sealed class ResponseSessionTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static Survey OpenSurvey(int graceMinutes = Survey.DefaultGraceMinutes, int partialExpiryDays = Survey.DefaultPartialExpiryDays)
    {
        var survey = Survey.Create("owner", "Clinic survey", null, T0.AddDays(-1));
        Assert.Empty(survey.AddQuestion(new QuestionDefinition { Code = "name", Text = "Name?", Type = QuestionType.ShortText }));
        Assert.Empty(survey.ConfigureResponding(null, null, graceMinutes, partialExpiryDays, null));
        Assert.Empty(survey.Publish(T0, "abc123"));
        return survey;
    }

    private static Dictionary<string, string> Answers(params (string Key, string Value)[] answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value);

    [Fact]
    public void Start_RecordsTheSurveyVersionPageAndExpiry()
    {
        var survey = OpenSurvey(partialExpiryDays: 7);
        var id = Guid.NewGuid();

        var session = ResponseSession.Start(id, survey, Hash, 2, T0.AddHours(1));

        Assert.Equal(id, session.Id);
        Assert.Equal(survey.Id, session.SurveyId);
        Assert.Equal(1, session.Version);
        Assert.Equal(Hash, session.TokenHash);
        Assert.Equal(2, session.CurrentPage);
        Assert.Equal(T0.AddHours(1), session.StartedAt);
        Assert.Equal(T0.AddHours(1).AddDays(7), session.ExpiresAt);
        Assert.Equal(0, session.PageVersion);
        Assert.Null(session.CompletedAt);
        Assert.Empty(session.Answers);
        Assert.Equal(SessionAccess.Open, session.Access(survey, T0.AddHours(2)));
    }

    [Fact]
    public void Start_IsRefusedWhenTheSurveyIsNotAcceptingResponses()
    {
        var draft = Survey.Create("owner", "Draft", null, T0);
        Assert.Throws<InvalidOperationException>(() => ResponseSession.Start(Guid.NewGuid(), draft, Hash, 0, T0));

        var closed = OpenSurvey();
        closed.Close(T0.AddHours(1), CloseReason.Manual);
        Assert.Throws<InvalidOperationException>(() => ResponseSession.Start(Guid.NewGuid(), closed, Hash, 0, T0.AddHours(2)));

        var later = OpenSurvey();
        Assert.Empty(later.ConfigureResponding(T0.AddDays(1), null, 60, 30, null));
        Assert.Throws<InvalidOperationException>(() => ResponseSession.Start(Guid.NewGuid(), later, Hash, 0, T0.AddHours(23)));
        Assert.Equal(T0.AddDays(1), ResponseSession.Start(Guid.NewGuid(), later, Hash, 0, T0.AddDays(1)).StartedAt);
    }

    [Fact]
    public void Start_NeedsATokenHash()
    {
        Assert.Throws<ArgumentException>(() => ResponseSession.Start(Guid.NewGuid(), OpenSurvey(), " ", 0, T0));
    }

    [Fact]
    public void Save_StoresTheAnswersAndPage_AndCountsThePageVersion()
    {
        var survey = OpenSurvey();
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);

        session.Save(Answers(("name", "Ann"), ("role", "clinician")), 1, survey, T0.AddMinutes(5));
        Assert.Equal(1, session.PageVersion);
        session.Save(Answers(("name", "Ann"), ("role", "manager"), ("hours", "12")), 2, survey, T0.AddMinutes(9));

        Assert.Equal(2, session.PageVersion);
        Assert.Equal(2, session.CurrentPage);
        Assert.Equal(T0.AddMinutes(9), session.SavedAt);
        Assert.Equal(T0, session.StartedAt);
        Assert.Equal([("hours", "12"), ("name", "Ann"), ("role", "manager")], session.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value)));
        Assert.Equal("manager", session.Answers["ROLE"]); // read back ignoring case, like the form's keys
    }

    [Fact]
    public void Save_SlidesTheExpiry()
    {
        var survey = OpenSurvey(partialExpiryDays: 7);
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);
        Assert.Equal(SessionAccess.Expired, session.Access(survey, T0.AddDays(10)));

        session.Save(Answers(("name", "Ann")), 0, survey, T0.AddDays(5));

        Assert.Equal(T0.AddDays(12), session.ExpiresAt);
        Assert.Equal(SessionAccess.Open, session.Access(survey, T0.AddDays(10)));
    }

    [Fact]
    public void Access_IsExpiredFromExpiresAt()
    {
        var survey = OpenSurvey(partialExpiryDays: 3);
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);

        Assert.Equal(SessionAccess.Open, session.Access(survey, T0.AddDays(3).AddSeconds(-1)));
        Assert.Equal(SessionAccess.Expired, session.Access(survey, T0.AddDays(3)));
    }

    [Fact]
    public void Access_AfterAManualClose_IsGraceUntilTheGracePeriodEnds_ThenClosed()
    {
        var survey = OpenSurvey(graceMinutes: 30);
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0.AddHours(1));
        var closedAt = T0.AddHours(2);
        survey.Close(closedAt, CloseReason.Manual);

        Assert.Equal(SessionAccess.Grace, session.Access(survey, closedAt));
        Assert.Equal(SessionAccess.Grace, session.Access(survey, closedAt.AddMinutes(29)));
        Assert.Equal(SessionAccess.Closed, session.Access(survey, closedAt.AddMinutes(30)));
        Assert.Equal(SessionAccess.Closed, session.Access(survey, closedAt.AddDays(1)));
    }

    [Fact]
    public void Access_WithNoGracePeriod_IsClosedRightAway()
    {
        var survey = OpenSurvey(graceMinutes: 0);
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0.AddHours(1));
        survey.Close(T0.AddHours(2), CloseReason.Manual);

        Assert.Equal(SessionAccess.Closed, session.Access(survey, T0.AddHours(2)));
    }

    [Fact]
    public void Access_ForASessionStartedAfterTheClose_IsClosed()
    {
        // A close handler takes its time before a respondent starts, and saves after: the session
        // began after the close, so it gets no grace.
        var survey = OpenSurvey();
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0.AddHours(2));
        survey.Close(T0.AddHours(2).AddSeconds(-1), CloseReason.Manual);

        Assert.Equal(SessionAccess.Closed, session.Access(survey, T0.AddHours(2).AddMinutes(1)));
    }

    [Fact]
    public void Access_WhenTheScheduledCloseHasPassedBeforeItsJobRan_GivesGraceFromTheCloseTime()
    {
        var survey = OpenSurvey();
        Assert.Null(survey.ScheduleClose(T0.AddHours(3), T0));
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0.AddHours(2));

        Assert.Equal(SurveyStatus.Open, survey.Status);
        Assert.Equal(SessionAccess.Open, session.Access(survey, T0.AddHours(3).AddSeconds(-1)));
        Assert.Equal(SessionAccess.Grace, session.Access(survey, T0.AddHours(3)));
        Assert.Equal(SessionAccess.Grace, session.Access(survey, T0.AddHours(3).AddMinutes(59)));
        Assert.Equal(SessionAccess.Closed, session.Access(survey, T0.AddHours(4)));
    }

    [Fact]
    public void Access_ForACompletedSession_IsCompleted_EvenAfterTheClose()
    {
        var survey = OpenSurvey();
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);
        session.Complete(Answers(("name", "Ann")), survey, T0.AddMinutes(10));
        survey.Close(T0.AddHours(1), CloseReason.Manual);

        Assert.Equal(SessionAccess.Completed, session.Access(survey, T0.AddMinutes(11)));
        Assert.Equal(SessionAccess.Completed, session.Access(survey, T0.AddDays(90)));
    }

    [Fact]
    public void Complete_ReturnsAResponseWithExactlyTheAnswers()
    {
        var survey = OpenSurvey();
        var id = Guid.NewGuid();
        var session = ResponseSession.Start(id, survey, Hash, 0, T0);
        session.Save(Answers(("name", "Ann"), ("stale", "dropped by Finish")), 1, survey, T0.AddMinutes(3));

        var response = session.Complete(Answers(("name", "Ann"), ("role", "manager")), survey, T0.AddMinutes(7));

        Assert.Equal(id, response.Id);
        Assert.Equal(survey.Id, response.SurveyId);
        Assert.Equal(1, response.Version);
        Assert.Equal(T0.AddMinutes(7), response.SubmittedAt);
        Assert.Equal([("name", "Ann"), ("role", "manager")], response.Answers.OrderBy(a => a.QuestionCode, StringComparer.Ordinal).Select(a => (a.QuestionCode, a.Value)));
        Assert.All(response.Answers, a => Assert.Equal(id, a.ResponseId));

        Assert.Equal(T0.AddMinutes(7), session.CompletedAt);
        Assert.Equal(2, session.PageVersion);
        Assert.Equal(["name", "role"], session.Answers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Complete_Twice_Throws_AndSavingAfterCompletionThrows()
    {
        var survey = OpenSurvey();
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);
        session.Complete(Answers(("name", "Ann")), survey, T0.AddMinutes(1));

        Assert.Throws<InvalidOperationException>(() => session.Complete(Answers(("name", "Bob")), survey, T0.AddMinutes(2)));
        Assert.Throws<InvalidOperationException>(() => session.Save(Answers(("name", "Bob")), 0, survey, T0.AddMinutes(2)));
        Assert.Equal("Ann", session.Answers["name"]);
        Assert.Equal(T0.AddMinutes(1), session.CompletedAt);
    }

    [Fact]
    public void Complete_DuringTheGracePeriod_Succeeds()
    {
        var survey = OpenSurvey();
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0.AddHours(1));
        survey.Close(T0.AddHours(2), CloseReason.Manual);

        var response = session.Complete(Answers(("name", "Ann")), survey, T0.AddHours(2).AddMinutes(10));

        Assert.Equal(T0.AddHours(2).AddMinutes(10), response.SubmittedAt);
        Assert.Equal(SessionAccess.Completed, session.Access(survey, T0.AddHours(2).AddMinutes(11)));
    }

    [Fact]
    public void Complete_WhenClosedPastTheGracePeriod_Throws()
    {
        var survey = OpenSurvey();
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0.AddHours(1));
        survey.Close(T0.AddHours(2), CloseReason.Manual);

        var error = Assert.Throws<InvalidOperationException>(() => session.Complete(Answers(("name", "Ann")), survey, T0.AddHours(3)));

        Assert.Contains(nameof(SessionAccess.Closed), error.Message, StringComparison.Ordinal);
        Assert.Null(session.CompletedAt);
        Assert.Equal(0, session.PageVersion);
    }

    [Fact]
    public void Complete_WhenExpired_Throws()
    {
        var survey = OpenSurvey(partialExpiryDays: 1);
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);

        var error = Assert.Throws<InvalidOperationException>(() => session.Complete(Answers(("name", "Ann")), survey, T0.AddDays(2)));

        Assert.Contains(nameof(SessionAccess.Expired), error.Message, StringComparison.Ordinal);
        Assert.Null(session.CompletedAt);
    }

    [Fact]
    public void TryCountResumeMail_AllowsFiveMails()
    {
        var session = ResponseSession.Start(Guid.NewGuid(), OpenSurvey(), Hash, 0, T0);

        var results = Enumerable.Range(0, ResponseSession.MaxResumeMails + 2).Select(_ => session.TryCountResumeMail()).ToList();

        Assert.Equal([true, true, true, true, true, false, false], results);
        Assert.Equal(5, session.ResumeMailsSent);
    }

    [Fact]
    public void Access_ForAnExpiredPartial_StaysExpiredWhenTheSurveyCloses()
    {
        var survey = OpenSurvey(partialExpiryDays: 1);
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);
        Assert.Equal(SessionAccess.Expired, session.Access(survey, T0.AddDays(3)));

        survey.Close(T0.AddDays(3), CloseReason.Manual);

        Assert.Equal(SessionAccess.Expired, session.Access(survey, T0.AddDays(3).AddMinutes(10)));
    }

    [Fact]
    public void Access_AfterALateScheduledCloseJob_KeepsTheGraceFromTheScheduledTime()
    {
        var survey = OpenSurvey();
        Assert.Null(survey.ScheduleClose(T0.AddHours(3), T0));
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0.AddHours(2));
        Assert.Equal(SessionAccess.Closed, session.Access(survey, T0.AddHours(4).AddMinutes(30)));

        // The close job runs 90 minutes late, as SurveyLifecycle.CloseOnScheduleAsync does with its own clock.
        survey.Close(T0.AddHours(4).AddMinutes(30), CloseReason.Schedule);

        Assert.Equal(T0.AddHours(3), survey.ClosedSince(T0.AddHours(4).AddMinutes(31)));
        Assert.Equal(SessionAccess.Closed, session.Access(survey, T0.AddHours(4).AddMinutes(31)));
    }
}
