namespace SurveyPlatform.Web.Scoring;

public static class ScoringServiceCollectionExtensions
{
    public static IServiceCollection AddScoring(this IServiceCollection services)
    {
        services.AddOptions<ScoringStoreOptions>().BindConfiguration(ScoringStoreOptions.Section);
        services.AddScoped<SurveyScoring>();
        return services;
    }
}

/// <summary>
/// Fault injection for the crash-recovery test (configuration section <c>Scoring:Store</c>): once
/// <see cref="PauseAfterRows"/> respondent rows are written into the run's open transaction, the job
/// waits <see cref="PauseSeconds"/>, so a test can kill the process mid-write at a known point. Unset
/// (the default) it does nothing; never set it in production.
/// </summary>
public sealed class ScoringStoreOptions
{
    public const string Section = "Scoring:Store";

    public int? PauseAfterRows { get; set; }

    public int PauseSeconds { get; set; } = 120;
}
