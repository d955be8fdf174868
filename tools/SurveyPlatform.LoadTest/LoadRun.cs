using System.Collections.Concurrent;
using System.Diagnostics;

namespace SurveyPlatform.LoadTest;

internal sealed record LoadSettings
{
    public int Concurrency { get; init; } = 16;

    /// <summary>How long to measure, after the warm-up (unless <see cref="Completions"/> is reached first).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stop after this many measured completions (0: run for <see cref="Duration"/>).</summary>
    public int Completions { get; init; }

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to measure the <c>/health/live</c> baseline (zero: not measured).</summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromSeconds(5);

    public int Seed { get; init; } = 20261205;

    /// <summary>Read the server's runtime counters with dotnet-counters over the measured phase (a server the tool started, measured for <see cref="Duration"/>).</summary>
    public bool Counters { get; init; }
}

/// <summary>The server's own figures over the measured phase, when the tool started it.</summary>
internal interface IServerProbe
{
    TimeSpan CpuTime { get; }

    /// <summary>The peak resident set so far, in bytes.</summary>
    long PeakRss { get; }

    int ProcessId { get; }
}

/// <summary>
/// The baseline, then the respondents: <see cref="LoadSettings.Concurrency"/> workers each complete one
/// survey after another with a new browser, first for the warm-up (not measured), then for the measured
/// phase. Every acknowledged completion is kept, warm-up included, for the database check.
/// </summary>
internal sealed class LoadRun(HttpClient client, Uri server, string code, LoadSettings settings, IServerProbe? probe = null)
{
    private readonly ConcurrentDictionary<RequestKind, ConcurrentQueue<double>> _timings = new();
    private readonly ConcurrentBag<Completion> _completions = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<RequestKind, int> _errorCounts = new();
    private volatile bool _measuring;
    private volatile bool _stopping;
    private int _measuredCompletions;

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var baseline = settings.Baseline > TimeSpan.Zero ? await BaselineAsync(cancellationToken) : null;

        var workers = Enumerable.Range(0, settings.Concurrency).Select(i => Task.Run(() => WorkAsync(i))).ToList();
        // Started with the warm-up, so dotnet-counters is attached before the measured phase begins.
        var counters = settings.Counters && probe is not null && settings.Completions == 0
            ? ServerCounters.Start(probe.ProcessId, settings.WarmUp + settings.Duration + TimeSpan.FromSeconds(2), Console.Error)
            : null;
        await Task.Delay(settings.WarmUp, cancellationToken);
        var cpuBefore = probe?.CpuTime;
        var toolCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var measuredFrom = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        _measuring = true;
        while (clock.Elapsed < settings.Duration && (settings.Completions == 0 || Volatile.Read(ref _measuredCompletions) < settings.Completions)
               && !cancellationToken.IsCancellationRequested && workers.All(w => !w.IsFaulted))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        _measuring = false;
        var elapsed = clock.Elapsed;
        var measuredTo = DateTimeOffset.UtcNow;
        var cpu = probe is null ? (TimeSpan?)null : probe.CpuTime - cpuBefore!.Value;
        var toolCpu = Process.GetCurrentProcess().TotalProcessorTime - toolCpuBefore;
        _stopping = true;
        await Task.WhenAll(workers);
        var counted = counters is null ? null : await counters.ReadAsync(measuredFrom, measuredTo);

        var kinds = new[] { RequestKind.Page, RequestKind.Save, RequestKind.Submit, RequestKind.Thanks };
        return new LoadReport
        {
            Concurrency = settings.Concurrency,
            Seconds = elapsed.TotalSeconds,
            Completions = _measuredCompletions,
            CompletionsPerSecond = _measuredCompletions / elapsed.TotalSeconds,
            SubmissionsPerSecond = Count(RequestKind.Save, RequestKind.Submit) / elapsed.TotalSeconds,
            RequestsPerSecond = Count(kinds) / elapsed.TotalSeconds,
            Requests = kinds.Select(k => Latency.Of(k, _timings.GetValueOrDefault(k))).Where(l => l.Count > 0).ToList(),
            Baseline = baseline,
            Errors = _errorCounts.Values.Sum(),
            ErrorsByKind = _errorCounts.ToDictionary(e => e.Key.ToString(), e => e.Value),
            FirstErrors = [.. _errors.Take(10)],
            ServerCpuPercent = cpu is { } used ? 100 * used.TotalSeconds / elapsed.TotalSeconds : null,
            ServerPeakRssMegabytes = probe is null ? null : probe.PeakRss / 1048576.0,
            ToolCpuPercent = 100 * toolCpu.TotalSeconds / elapsed.TotalSeconds,
            Counters = counted,
            AllCompletions = [.. _completions],
        };
    }

    private int Count(params RequestKind[] kinds) => kinds.Sum(k => _timings.GetValueOrDefault(k)?.Count ?? 0);

    private async Task WorkAsync(int worker)
    {
        var random = new Random(HashCode.Combine(settings.Seed, worker));
        while (!_stopping)
        {
            var respondent = new Respondent(client, server, code, random, Record);
            try
            {
                var completion = await respondent.CompleteAsync(() => _stopping);
                Completed(completion);
            }
            catch (RespondentStopped)
            {
                return;
            }
            catch (RespondentFailure failure)
            {
                if (failure.Completion is { } acknowledged)
                {
                    Completed(acknowledged);
                }

                _errorCounts.AddOrUpdate(failure.Kind, 1, (_, n) => n + 1);
                if (_errors.Count < 100)
                {
                    _errors.Enqueue(failure.Message);
                }
            }
        }
    }

    private void Completed(Completion completion)
    {
        _completions.Add(completion);
        if (_measuring)
        {
            Interlocked.Increment(ref _measuredCompletions);
        }
    }

    private void Record(RequestKind kind, TimeSpan elapsed, bool ok)
    {
        if (_measuring && ok)
        {
            _timings.GetOrAdd(kind, _ => new ConcurrentQueue<double>()).Enqueue(elapsed.TotalMilliseconds);
        }
    }

    /// <summary>GET /health/live at the same concurrency: what a trivial request costs on this server and machine now.</summary>
    private async Task<BaselineReport> BaselineAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(server, "health/live");
        var timings = new ConcurrentQueue<double>();
        var failures = 0;
        var measuring = false;
        var stop = false;
        async Task LoopAsync()
        {
            while (!Volatile.Read(ref stop))
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await client.GetAsync(url, CancellationToken.None);
                    await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    else if (Volatile.Read(ref measuring))
                    {
                        timings.Enqueue(clock.Elapsed.TotalMilliseconds);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }

        var loops = Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(LoopAsync, CancellationToken.None)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(2, settings.Baseline.TotalSeconds / 2)), cancellationToken);
        Volatile.Write(ref measuring, true);
        var measured = Stopwatch.StartNew();
        await Task.Delay(settings.Baseline, cancellationToken);
        Volatile.Write(ref measuring, false);
        var elapsed = measured.Elapsed;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(loops);
        return new BaselineReport(timings.Count / elapsed.TotalSeconds, Latency.Of(RequestKind.Health, timings), failures);
    }
}
