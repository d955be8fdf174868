namespace SurveyPlatform.Web.Accounts;

/// <summary>Settings <c>Accounts:Sessions:*</c> (docs/configuration.md, Accounts).</summary>
public sealed class SessionSettings
{
    public const string Section = "Accounts:Sessions";

    /// <summary>Signed out after this long without a request (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Signed out this long after signing in, however active the session is.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often a session's security stamp is checked against the database.</summary>
    public TimeSpan ValidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
