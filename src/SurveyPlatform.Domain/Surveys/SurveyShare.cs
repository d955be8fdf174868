namespace SurveyPlatform.Domain.Surveys;

public enum ShareRole
{
    Researcher,
    Editor,
}

/// <summary>Gives another user access to a survey: a researcher reads its results, an editor also edits it.</summary>
public sealed class SurveyShare
{
    private SurveyShare()
    {
        UserId = null!;
    }

    internal SurveyShare(Guid surveyId, string userId, ShareRole role)
    {
        SurveyId = surveyId;
        UserId = userId;
        Role = role;
    }

    public Guid SurveyId { get; private set; }
    public string UserId { get; private set; }
    public ShareRole Role { get; private set; }

    internal void ChangeRole(ShareRole role) => Role = role;
}
