namespace SurveyPlatform.Web.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Respondents' own reports: the e-mails after scoring (the job is registered with the other jobs).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddScoped<ReportMailer>();
        return services;
    }
}
