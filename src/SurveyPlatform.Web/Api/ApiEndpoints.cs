using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Api;

/// <summary>
/// REST under /api/v1. A call acts as the token's user with the UI's per-survey rules
/// (ReadableBy, EditableBy, ManageableBy), so another owner's survey is 404 whatever the token; the
/// token's scopes then narrow what it may do. Every refusal is problem details JSON.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api";
    public const string Version1 = "/api/v1";
    public const string RateLimitPolicy = "api";

    /// <summary>The largest definition document a PUT accepts (the same limit as the file import).</summary>
    public const long MaxDefinitionBytes = CreateModel.MaxImportBytes;

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

        var api = app.MapGroup(Version1)
            .RequireAuthorization(ApiPolicies.AnyScope)
            .RequireRateLimiting(RateLimitPolicy)
            .AddEndpointFilter(async (context, next) =>
            {
                // Refusals carry problem details; the HTML status pages are for the site.
                if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }

                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            })
            .WithTags("Surveys");

        api.MapGet("/surveys", ListSurveysAsync)
            .WithName("ListSurveys").WithSummary("The surveys the token's user can read (any scope).");
        api.MapGet("/surveys/{id:guid}/definition", GetDefinitionAsync)
            .RequireAuthorization(ApiPolicies.SurveysManage)
            .WithName("GetDefinition").WithSummary("The draft definition as a surveyplatform.survey/1 document (surveys:manage).");
        api.MapPut("/surveys/{id:guid}/definition", PutDefinitionAsync)
            .RequireAuthorization(ApiPolicies.SurveysManage)
            // Not .Accepts<>(): its content-type matcher would answer other types outside the API's policies.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Description = "A surveyplatform.survey/1 document, as GET …/definition returns (docs/definition-model.md).",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["application/json"] = new() },
                };
                return Task.CompletedTask;
            })
            .WithName("PutDefinition").WithSummary("Replaces a draft, or starts the next version of an open survey (surveys:manage).");
        api.MapPost("/surveys/{id:guid}/close", CloseAsync)
            .RequireAuthorization(ApiPolicies.SurveysManage)
            .WithName("CloseSurvey").WithSummary("Closes an open survey and queues its scoring (surveys:manage).");
        api.MapGet("/surveys/{id:guid}/scoring-runs", ListRunsAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .WithName("ListScoringRuns").WithSummary("The survey's scoring runs, newest first (results:read).");
        api.MapGet("/surveys/{id:guid}/responses.csv", ResponsesCsvAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("DownloadResponsesCsv").WithSummary("Responses as CSV: layout=wide|long, values=codes|labels, bom=true for Excel (results:read).");
        api.MapGet("/surveys/{id:guid}/results.json", ResultsJsonAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithName("DownloadResultsJson").WithSummary("A scoring run's results document; the current run unless ?run= names one (results:read).");
        api.MapGet("/surveys/{id:guid}/figures.csv", FiguresCsvAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("DownloadFiguresCsv").WithSummary("A scoring run's figures as a long CSV (results:read).");
        return app;
    }

    public sealed record SurveySummary(
        Guid Id, string Title, SurveyStatus Status, int PublishedVersion, bool Revising, int Responses, string Access,
        bool Archived, DateTime CreatedAt, DateTime? PublishedAt, DateTime? ClosedAt);

    public sealed record ScoringRunSummary(
        Guid Id, ScoringRunStatus Status, string Trigger, bool Current, DateTime? QueuedAt, DateTime StartedAt, DateTime? FinishedAt,
        int Attempts, int N, int? ModelVersion, string EngineVersion, string? Error);

    public sealed record DefinitionSaved(Guid Id, SurveyStatus Status, bool Revising, int PublishedVersion, int Questions);

    public sealed record CloseAccepted(Guid Id, SurveyStatus Status, Guid? ScoringRun);

    private static async Task<Ok<List<SurveySummary>>> ListSurveysAsync(ClaimsPrincipal user, AppDbContext db, bool? archived, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var rows = await db.Surveys.AsNoTracking().ReadableBy(user)
            .Where(s => archived == null || (s.ArchivedAt != null) == archived)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new
            {
                s.Id, s.Title, s.Status, s.PublishedVersion, s.IsRevising, s.ArchivedAt, s.CreatedAt, s.PublishedAt, s.ClosedAt,
                Responses = db.Responses.Count(r => r.SurveyId == s.Id),
                Owner = s.OwnerId == userId,
                Editor = s.Shares.Any(x => x.UserId == userId && x.Role == ShareRole.Editor),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => new SurveySummary(
            r.Id, r.Title, r.Status, r.PublishedVersion, r.IsRevising, r.Responses, r.Owner ? "owner" : r.Editor ? "editor" : "researcher",
            r.ArchivedAt != null, r.CreatedAt, r.PublishedAt, r.ClosedAt)).ToList());
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDefinitionAsync(Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().EditableBy(user).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return survey is null
            ? ApiProblems.NotFound()
            : TypedResults.Content(SurveyDocument.Of(survey.Title, survey.Description, survey.Draft).ToJson(), "application/json");
    }

    private static async Task<Results<Ok<DefinitionSaved>, ProblemHttpResult>> PutDefinitionAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, AppDbContext db, SurveyLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.EditableBy(user).Include(s => s.Versions).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return ApiProblems.NotFound();
        }

        if (!(request.ContentType ?? string.Empty).StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.BadRequest("Send the definition as application/json: the document GET …/definition returns.");
        }

        if (request.ContentLength > MaxDefinitionBytes)
        {
            return ApiProblems.BadRequest("The definition is larger than 5 MB.");
        }

        var body = await ReadLimitedAsync(request.Body, MaxDefinitionBytes, cancellationToken);
        if (body is null)
        {
            return ApiProblems.BadRequest("The definition is larger than 5 MB.");
        }

        SurveyDocument document;
        try
        {
            document = SurveyDocument.FromJson(body);
        }
        catch (ImportFormatException ex)
        {
            return ApiProblems.BadRequest(ex.Message);
        }

        if (survey.Status == SurveyStatus.Closed)
        {
            return ApiProblems.Conflict("The survey is closed; its questionnaire can no longer change. Duplicate it in the app to start a new survey.");
        }

        if (survey.Status == SurveyStatus.Open && !survey.IsRevising)
        {
            survey.StartRevision(); // As "Edit into a new version" in the editor: version n keeps collecting until n+1 is published.
        }

        var problems = survey.ReplaceDraft(document.Title, document.Description, document.Definition).ToList();
        if (problems.Count == 0 && survey.IsRevising && survey.Versions.MaxBy(v => v.Number) is { } previous)
        {
            problems.AddRange(VersionChange.Problems(previous.Definition, survey.Draft, await lifecycle.AnsweredKeysAsync(id, cancellationToken)));
        }

        if (problems.Count > 0)
        {
            return ApiProblems.Invalid("The definition was not saved; nothing changed.", problems);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new DefinitionSaved(survey.Id, survey.Status, survey.IsRevising, survey.PublishedVersion, survey.Draft.Questions.Count));
    }

    private static async Task<Results<Accepted<CloseAccepted>, ProblemHttpResult>> CloseAsync(
        Guid id, ClaimsPrincipal user, AppDbContext db, SurveyLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.ManageableBy(user).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return ApiProblems.NotFound();
        }

        if (survey.Status == SurveyStatus.Draft)
        {
            return ApiProblems.Conflict("The survey is a draft; only an open survey can be closed.");
        }

        // Closing twice is harmless: the second call reports the close already made.
        await lifecycle.CloseAsync(survey, cancellationToken);
        var run = await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id)
            .OrderByDescending(r => r.StartedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Accepted($"{Version1}/surveys/{id}/scoring-runs", new CloseAccepted(id, survey.Status, run));
    }

    private static async Task<Results<Ok<List<ScoringRunSummary>>, ProblemHttpResult>> ListRunsAsync(
        Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Surveys.ReadableBy(user).AnyAsync(s => s.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound();
        }

        var runs = await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id).OrderByDescending(r => r.StartedAt).ToListAsync(cancellationToken);
        var current = runs.Where(r => r.Status == ScoringRunStatus.Succeeded).MaxBy(r => r.FinishedAt)?.Id;
        return TypedResults.Ok(runs.Select(r => new ScoringRunSummary(
            r.Id, r.Status, r.Trigger, r.Id == current, r.QueuedAt, r.StartedAt, r.FinishedAt, r.Attempts, r.N, r.ModelVersion, r.EngineVersion, r.Error)).ToList());
    }

    private static async Task<IResult> ResponsesCsvAsync(
        Guid id, string? layout, string? values, bool? bom, HttpContext context, AppDbContext db, ResultsCsv csv, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(context.User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return ApiProblems.NotFound();
        }

        var layouts = new Dictionary<string, ResponseLayout>(StringComparer.OrdinalIgnoreCase) { ["wide"] = ResponseLayout.RowPerResponse, ["long"] = ResponseLayout.RowPerAnswer };
        if (!layouts.TryGetValue(layout ?? "wide", out var chosen))
        {
            return ApiProblems.BadRequest("layout must be \"wide\" (a row per response) or \"long\" (a row per answer).");
        }

        if (values is not null && !values.Equals("codes", StringComparison.OrdinalIgnoreCase) && !values.Equals("labels", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.BadRequest("values must be \"codes\" or \"labels\".");
        }

        var fileName = $"survey-{survey.PublicCode ?? survey.Id.ToString("N")}-responses{(chosen == ResponseLayout.RowPerAnswer ? "-long" : string.Empty)}.csv";
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await csv.WriteAsync(survey, context.Response.Body, bom ?? false, chosen, string.Equals(values, "labels", StringComparison.OrdinalIgnoreCase), cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ResultsJsonAsync(
        Guid id, Guid? run, ClaimsPrincipal user, AppDbContext db, CancellationToken cancellationToken)
    {
        var found = await RunAsync(db, user, id, run, cancellationToken);
        if (found is null)
        {
            return ApiProblems.NotFound(NoRun(run));
        }

        var json = await db.ScoringResults.AsNoTracking().Where(r => r.RunId == found.Id).Select(r => r.Json).SingleAsync(cancellationToken);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"scoring-run-{found.Id:N}.json");
    }

    private static async Task<IResult> FiguresCsvAsync(Guid id, Guid? run, HttpContext context, AppDbContext db, CancellationToken cancellationToken)
    {
        var found = await RunAsync(db, context.User, id, run, cancellationToken);
        if (found is null || await ResultsCsv.ResultsAsync(db, found.Id, cancellationToken) is not { } results)
        {
            return ApiProblems.NotFound(NoRun(run));
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"scoring-run-{found.Id:N}-summary.csv\"";
        await ResultsSummaryCsv.WriteAsync(results, context.Response.Body, cancellationToken);
        return TypedResults.Empty;
    }

    private static string NoRun(Guid? run) => run is null
        ? "There is no such survey, or it has no successful scoring run yet (see …/scoring-runs)."
        : "There is no such survey, or no successful scoring run with that id.";

    /// <summary>The named successful run, or the current one; null when the survey is not readable.</summary>
    private static async Task<ScoringRun?> RunAsync(AppDbContext db, ClaimsPrincipal user, Guid id, Guid? run, CancellationToken cancellationToken)
    {
        if (!await db.Surveys.ReadableBy(user).AnyAsync(s => s.Id == id, cancellationToken))
        {
            return null;
        }

        return run is { } wanted
            ? await db.ScoringRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == wanted && r.SurveyId == id && r.Status == ScoringRunStatus.Succeeded, cancellationToken)
            : await ResultsCsv.CurrentRunAsync(db, id, cancellationToken);
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
