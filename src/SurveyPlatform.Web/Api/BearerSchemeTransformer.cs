using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SurveyPlatform.Web.Api;

/// <summary>Declares the bearer scheme in the OpenAPI document and requires it on every /api/v1 operation.</summary>
internal sealed class BearerSchemeTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeId = "PersonalAccessToken";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "SurveyPlatform API";
        document.Info.Description = "Personal access tokens are made on your profile page (/account/profile). See docs/api.md.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "spat_ personal access token",
            Description = "Authorization: Bearer spat_… Scopes: results:read, surveys:manage.",
        };

        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith(ApiEndpoints.Version1, StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                operation.Security = [requirement];
            }
        }

        return Task.CompletedTask;
    }
}
