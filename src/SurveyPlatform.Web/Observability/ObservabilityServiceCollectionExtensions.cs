using System.Net;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SurveyPlatform.Web.Observability;

/// <summary>
/// Logs as JSON lines (<c>Logging:Format</c>), the app's metrics (<see cref="SurveyMetrics"/>), and
/// their export with OpenTelemetry: OTLP to a collector (<c>Telemetry:Otlp:Endpoint</c>) and a
/// Prometheus scrape endpoint (<c>Telemetry:Prometheus:Enabled</c>). With neither set, measurements
/// are still taken (they cost next to nothing without a listener) but nothing is exported.
/// </summary>
public static class ObservabilityServiceCollectionExtensions
{
    public const string Section = "Telemetry";
    public const string PrometheusPath = "/metrics";

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.AddSingleton<SurveyMetrics>();

        services.AddLogging(logging => logging.AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>());
        var format = configuration["Logging:Format"];
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = JsonLogFormatter.FormatterName);
        }
        else if (!string.IsNullOrWhiteSpace(format) && !string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Logging:Format is \"{format}\"; use \"json\" (one JSON object per line) or \"text\" (the default).");
        }

        var otlp = configuration[$"{Section}:Otlp:Endpoint"];
        var prometheus = configuration.GetValue($"{Section}:Prometheus:Enabled", false);
        if (string.IsNullOrWhiteSpace(otlp) && !prometheus)
        {
            return services;
        }

        var endpoint = string.IsNullOrWhiteSpace(otlp) ? null
            : Uri.TryCreate(otlp, UriKind.Absolute, out var parsed) ? parsed
            : throw new InvalidOperationException($"{Section}:Otlp:Endpoint \"{otlp}\" is not an absolute URL (e.g. http://otel-collector:4317).");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration[$"{Section}:ServiceName"] is { Length: > 0 } name ? name : "surveyplatform",
                serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SurveyMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime");
                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }

                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(SurveyMetrics.ActivitySourceName).AddAspNetCoreInstrumentation(o =>
                    // Paths carry link tokens: spans get the route template, never the raw path or query.
                    o.EnrichWithHttpRequest = (activity, request) => activity.SetTag("url.path", null).SetTag("url.query", null));
                if (endpoint is not null)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        return services;
    }

    /// <summary>
    /// The Prometheus scrape endpoint at <see cref="PrometheusPath"/>, when enabled: answered only to
    /// clients on loopback or in <c>Telemetry:Prometheus:AllowedNetworks</c> (as seen after the trusted
    /// proxies), 404 to everyone else.
    /// </summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue($"{Section}:Prometheus:Enabled", false))
        {
            return app;
        }

        var allowed = (app.Configuration[$"{Section}:Prometheus:AllowedNetworks"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network
                : throw new InvalidOperationException($"{Section}:Prometheus:AllowedNetworks: \"{n}\" is not a network like 10.0.0.0/8."))
            .ToList();
        app.UseWhen(
            http => http.Request.Path.StartsWithSegments(PrometheusPath, StringComparison.OrdinalIgnoreCase),
            branch => branch.Use((http, next) =>
            {
                var client = http.Connection.RemoteIpAddress;
                if (client is not null && (IPAddress.IsLoopback(client) || allowed.Any(n => n.Contains(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client))))
                {
                    return next(http);
                }

                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        app.MapPrometheusScrapingEndpoint(PrometheusPath).AllowAnonymous();
        return app;
    }
}
