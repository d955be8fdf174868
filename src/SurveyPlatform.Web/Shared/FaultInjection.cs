namespace SurveyPlatform.Web;

/// <summary>
/// Fault injection: every test hook in production code is here, as a setting of the
/// <c>FaultInjection</c> section (docs/configuration.md). Unset, as in production, each does nothing.
/// Set, a job pauses at a known point, so a crash-recovery test can kill the process exactly there
/// rather than at a random moment. Never set them in production.
/// </summary>
public sealed class FaultInjection
{
    public const string Section = "FaultInjection";

    /// <summary>
    /// Scoring (<c>Scoring/ScoringCrashTests</c>): once this many respondent rows are written into the
    /// run's open transaction, the job waits <see cref="ScoringPauseSeconds"/> before going on.
    /// </summary>
    public int? ScoringPauseAfterRows { get; set; }

    public int ScoringPauseSeconds { get; set; } = 120;

    /// <summary>
    /// Mailings (<c>Distribution/MailingCrashTests</c>): after this many messages (each committed) the
    /// job pauses for two minutes before the next. A kill at a random moment can land between the SMTP
    /// server's "250 OK" and the commit, the one case SMTP cannot make exactly-once.
    /// </summary>
    public int? MailingPauseAfterMessages { get; set; }

    /// <summary>The configuration key of <paramref name="setting"/> (a property name of this class).</summary>
    public static string Key(string setting) => $"{Section}:{setting}";
}

public static class FaultInjectionServiceCollectionExtensions
{
    public static IServiceCollection AddFaultInjection(this IServiceCollection services)
    {
        services.AddOptions<FaultInjection>().BindConfiguration(FaultInjection.Section);
        return services;
    }
}
