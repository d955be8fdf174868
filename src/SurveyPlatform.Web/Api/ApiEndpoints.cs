using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Importing;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Surveys;
using SurveyPlatform.Web.Scoring;

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
            .WithName("DownloadResponsesCsv").WithSummary("Responses as CSV: layout=wide|long, values=codes|labels, bom=true for Excel, level=full|deidentified (default: the highest the user may have) (results:read).");
        api.MapGet("/surveys/{id:guid}/responses.xlsx", ResponsesXlsxAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: ResultsXlsx.ContentType)
            .WithName("DownloadWorkbook").WithSummary("The Excel workbook (responses, scores, jobs to be done, codebook): values=codes|labels, level=full|deidentified (results:read).");
        api.MapGet("/surveys/{id:guid}/scores.csv", ScoresCsvAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("DownloadScoresCsv").WithSummary("The current run's scores per response: level=full|deidentified (results:read).");
        api.MapGet("/surveys/{id:guid}/jtbd.csv", JtbdCsvAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("DownloadJtbdCsv").WithSummary("The current run's jobs-to-be-done index per segment (results:read).");
        api.MapGet("/surveys/{id:guid}/responses.json", ResponsesJsonAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithName("DownloadResponsesJson").WithSummary("Every response with its answers by question code; the full export level (results:read).");
        api.MapGet("/surveys/{id:guid}/codebook.{format:regex(^(csv|html)$)}", CodebookAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .WithName("DownloadCodebook").WithSummary("The codebook of the wide CSV, as csv or html (results:read).");
        api.MapGet("/surveys/{id:guid}/packages/{package}.zip", PackageAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithName("DownloadAnalysisPackage").WithSummary("The wide CSV with SPSS syntax, an R script or a Stata do-file: package=spss|r|stata; the full export level (results:read).");
        api.MapGet("/surveys/{id:guid}/results.json", ResultsJsonAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithName("DownloadResultsJson").WithSummary("A scoring run's results document; the current run unless ?run= names one (results:read).");
        api.MapGet("/surveys/{id:guid}/figures.csv", FiguresCsvAsync)
            .RequireAuthorization(ApiPolicies.ResultsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("DownloadFiguresCsv").WithSummary("A scoring run's figures as a long CSV (results:read).");
        api.MapPost("/surveys/{id:guid}/responses/import", ImportResponsesAsync)
            .RequireAuthorization(ApiPolicies.SurveysManage)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Description = "A response file whose columns (CSV) or keys (JSON array of objects) are question codes (docs/importing.md).",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["text/csv"] = new(), ["application/json"] = new() },
                };
                return Task.CompletedTask;
            })
            .WithName("ImportResponses").WithSummary("Checks (dryRun=true) or imports a CSV or JSON response file; idColumn names the respondent id column (surveys:manage).");
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

        // Another tool's file gets a clear answer here, rather than an obscure one about "format".
        var detected = SurveyFileDetector.Detect(body);
        if (detected.Format is not (SurveyFileFormat.SurveyPlatform or SurveyFileFormat.Unknown))
        {
            return ApiProblems.BadRequest($"This is a {detected.Name}; the API takes a surveyplatform.survey/1 document. Import the file on Create a survey → Import a file, then GET …/definition.");
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
        await lifecycle.CloseAsync(survey, CloseReason.Manual, cancellationToken);
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
        var current = RunResults.Current(runs)?.Id;
        return TypedResults.Ok(runs.Select(r => new ScoringRunSummary(
            r.Id, r.Status, r.Trigger, r.Id == current, r.QueuedAt, r.StartedAt, r.FinishedAt, r.Attempts, r.N, r.ModelVersion, r.EngineVersion, r.Error)).ToList());
    }

    private static async Task<IResult> ResponsesCsvAsync(
        Guid id, string? layout, string? values, bool? bom, string? level, HttpContext context, SurveyDownloads downloads, CancellationToken cancellationToken)
    {
        var layouts = new Dictionary<string, DownloadFormat>(StringComparer.OrdinalIgnoreCase) { ["wide"] = DownloadFormat.ResponsesCsv, ["long"] = DownloadFormat.ResponsesLongCsv };
        if (!layouts.TryGetValue(layout ?? "wide", out var chosen))
        {
            return ApiProblems.BadRequest("layout must be \"wide\" (a row per response) or \"long\" (a row per answer).");
        }

        return await SendTableAsync(id, chosen, values, bom ?? false, level, context, downloads, cancellationToken);
    }

    private static Task<IResult> ResponsesXlsxAsync(Guid id, string? values, string? level, HttpContext context, SurveyDownloads downloads, CancellationToken cancellationToken) =>
        SendTableAsync(id, DownloadFormat.Xlsx, values, excelBom: false, level, context, downloads, cancellationToken);

    private static Task<IResult> ScoresCsvAsync(Guid id, bool? bom, string? level, HttpContext context, SurveyDownloads downloads, CancellationToken cancellationToken) =>
        SendTableAsync(id, DownloadFormat.ScoresCsv, values: null, bom ?? false, level, context, downloads, cancellationToken);

    private static Task<IResult> JtbdCsvAsync(Guid id, bool? bom, HttpContext context, SurveyDownloads downloads, CancellationToken cancellationToken) =>
        SendTableAsync(id, DownloadFormat.JtbdCsv, values: null, bom ?? false, level: null, context, downloads, cancellationToken);

    private static Task<IResult> ResponsesJsonAsync(Guid id, HttpContext context, SurveyDownloads downloads, DownloadFiles files, CancellationToken cancellationToken) =>
        SendFileAsync(id, files.ResponsesJson(), context, downloads, NotFoundDetail, cancellationToken);

    private static Task<IResult> CodebookAsync(Guid id, string format, bool? bom, HttpContext context, SurveyDownloads downloads, DownloadFiles files, CancellationToken cancellationToken) =>
        SendFileAsync(id, files.Codebook(format == "csv", bom ?? false), context, downloads, NotFoundDetail, cancellationToken);

    private static async Task<IResult> PackageAsync(Guid id, string package, HttpContext context, SurveyDownloads downloads, DownloadFiles files, CancellationToken cancellationToken) =>
        DownloadFiles.ParsePackage(package) is { } p
            ? await SendFileAsync(id, files.Package(p), context, downloads, NotFoundDetail, cancellationToken)
            : ApiProblems.NotFound("package must be spss, r or stata.");

    private static Task<IResult> ResultsJsonAsync(Guid id, Guid? run, HttpContext context, SurveyDownloads downloads, DownloadFiles files, CancellationToken cancellationToken) =>
        SendFileAsync(id, files.ResultsJson(run), context, downloads, NoRun(run), cancellationToken);

    private static Task<IResult> FiguresCsvAsync(Guid id, Guid? run, HttpContext context, SurveyDownloads downloads, DownloadFiles files, CancellationToken cancellationToken) =>
        SendFileAsync(id, files.Figures(run), context, downloads, NoRun(run), cancellationToken);

    private const string NotFoundDetail = "There is no such survey, or it is not yours to see.";

    /// <summary>A response table through the one download path (export level, audit), as the Results and Downloads pages send it.</summary>
    private static async Task<IResult> SendTableAsync(
        Guid id, DownloadFormat format, string? values, bool excelBom, string? level, HttpContext context, SurveyDownloads downloads, CancellationToken cancellationToken)
    {
        if (values is not null && !values.Equals("codes", StringComparison.OrdinalIgnoreCase) && !values.Equals("labels", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.BadRequest("values must be \"codes\" or \"labels\".");
        }

        if (!DownloadFormats.TryParseLevel(level, out var wanted))
        {
            return ApiProblems.BadRequest("level must be \"full\" or \"deidentified\".");
        }

        var labels = string.Equals(values, "labels", StringComparison.OrdinalIgnoreCase);
        return await downloads.TrySendAsync(id, new DownloadRequest(format, wanted, labels, excelBom), context, cancellationToken) is { } refusal
            ? Refused(refusal, NotFoundDetail)
            : TypedResults.Empty;
    }

    private static async Task<IResult> SendFileAsync(Guid id, DownloadFiles.Spec file, HttpContext context, SurveyDownloads downloads, string notFound, CancellationToken cancellationToken) =>
        await downloads.TrySendFileAsync(id, file.Format, file.Needed, context, file.Prepare, cancellationToken) is { } refusal
            ? Refused(refusal, notFound)
            : TypedResults.Empty;

    private static ProblemHttpResult Refused(DownloadRefusal refusal, string notFound) => refusal.Status == StatusCodes.Status404NotFound
        ? ApiProblems.NotFound(notFound)
        : TypedResults.Problem(refusal.Message, statusCode: refusal.Status, title: "Forbidden");

    public sealed record ImportReport(
        bool DryRun, bool Valid, int RowsRead, int New, int Imported, int AlreadyImported, string? IdColumn, bool RescoreQueued,
        IReadOnlyList<ImportReportError> Errors, IReadOnlyList<string> IgnoredColumns);

    /// <summary>Row 0 means the file as a whole.</summary>
    public sealed record ImportReportError(int Row, string Column, string Message);

    /// <summary>
    /// The owner's or an editor's import of a response file: the body is the file, CSV (text/csv)
    /// or JSON (application/json). A dry run answers 200 with the report, errors included; an import
    /// answers 200 when every row was valid (all stored in one transaction, rows imported before
    /// skipped) and 400 with the row-level errors otherwise, nothing stored.
    /// </summary>
    private static async Task<IResult> ImportResponsesAsync(
        Guid id, bool? dryRun, string? idColumn, HttpContext context, AppDbContext db, Responses.ResponseImport import, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().EditableBy(context.User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return ApiProblems.NotFound();
        }

        var mediaType = context.Request.ContentType ?? string.Empty;
        Domain.Importing.Responses.ResponseFileFormat format;
        if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            format = Domain.Importing.Responses.ResponseFileFormat.Json;
        }
        else if (mediaType.Contains("csv", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            format = Domain.Importing.Responses.ResponseFileFormat.Csv;
        }
        else
        {
            return TypedResults.Problem("Send the response file as text/csv or application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        var check = dryRun ?? false;
        var report = check
            ? await import.DryRunAsync(survey, context.Request.Body, format, idColumn, cancellationToken)
            : await import.ImportAsync(survey, context.Request.Body, format, idColumn, cancellationToken);
        var body = new ImportReport(
            report.DryRun, report.IsValid, report.RowsRead, report.New, report.Imported, report.AlreadyImported, report.IdColumn, report.RescoreQueued,
            report.Errors.Select(e => new ImportReportError(e.Row, e.Column, e.Message)).ToList(), report.IgnoredColumns);
        if (check || report.IsValid)
        {
            return TypedResults.Ok(body);
        }

        return TypedResults.Problem(
            $"Nothing was imported: {report.Errors.Count} error(s). Fix them and send the file again.",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid response file",
            extensions: new Dictionary<string, object?> { ["errors"] = body.Errors, ["rowsRead"] = report.RowsRead });
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

        return await RunResults.ChosenOrCurrentAsync(db, id, run, cancellationToken);
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
