namespace SurveyPlatform.Web.Responses;

public static class ResponsesServiceCollectionExtensions
{
    /// <summary>The response import (the owner's page and the API call the same service).</summary>
    public static IServiceCollection AddResponses(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ResponseImportOptions>(configuration.GetSection(ResponseImportOptions.Section));
        services.AddScoped<ResponseImport>();
        return services;
    }
}
