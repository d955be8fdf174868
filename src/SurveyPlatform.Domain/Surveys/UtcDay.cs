namespace SurveyPlatform.Domain.Surveys;

/// <summary>Anonymous mode keeps stored times to the day, so times in logs cannot be matched to them.</summary>
public static class UtcDay
{
    /// <summary>Midnight UTC of the instant's day.</summary>
    public static DateTime Of(DateTime utc) => DateTime.SpecifyKind(utc.Date, DateTimeKind.Utc);
}
