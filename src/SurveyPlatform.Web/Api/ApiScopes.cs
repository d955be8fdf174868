namespace SurveyPlatform.Web.Api;

/// <summary>What a personal access token may do, on top of what its user may do.</summary>
public static class ApiScopes
{
    /// <summary>List surveys, their scoring runs, and download responses and results.</summary>
    public const string ResultsRead = "results:read";

    /// <summary>Read and replace definitions, close surveys and import responses (survey owners only).</summary>
    public const string SurveysManage = "surveys:manage";

    public static readonly IReadOnlyList<string> All = [ResultsRead, SurveysManage];

    /// <summary>The claim type the authentication handler gives each granted scope.</summary>
    public const string ClaimType = "scope";
}
