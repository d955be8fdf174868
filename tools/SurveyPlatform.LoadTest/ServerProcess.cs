using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.LoadTest;

/// <summary>
/// The app as a child process in Production on the given database (migrated at start), listening on a
/// port the system chooses, with its console log at Warning. The built app beside this tool is used
/// unless <c>--app</c> names another (a published SurveyPlatform.Web.dll).
/// </summary>
internal sealed partial class ServerProcess : IServerProbe, IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _home;

    private ServerProcess(Process process, string home)
    {
        _process = process;
        _home = home;
    }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public int ProcessId => _process.Id;

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>VmHWM from /proc (the kernel's own high-water mark), else the current working set.</summary>
    public long PeakRss
    {
        get
        {
            var status = $"/proc/{_process.Id}/status";
            if (File.Exists(status))
            {
                var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                {
                    return kb * 1024;
                }
            }

            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    public static async Task<ServerProcess> StartAsync(string? app, DatabaseProviderKind kind, string connectionString, TextWriter log)
    {
        // Full, since the app runs in its own folder: a path relative to ours would name nothing there.
        var dll = Path.GetFullPath(app ?? Path.Combine(AppContext.BaseDirectory, "SurveyPlatform.Web.dll"));
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"No app at {dll}.", dll);
        }

        var home = Path.Combine(Path.GetTempPath(), "sp-load", "home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = kind.ToString();
        start.Environment["ConnectionStrings__Default"] = connectionString;
        start.Environment["Database__MigrateOnStartup"] = "true";
        start.Environment["App__PublicBaseUrl"] = "http://localhost";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, home);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shown = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            if (NowListening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
            else if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                // The category of each warning or error the server logs (their first 50), so a noisy path shows.
                if (Interlocked.Increment(ref shown) <= 50)
                {
                    log.WriteLine("server: " + line);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                log.WriteLine("server: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ended = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(120)));
        if (ended != listening.Task)
        {
            var problem = process.HasExited ? $"The app exited with {process.ExitCode} before it listened." : "The app did not listen within 120 s.";
            await server.DisposeAsync();
            throw new InvalidOperationException(problem);
        }

        server.Address = await listening.Task;
        return server;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex NowListening();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own clean-up.
        }
    }
}
