namespace SurveyPlatform.Web.Tests.Security;

/// <summary>Who may reach an endpoint. The per-survey kinds name the query in SurveyAccess that decides it.</summary>
public enum Access
{
    /// <summary>Anyone, signed in or not.</summary>
    Anonymous,

    /// <summary>Whoever holds the survey's public code or a secret token in the URL or the respondent cookie; signing in changes nothing.</summary>
    RespondentToken,

    /// <summary>Any signed-in user (for the API: any valid token).</summary>
    Authenticated,

    /// <summary>Signed in with the SurveyOwner role; not about one survey.</summary>
    SurveyOwnerRole,

    /// <summary>The survey's owner (ManageableBy).</summary>
    OwnerOfSurvey,

    /// <summary>The owner or a collaborator shared as Editor (EditableBy); pages add the SurveyOwner role.</summary>
    OwnerOrEditor,

    /// <summary>The owner or anyone the survey is shared with (ReadableBy).</summary>
    SharedResearcher,

    /// <summary>ReadableBy, and only collaborators whose role the owner allows the full export level.</summary>
    SharedAtFullLevel,

    /// <summary>Signed in with the Administrator role.</summary>
    Administrator,
}

/// <param name="Access">Who may call it.</param>
/// <param name="Scope">For /api/v1: the token scope it also needs (null: any scope).</param>
public sealed record AccessRule(Access Access, string? Scope = null);

/// <summary>
/// Every endpoint the app serves and who may reach it, in one table. The key is
/// "METHOD /route/pattern" plus "?handler=Name" for a named Razor Pages handler; "*" is any method.
/// EndpointInventoryTests fails when an endpoint has no row here (or a row no endpoint), and
/// AuthorisationMatrixTests derives what each kind of caller must get from these rows.
/// </summary>
public static class AccessRules
{
    public const string Read = "results:read";
    public const string Manage = "surveys:manage";

    public static readonly IReadOnlyDictionary<string, AccessRule> Endpoints = new Dictionary<string, AccessRule>(StringComparer.Ordinal)
    {
        // Site pages
        ["GET /"] = new(Access.Anonymous),
        ["GET /error"] = new(Access.Anonymous),
        ["POST /error"] = new(Access.Anonymous),
        ["GET /status/{code:int}"] = new(Access.Anonymous),
        ["POST /status/{code:int}"] = new(Access.Anonymous),

        // Accounts
        ["GET /account/login"] = new(Access.Anonymous),
        ["POST /account/login"] = new(Access.Anonymous),
        ["GET /setup"] = new(Access.Anonymous),
        ["POST /setup"] = new(Access.Anonymous),
        ["GET /account/invitation"] = new(Access.Anonymous),
        ["POST /account/invitation"] = new(Access.Anonymous),
        ["GET /account/logout"] = new(Access.Authenticated),
        ["POST /account/logout"] = new(Access.Authenticated),
        ["GET /account/denied"] = new(Access.Authenticated),
        ["GET /account/profile"] = new(Access.Authenticated),
        ["POST /account/profile"] = new(Access.Authenticated),
        ["POST /account/profile?handler=Create"] = new(Access.Authenticated),
        ["POST /account/profile?handler=Revoke"] = new(Access.Authenticated),
        ["GET /account/password"] = new(Access.Authenticated),
        ["POST /account/password"] = new(Access.Authenticated),
        ["GET /account/two-factor"] = new(Access.Authenticated),
        ["POST /account/two-factor"] = new(Access.Authenticated),
        ["POST /account/two-factor?handler=Enable"] = new(Access.Authenticated),
        ["POST /account/two-factor?handler=RecoveryCodes"] = new(Access.Authenticated),
        ["POST /account/two-factor?handler=Disable"] = new(Access.Authenticated),

        // The steps after a right password (they serve only the pending sign-in in the two-factor cookie)
        ["GET /account/login/two-factor"] = new(Access.Anonymous),
        ["POST /account/login/two-factor"] = new(Access.Anonymous),
        ["GET /account/two-factor/required"] = new(Access.Anonymous),
        ["POST /account/two-factor/required"] = new(Access.Anonymous),

        // Administration
        ["GET /admin/users"] = new(Access.Administrator),
        ["POST /admin/users"] = new(Access.Administrator),
        ["POST /admin/users?handler=Invite"] = new(Access.Administrator),
        ["POST /admin/users?handler=Roles"] = new(Access.Administrator),
        ["GET /admin/jobs"] = new(Access.Administrator),
        ["POST /admin/users?handler=Access"] = new(Access.Administrator),
        ["GET /admin/security"] = new(Access.Administrator),
        ["POST /admin/security"] = new(Access.Administrator),
        ["GET /admin/audit"] = new(Access.Administrator),
        ["POST /admin/audit"] = new(Access.Administrator),
        ["GET /admin/audit?handler=Export"] = new(Access.Administrator),
        ["POST /admin/audit?handler=Verify"] = new(Access.Administrator),
        ["GET /admin/erasure"] = new(Access.Administrator),
        ["POST /admin/erasure"] = new(Access.Administrator),
        ["POST /admin/erasure?handler=Preview"] = new(Access.Administrator),
        ["POST /admin/erasure?handler=Erase"] = new(Access.Administrator),

        // Surveys (authoring)
        ["GET /surveys"] = new(Access.Authenticated),
        ["POST /surveys"] = new(Access.Authenticated),
        ["POST /surveys?handler=Duplicate"] = new(Access.OwnerOfSurvey),
        ["POST /surveys?handler=Archive"] = new(Access.OwnerOfSurvey),
        ["POST /surveys?handler=Delete"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/new"] = new(Access.SurveyOwnerRole),
        ["POST /surveys/new"] = new(Access.SurveyOwnerRole),
        ["POST /surveys/new?handler=Template"] = new(Access.SurveyOwnerRole),
        ["POST /surveys/new?handler=Import"] = new(Access.SurveyOwnerRole),
        ["POST /surveys/new?handler=Confirm"] = new(Access.SurveyOwnerRole),
        ["GET /surveys/{id:guid}"] = new(Access.OwnerOfSurvey),
        // A post naming no handler only redirects back to the page (which then applies its own rule); it reads nothing.
        ["POST /surveys/{id:guid}"] = new(Access.SurveyOwnerRole),
        ["POST /surveys/{id:guid}?handler=Responding"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}?handler=Access"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}?handler=Close"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}?handler=Reopen"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}?handler=TimeZone"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/{id:guid}?handler=QrPng"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/{id:guid}?handler=QrSvg"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}?handler=Retention"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}?handler=Schedule"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}?handler=Share"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}?handler=Unshare"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/{id:guid}/edit"] = new(Access.OwnerOrEditor),
        ["GET /surveys/{id:guid}/edit?handler=Json"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit"] = new(Access.SurveyOwnerRole), // redirects back to the page; reads nothing
        ["POST /surveys/{id:guid}/edit?handler=Add"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=AddPage"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=RemovePage"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=Copy"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=Remove"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=Revise"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=Move"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=MovePage"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=Save"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/edit?handler=Publish"] = new(Access.OwnerOrEditor),
        ["GET /surveys/{id:guid}/preview"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/preview"] = new(Access.OwnerOrEditor),

        // Distribution
        ["GET /surveys/{id:guid}/participants"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/participants?handler=Edit"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/participants?handler=Add"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/participants?handler=Link"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/participants?handler=OptOut"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/participants?handler=Remove"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/{id:guid}/participants/import"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/participants/import?handler=Preview"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/participants/import?handler=Confirm"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/{id:guid}/mailings"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/mailings?handler=Preview"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/mailings?handler=Send"] = new(Access.OwnerOfSurvey),
        ["GET /i/{token}"] = new(Access.RespondentToken),
        ["GET /o/{token}"] = new(Access.RespondentToken),
        ["POST /o/{token}"] = new(Access.RespondentToken),

        // Responses
        ["GET /surveys/{id:guid}/responses/import"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/responses/import?handler=Check"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/responses/import?handler=Import"] = new(Access.OwnerOrEditor),

        // Respondents
        ["GET /s/{code}"] = new(Access.RespondentToken),
        ["POST /s/{code}"] = new(Access.RespondentToken),
        ["POST /s/{code}?handler=Restart"] = new(Access.RespondentToken),
        ["GET /s/{code}/saved"] = new(Access.RespondentToken),
        ["POST /s/{code}/saved"] = new(Access.RespondentToken),
        ["GET /s/{code}/thanks"] = new(Access.RespondentToken),
        ["GET /s/{code}/r/{secret}"] = new(Access.RespondentToken),
        ["GET /s/{code}/report"] = new(Access.RespondentToken),
        ["POST /s/{code}/report"] = new(Access.RespondentToken),
        ["GET /r/{token}"] = new(Access.RespondentToken),

        // Scoring
        ["GET /surveys/{id:guid}/scoring"] = new(Access.SharedResearcher),
        ["POST /surveys/{id:guid}/scoring"] = new(Access.Authenticated), // redirects back to the page; reads nothing
        ["POST /surveys/{id:guid}/scoring?handler=Save"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/scoring?handler=Reset"] = new(Access.OwnerOrEditor),

        // Reports
        ["GET /surveys/{id:guid}/reports"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/reports"] = new(Access.OwnerOfSurvey),

        // Results
        ["GET /surveys/{id:guid}/results"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results?handler=Csv"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results?handler=Xlsx"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results?handler=Scores"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results?handler=Jtbd"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results?handler=Json"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results?handler=Summary"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results?handler=ChartSvg"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results?handler=ChartPng"] = new(Access.SharedResearcher),
        ["POST /surveys/{id:guid}/results?handler=Rescore"] = new(Access.OwnerOrEditor),
        ["POST /surveys/{id:guid}/results?handler=Release"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/{id:guid}/results/downloads"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results/downloads?handler=Responses"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results/downloads?handler=Table"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results/downloads?handler=ResponsesJson"] = new(Access.SharedAtFullLevel),
        ["GET /surveys/{id:guid}/results/downloads?handler=Codebook"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results/downloads?handler=Package"] = new(Access.SharedAtFullLevel),
        ["GET /surveys/{id:guid}/results/downloads?handler=ResultsJson"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results/downloads?handler=Figures"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results/answers/{code}"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results/crosstab"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/results/crosstab?handler=Csv"] = new(Access.SharedResearcher),
        ["GET /surveys/{id:guid}/downloads-log"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/{id:guid}/audit"] = new(Access.OwnerOfSurvey),
        ["GET /surveys/{id:guid}/audit?handler=Export"] = new(Access.OwnerOfSurvey),
        ["POST /surveys/{id:guid}/downloads-log?handler=Levels"] = new(Access.OwnerOfSurvey),

        // API: a personal access token acts as its user with the same per-survey rules, narrowed by scope.
        ["GET /openapi/{documentName}.json"] = new(Access.Anonymous),
        ["GET /api/v1/surveys"] = new(Access.Authenticated),
        ["GET /api/v1/surveys/{id:guid}/definition"] = new(Access.OwnerOrEditor, Manage),
        ["PUT /api/v1/surveys/{id:guid}/definition"] = new(Access.OwnerOrEditor, Manage),
        ["POST /api/v1/surveys/{id:guid}/close"] = new(Access.OwnerOfSurvey, Manage),
        ["GET /api/v1/surveys/{id:guid}/scoring-runs"] = new(Access.SharedResearcher, Read),
        ["GET /api/v1/surveys/{id:guid}/responses.csv"] = new(Access.SharedResearcher, Read),
        ["GET /api/v1/surveys/{id:guid}/responses.xlsx"] = new(Access.SharedResearcher, Read),
        ["GET /api/v1/surveys/{id:guid}/scores.csv"] = new(Access.SharedResearcher, Read),
        ["GET /api/v1/surveys/{id:guid}/jtbd.csv"] = new(Access.SharedResearcher, Read),
        ["GET /api/v1/surveys/{id:guid}/responses.json"] = new(Access.SharedAtFullLevel, Read),
        ["GET /api/v1/surveys/{id:guid}/codebook.{format:regex(^(csv|html)$)}"] = new(Access.SharedResearcher, Read),
        ["GET /api/v1/surveys/{id:guid}/packages/{package}.zip"] = new(Access.SharedAtFullLevel, Read),
        ["GET /api/v1/surveys/{id:guid}/results.json"] = new(Access.SharedResearcher, Read),
        ["GET /api/v1/surveys/{id:guid}/figures.csv"] = new(Access.SharedResearcher, Read),
        ["POST /api/v1/surveys/{id:guid}/responses/import"] = new(Access.OwnerOrEditor, Manage),

        // Health probes (no data; load balancers call them without credentials).
        ["* /health/live"] = new(Access.Anonymous),
        ["* /health/ready"] = new(Access.Anonymous),
    };

    /// <summary>
    /// What is served by middleware rather than by an endpoint, so no EndpointDataSource lists it: the
    /// Hangfire Dashboard (its own middleware behind DashboardAccess) and wwwroot's static files by folder.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, AccessRule> Middleware = new Dictionary<string, AccessRule>(StringComparer.Ordinal)
    {
        ["* /admin/hangfire"] = new(Access.Administrator),
        ["GET /css/*"] = new(Access.Anonymous),
        ["GET /js/*"] = new(Access.Anonymous),
        ["GET /_framework/*"] = new(Access.Anonymous), // the framework's Blazor scripts (static web assets)
    };
}
