using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurveyPlatform.LoadTest;

/// <summary>Percentiles of one kind of request, in milliseconds.</summary>
internal sealed record Latency(string Kind, int Count, double P50, double P95, double P99, double Max)
{
    public static Latency Of(RequestKind kind, IEnumerable<double>? milliseconds)
    {
        var sorted = (milliseconds ?? []).Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Latency(kind.ToString(), sorted.Length, At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? 0 : sorted[^1]);
    }
}

internal sealed record BaselineReport(double RequestsPerSecond, Latency Latency, int Errors);

/// <summary>What the database holds of the acknowledged completions.</summary>
internal sealed record CheckReport
{
    public int Acknowledged { get; init; }

    /// <summary>Acknowledged completions with no response in the database.</summary>
    public int Lost { get; init; }

    /// <summary>Responses or answer rows stored more than once.</summary>
    public int Duplicated { get; init; }

    /// <summary>Stored responses whose answers differ from what was sent.</summary>
    public int Mismatched { get; init; }

    /// <summary>Completed responses of the survey in the database that no respondent of this run was told about (earlier runs included).</summary>
    public int Unacknowledged { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    [JsonIgnore]
    public bool Passed => Lost == 0 && Duplicated == 0 && Mismatched == 0;
}

internal sealed record LoadReport
{
    public string? Database { get; set; }
    public int Concurrency { get; init; }
    public double Seconds { get; init; }
    public int Completions { get; init; }
    public double CompletionsPerSecond { get; init; }

    /// <summary>Page posts (saves and submissions) per second.</summary>
    public double SubmissionsPerSecond { get; init; }
    public double RequestsPerSecond { get; init; }
    public IReadOnlyList<Latency> Requests { get; init; } = [];
    public BaselineReport? Baseline { get; init; }
    public int Errors { get; init; }
    public IReadOnlyDictionary<string, int> ErrorsByKind { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<string> FirstErrors { get; init; } = [];
    public double? ServerCpuPercent { get; init; }
    public double? ServerPeakRssMegabytes { get; init; }

    /// <summary>The server's CPU time per request of the measured phase, in milliseconds: what a request costs, whatever else the machine runs.</summary>
    public double? ServerCpuMillisecondsPerRequest => ServerCpuPercent is { } cpu && RequestsPerSecond > 0 ? 10 * cpu / RequestsPerSecond : null;

    public CounterReport? Counters { get; init; }

    /// <summary>This tool's own CPU over the measured phase (% of one core): on the server's machine it competes with the server.</summary>
    public double ToolCpuPercent { get; init; }

    public double? ToolCpuMillisecondsPerRequest => RequestsPerSecond > 0 ? 10 * ToolCpuPercent / RequestsPerSecond : null;

    /// <summary>Managed memory the server allocated per request of the measured phase, in kilobytes.</summary>
    public double? AllocatedKilobytesPerRequest => Counters is { } counters && RequestsPerSecond > 0 ? 1024 * counters.AllocatedMegabytesPerSecond / RequestsPerSecond : null;

    public CheckReport? Check { get; set; }

    [JsonIgnore]
    public IReadOnlyList<Completion> AllCompletions { get; init; } = [];

    /// <summary>No request failed, and the database check (when made) found nothing lost, duplicated or changed.</summary>
    public bool Passed => Errors == 0 && (Baseline?.Errors ?? 0) == 0 && Check?.Passed != false;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Respondents: {Concurrency} concurrent{(Database is null ? string.Empty : " on " + Database)}, measured {Seconds:F1} s");
        text.AppendLine(c, $"  completed responses/s   {CompletionsPerSecond,10:F1}   ({Completions} completed)");
        text.AppendLine(c, $"  page submissions/s      {SubmissionsPerSecond,10:F1}");
        text.AppendLine(c, $"  requests/s              {RequestsPerSecond,10:F1}");
        if (Baseline is { } b)
        {
            text.AppendLine(c, $"  /health/live baseline   {b.RequestsPerSecond,10:F1} requests/s (p50 {b.Latency.P50:F1} ms, p99 {b.Latency.P99:F1} ms, {b.Errors} errors)");
        }

        text.AppendLine("  request      count     p50 ms     p95 ms     p99 ms     max ms");
        foreach (var l in Requests)
        {
            text.AppendLine(c, $"  {l.Kind,-8} {l.Count,9} {l.P50,10:F1} {l.P95,10:F1} {l.P99,10:F1} {l.Max,10:F1}");
        }

        text.AppendLine(c, $"  errors: {Errors}{(ErrorsByKind.Count == 0 ? string.Empty : " (" + string.Join(", ", ErrorsByKind.Select(e => $"{e.Key} {e.Value}")) + ")")}");
        foreach (var error in FirstErrors)
        {
            text.AppendLine(c, $"    {error}");
        }

        if (ServerCpuPercent is { } cpu)
        {
            text.AppendLine(c, $"  server CPU {cpu:F0}% of one core ({ServerCpuMillisecondsPerRequest:F2} ms a request), peak RSS {ServerPeakRssMegabytes:F0} MB");
        }

        text.AppendLine(c, $"  load tool CPU {ToolCpuPercent:F0}% of one core ({ToolCpuMillisecondsPerRequest:F2} ms a request)");
        if (Counters is { } k)
        {
            text.AppendLine(c, $"  counters: CPU {k.CpuPercent:F0}%, allocated {k.AllocatedMegabytesPerSecond:F1} MB/s ({AllocatedKilobytesPerRequest:F0} KB a request), GC paused {k.GcPausePercent:F1}% ({k.GcCollectionsPerSecond:F1} collections/s), heap {k.GcHeapMegabytes:F0} MB");
            text.AppendLine(c, $"            thread pool queue {k.ThreadPoolQueueMean:F1} mean / {k.ThreadPoolQueueMax:F0} max, {k.ThreadPoolThreadsMax:F0} threads max, JIT {k.JitPercent:F1}% of the time, {k.LockContentionsPerSecond:F1} lock contentions/s");
        }

        if (Check is { } check)
        {
            text.AppendLine(c, $"  database check: {check.Acknowledged} acknowledged, {check.Lost} lost, {check.Duplicated} duplicated, {check.Mismatched} changed, {check.Unacknowledged} not acknowledged");
            foreach (var problem in check.Problems.Take(10))
            {
                text.AppendLine(c, $"    {problem}");
            }
        }
        else
        {
            text.AppendLine("  database check: not made (no --provider/--connection)");
        }

        text.AppendLine(Passed ? "PASSED" : "FAILED");
        return text.ToString();
    }
}
