using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SurveyPlatform.LoadTest;

/// <summary>The server's runtime counters over the measured phase, as <c>dotnet-counters</c> read them (System.Runtime, once a second).</summary>
internal sealed record CounterReport
{
    /// <summary>Process CPU (user and system), % of one core.</summary>
    public double CpuPercent { get; init; }

    public double AllocatedMegabytesPerSecond { get; init; }

    /// <summary>Time the GC held the process paused, % of the phase.</summary>
    public double GcPausePercent { get; init; }

    public double GcCollectionsPerSecond { get; init; }

    /// <summary>The largest managed heap after a collection (all generations).</summary>
    public double GcHeapMegabytes { get; init; }

    public double ThreadPoolQueueMean { get; init; }
    public double ThreadPoolQueueMax { get; init; }
    public double ThreadPoolThreadsMax { get; init; }

    /// <summary>Time spent compiling methods (tiering up included; the compiling threads' time, summed), % of the phase: a server still warming up shows here.</summary>
    public double JitPercent { get; init; }

    public double LockContentionsPerSecond { get; init; }
}

/// <summary>
/// Runs <c>dotnet-counters collect</c> against the server from the start of the warm-up, and sums up
/// what it read during the measured phase. The tool is looked for on PATH and in ~/.dotnet/tools
/// (<c>dotnet tool install -g dotnet-counters</c>; bench/run.sh installs it); without it, no counters.
/// </summary>
internal sealed class ServerCounters
{
    private const string Counters = "System.Runtime";
    private readonly Process _process;
    private readonly string _file;

    private ServerCounters(Process process, string file)
    {
        _process = process;
        _file = file;
    }

    public static ServerCounters? Start(int processId, TimeSpan duration, TextWriter log)
    {
        var tool = Find();
        if (tool is null)
        {
            log.WriteLine("counters: dotnet-counters not found (dotnet tool install -g dotnet-counters); none collected");
            return null;
        }

        var file = Path.Combine(Path.GetTempPath(), "sp-load", $"counters-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var span = TimeSpan.FromSeconds(Math.Ceiling(duration.TotalSeconds));
        var start = new ProcessStartInfo(tool,
        [
            "collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "--format", "json", "-o", file,
            "--refresh-interval", "1", "--counters", Counters, "--duration", span.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var process = Process.Start(start);
        if (process is null)
        {
            return null;
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                log.WriteLine("counters: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerCounters(process, file);
    }

    /// <summary>Waits for the collection to end and sums up the readings taken between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public async Task<CounterReport?> ReadAsync(DateTimeOffset from, DateTimeOffset to)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return null;
        }
        finally
        {
            _process.Dispose();
        }

        if (!File.Exists(_file))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(_file));
            return Summarise(json.RootElement.GetProperty("Events").EnumerateArray()
                .Select(e => (At: DateTimeOffset.Parse(e.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture),
                    Name: e.GetProperty("name").GetString()!, Tags: e.GetProperty("tags").GetString() ?? string.Empty, Value: e.GetProperty("value").GetDouble()))
                .Where(e => e.At >= from && e.At <= to)
                .ToList());
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            File.Delete(_file);
        }
    }

    private static CounterReport? Summarise(List<(DateTimeOffset At, string Name, string Tags, double Value)> events)
    {
        // Rates are per refresh interval (1 s): their sum over the readings of one series is a rate per second.
        var seconds = events.Count(e => e.Name.StartsWith("dotnet.process.cpu.time ", StringComparison.Ordinal) && e.Tags == "cpu.mode=user");
        if (seconds == 0)
        {
            return null;
        }

        double PerSecond(string name) => events.Where(e => e.Name.StartsWith(name + " ", StringComparison.Ordinal)).Sum(e => e.Value) / seconds;
        List<double> Readings(string name) => events.Where(e => e.Name.StartsWith(name + " ", StringComparison.Ordinal)).Select(e => e.Value).DefaultIfEmpty(0).ToList();
        var heap = events.Where(e => e.Name.StartsWith("dotnet.gc.last_collection.heap.size ", StringComparison.Ordinal))
            .GroupBy(e => e.At).Select(g => g.Sum(e => e.Value)).DefaultIfEmpty(0).Max();
        var queue = Readings("dotnet.thread_pool.queue.length");
        return new CounterReport
        {
            CpuPercent = 100 * PerSecond("dotnet.process.cpu.time"),
            AllocatedMegabytesPerSecond = PerSecond("dotnet.gc.heap.total_allocated") / 1048576,
            GcPausePercent = 100 * PerSecond("dotnet.gc.pause.time"),
            GcCollectionsPerSecond = PerSecond("dotnet.gc.collections"),
            GcHeapMegabytes = heap / 1048576,
            ThreadPoolQueueMean = queue.Average(),
            ThreadPoolQueueMax = queue.Max(),
            ThreadPoolThreadsMax = Readings("dotnet.thread_pool.thread.count").Max(),
            JitPercent = 100 * PerSecond("dotnet.jit.compilation.time"),
            LockContentionsPerSecond = PerSecond("dotnet.monitor.lock_contentions"),
        };
    }

    private static string? Find()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet-counters.exe" : "dotnet-counters";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }
}
