using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Domain.Tests.Responding;

/// <summary>Anonymous mode on a completed response: its session's and its own times kept to the UTC day, and its participant unlinked.</summary>
public sealed class AnonymousModeTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 17, 23, DateTimeKind.Utc);
    private static readonly DateTime Day = new(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static Survey OpenSurvey()
    {
        var survey = Survey.Create("owner", "Clinic survey", null, T0.AddDays(-1));
        Assert.Empty(survey.AddQuestion(new QuestionDefinition { Code = "name", Text = "Name?", Type = QuestionType.ShortText }));
        Assert.Empty(survey.Publish(T0.AddHours(-1), "abc123"));
        return survey;
    }

    private static Participant Invited(Guid surveyId)
    {
        var (participant, errors) = Participant.Create(surveyId, "ann@example.org", "Ann", "Smith", new Dictionary<string, string> { ["region"] = "North" }, T0.AddDays(-1));
        Assert.Empty(errors);
        return participant!;
    }

    [Fact]
    public void SessionAnonymise_KeepsEveryTimeToTheUtcDay()
    {
        var survey = OpenSurvey();
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);
        session.Complete(new Dictionary<string, string> { ["name"] = "Ann" }, survey, T0.AddMinutes(7));

        session.Anonymise();

        Assert.Equal((Day, Day, Day.AddDays(survey.PartialExpiryDays), Day), (session.StartedAt, session.SavedAt, session.ExpiresAt, session.CompletedAt));
        Assert.All(new[] { session.StartedAt, session.SavedAt, session.ExpiresAt, session.CompletedAt!.Value }, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public void SessionAnonymise_OfAnUnfinishedSession_LeavesItUnfinished()
    {
        var session = ResponseSession.Start(Guid.NewGuid(), OpenSurvey(), Hash, 0, T0);

        session.Anonymise();

        Assert.Null(session.CompletedAt);
        Assert.Equal(Day, session.StartedAt);
    }

    [Fact]
    public void ResponseAnonymise_OfACompletedResponse_KeepsItsSubmissionTimeToTheUtcDay_AndItsAnswers()
    {
        var survey = OpenSurvey();
        var session = ResponseSession.Start(Guid.NewGuid(), survey, Hash, 0, T0);
        var response = session.Complete(new Dictionary<string, string> { ["name"] = "Ann" }, survey, T0.AddMinutes(7));

        Assert.True(response.Anonymise());

        Assert.Equal(Day, response.SubmittedAt);
        Assert.Equal(DateTimeKind.Utc, response.SubmittedAt.Kind);
        Assert.Equal("Ann", Assert.Single(response.Answers).Value);
    }

    [Fact]
    public void ParticipantUnlink_ClearsTheSession_KeepsTheCompletionStatus_AndItsTimeToTheUtcDay()
    {
        var participant = Invited(Guid.NewGuid());
        var sessionId = Guid.NewGuid();
        participant.Start(sessionId);
        participant.Complete(T0);
        Assert.Equal(sessionId, participant.SessionId);

        participant.Unlink();

        Assert.Null(participant.SessionId);
        Assert.Equal(ParticipantStatus.Completed, participant.Status);
        Assert.True(participant.HasResponded);
        Assert.Equal(Day, participant.CompletedAt);
        Assert.Equal("North", participant.Attributes["region"]);
    }

    [Fact]
    public void ParticipantUnlink_BeforeTheyResponded_IsRefused_AndKeepsTheirSession()
    {
        var participant = Invited(Guid.NewGuid());
        var sessionId = Guid.NewGuid();
        participant.Start(sessionId);

        Assert.Throws<InvalidOperationException>(participant.Unlink);

        Assert.Equal(sessionId, participant.SessionId);
    }

    [Fact]
    public void UtcDayOf_IsMidnightUtcOfTheInstantsDay()
    {
        Assert.Equal(Day, UtcDay.Of(T0));
        Assert.Equal(DateTimeKind.Utc, UtcDay.Of(T0).Kind);
        Assert.Equal(Day, UtcDay.Of(Day));
    }
}
