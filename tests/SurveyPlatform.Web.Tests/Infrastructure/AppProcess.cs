using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// The real app as a child process (Production, on a test database, mail to the loopback SMTP
/// server), so a test can kill it hard in the middle of its work and start it again.
/// </summary>
public static partial class AppProcess
{
    /// <summary>The setting after which a killed app's job locks are taken over (tests set it short, so a restart does not wait the default).</summary>
    public const string StaleLockSetting = "Jobs:StaleLockSeconds";

    /// <param name="settings">More configuration (":" in a key as "__" in the environment), such as a log level.</param>
    /// <param name="output">Called with each line the app writes to standard output (the console log).</param>
    public static Process Start(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null, Action<string>? output = null)
    {
        var start = StartInfo(database, ["--urls", "http://127.0.0.1:0"], settings);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output?.Invoke(line);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The app's command line with <paramref name="arguments"/>, in Production on the test database, mail to the loopback SMTP server.</summary>
    private static ProcessStartInfo StartInfo(TestDatabase database, string[] arguments, IReadOnlyDictionary<string, string>? settings)
    {
        ArgumentNullException.ThrowIfNull(database);
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = database.Kind.ToString();
        start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
        start.Environment["Smtp__Host"] = Environment.GetEnvironmentVariable("TEST_SMTP_HOST") ?? "127.0.0.1";
        start.Environment["Smtp__Port"] = Environment.GetEnvironmentVariable("TEST_SMTP_PORT") ?? "25";
        start.Environment["App__PublicBaseUrl"] = "http://localhost";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    /// <summary>
    /// Starts the app as one node of a cluster and waits until Kestrel listens on the port the system
    /// chose. The node gets its own home folder, as on another machine or in a fresh container: nothing
    /// it keeps on local disk (such as the framework's default Data Protection key folder) is shared.
    /// </summary>
    public static async Task<AppNode> StartNodeAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null, Action<string>? output = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "sp-tests", "home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["HOME"] = home,
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = Start(database, all, line =>
        {
            output?.Invoke(line);
            if (NowListening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        });
        var node = new AppNode(app, home);
        try
        {
            var ended = await Task.WhenAny(listening.Task, app.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            if (ended != listening.Task)
            {
                throw new InvalidOperationException(app.HasExited ? $"The app exited with {app.ExitCode} before it listened." : "The app did not listen within 60 s.");
            }

            node.Address = await listening.Task;
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one of the app's commands (<c>migrate</c>, <c>backup</c>, <c>audit-verify</c>) on the test database to its end: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(TestDatabase database, IReadOnlyList<string> args, TimeSpan? timeout = null)
    {
        var start = StartInfo(database, [.. args], new Dictionary<string, string> { ["Bootstrap:AdminEmail"] = string.Empty });
        return await ExternalProcess.RunAsync(start, timeout ?? TimeSpan.FromSeconds(60));
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex NowListening();

    /// <summary>Kills the app at once (SIGKILL on Linux: no shutdown, no finishing of running jobs) and waits for it to be gone.</summary>
    public static async Task KillAsync(Process app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails at once if the app exits, and after the timeout.</summary>
    public static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, string what, Process app)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(app);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {app.ExitCode} while waiting for {what}.");
            }

            if (await done())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
    }
}

/// <summary>A running app process and where it listens; disposing it kills the process and removes its home folder.</summary>
public sealed class AppNode(Process process, string home) : IAsyncDisposable
{
    public Process Process { get; } = process;
    public Uri Address { get; internal set; } = new("http://127.0.0.1/");

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            await AppProcess.KillAsync(Process);
        }

        Process.Dispose();
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own clean-up.
        }
    }
}
