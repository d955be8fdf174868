namespace SurveyPlatform.Web.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Respondents' own reports: the e-mails after scoring and their job (queued through ISurveyJobs).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddScoped<ReportMailer>();
        services.AddScoped<SendReportsJob>();
        return services;
    }
}
