using System.Diagnostics;
using Hangfire.Common;
using Hangfire.Server;

namespace SurveyPlatform.Web.Observability;

/// <summary>
/// Counts and times every background job execution on this node's job server, and wraps it in an
/// activity (a trace span) named after the job. Given to the server as its filter provider, so it
/// belongs to this host only (Hangfire's global filters are process-wide).
/// </summary>
internal sealed class JobMetricsFilter(SurveyMetrics metrics) : IServerFilter
{
    private const string Started = "surveyplatform.started";
    private const string Span = "surveyplatform.activity";

    public void OnPerforming(PerformingContext context)
    {
        context.Items[Started] = Stopwatch.GetTimestamp();
        if (SurveyMetrics.Activities.StartActivity($"job {Name(context.BackgroundJob.Job)}", ActivityKind.Internal) is { } activity)
        {
            activity.SetTag("job.id", context.BackgroundJob.Id);
            context.Items[Span] = activity;
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        var succeeded = context.Exception is null || context.ExceptionHandled;
        var elapsed = context.Items.TryGetValue(Started, out var started) && started is long ticks ? Stopwatch.GetElapsedTime(ticks) : TimeSpan.Zero;
        metrics.JobRan(Name(context.BackgroundJob.Job), succeeded, elapsed);
        if (context.Items.TryGetValue(Span, out var span) && span is Activity activity)
        {
            activity.SetStatus(succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            activity.Dispose();
        }
    }

    private static string Name(Job? job) => job?.Type.Name ?? "unknown";
}

/// <summary>Hangfire's usual filters (retries, statistics) and <see cref="JobMetricsFilter"/>.</summary>
internal sealed class JobMetricsFilterProvider(SurveyMetrics metrics) : IJobFilterProvider
{
    private readonly JobFilter _metrics = new(new JobMetricsFilter(metrics), JobFilterScope.Global, order: null);

    public IEnumerable<JobFilter> GetFilters(Job job) => [.. JobFilterProviders.Providers.GetFilters(job), _metrics];
}
