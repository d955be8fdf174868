using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SurveyPlatform.Web;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Admin;
using SurveyPlatform.Web.Api;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Demo;
using SurveyPlatform.Web.Distribution;
using SurveyPlatform.Web.Health;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Mail;
using SurveyPlatform.Web.Observability;
using SurveyPlatform.Web.Privacy;
using SurveyPlatform.Web.Responses;
using SurveyPlatform.Web.Reports;
using SurveyPlatform.Web.Respond;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;

var builder = WebApplication.CreateBuilder(args);
var database = DatabaseProvider.FromConfiguration(builder.Configuration, builder.Environment);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddData(database);
builder.Services.AddJobs(database, builder.Configuration);
builder.Services.AddMail(builder.Configuration);
builder.Services.AddAudit();
builder.Services.AddAccounts();
builder.Services.AddAdmin();
builder.Services.AddSurveys();
builder.Services.AddDistribution(builder.Configuration);
builder.Services.AddScoring();
builder.Services.AddResults();
builder.Services.AddResponses(builder.Configuration);
builder.Services.AddApi(builder.Configuration);
builder.Services.AddReports();
builder.Services.AddPrivacy();
builder.Services.AddDemoData();
builder.Services.AddHealth();
builder.Services.AddObservability(builder.Configuration);
builder.Services.AddRespond(builder.Configuration);
builder.Services.AddReverseProxy();
builder.Services.AddFaultInjection();
builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/";
    o.Conventions.ConfigureFilter(new SurveyPlatform.Web.UnknownHandlerFilter());
});

// Respondent pages must stay under 60 KB on slow hospital networks; a matrix page compresses ~10×.
// Antiforgery tokens are re-encrypted per response, and pages that show a secret next to reflected
// input (the resume-link page) opt out, which is what BREACH needs.
builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
});

var app = builder.Build();

// `dotnet SurveyPlatform.Web.dll migrate` applies the migrations and exits (production deploys).
if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    await app.Services.MigrateDatabaseAsync();
    var reconciled = await app.Services.ReconcileJobsAsync();
    Console.WriteLine($"Migrations applied. Jobs reconciled with the database: {reconciled.Closes} close(s), {reconciled.Mailings} mailing(s), {reconciled.Scorings} scoring job(s) queued.");
    return 0;
}

// `dotnet SurveyPlatform.Web.dll backup <file>` copies the SQLite database with SQLite's online backup and exits.
if (args.Contains(DatabaseBackup.Command, StringComparer.OrdinalIgnoreCase))
{
    return await DatabaseBackup.CommandAsync(app.Services, args, Console.Out);
}

// `dotnet SurveyPlatform.Web.dll audit-verify` checks the audit trail's hash chain: exit 0 when whole, 1 at a break.
if (args.Contains("audit-verify", StringComparer.OrdinalIgnoreCase))
{
    return await AuditChain.VerifyCommandAsync(app.Services, Console.Out);
}

if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Database:MigrateOnStartup"))
{
    await app.Services.MigrateDatabaseAsync();
}

// Scheduled closes, mailings and pending scoring come from the application's tables: any job the
// job store lacks (a lost store, a database from a version before Hangfire, a crash) is created now.
await app.Services.ReconcileJobsAsync();

var setupPath = await app.Services.GetRequiredService<FirstRunSetup>().InitialiseAsync(CancellationToken.None);
if (setupPath is not null)
{
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var configured = app.Configuration["App:PublicBaseUrl"];
        var address = !string.IsNullOrWhiteSpace(configured) ? configured
            : app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
              ?? "http://localhost:5000";
        app.Services.GetRequiredService<SetupNotice>().Announce(address.TrimEnd('/') + setupPath);
    });
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
}

app.UseReverseProxy();
app.UseSurveyLogScope();
app.MapObservability();

app.UseStatusCodePagesWithReExecute("/status/{0}");
app.Use(async (context, next) =>
{
    var headers = context.Response.Headers;
    headers.XContentTypeOptions = "nosniff";
    headers.XFrameOptions = "DENY";
    headers.XXSSProtection = "0"; // the legacy XSS auditor is off (OWASP); the CSP is the protection
    headers["Referrer-Policy"] = "same-origin";
    headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
    await next(context);
});
app.UseResponseCompression();
app.UseStaticFiles(SurveyPlatform.Web.VersionedAssets.Options());
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.MapJobsDashboard();
app.MapRazorPages();
app.MapHealth();
app.MapApi();

await app.RunAsync();
return 0;

/// <summary>The entry point, public so WebApplicationFactory can find it.</summary>
public partial class Program;
