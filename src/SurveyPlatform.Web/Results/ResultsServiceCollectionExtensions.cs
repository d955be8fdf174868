namespace SurveyPlatform.Web.Results;

public static class ResultsServiceCollectionExtensions
{
    public static IServiceCollection AddResults(this IServiceCollection services)
    {
        services.AddScoped<ResponseTable>();
        services.AddScoped<ResultsCsv>();
        services.AddScoped<ResultsCharts>();
        services.AddScoped<CrossTabQuery>();
        services.AddScoped<AnalysisDownloads>();
        services.AddScoped<SurveyDownloads>();
        services.AddScoped<DownloadFiles>();
        services.AddScoped<ResultsRelease>();
        return services;
    }
}
