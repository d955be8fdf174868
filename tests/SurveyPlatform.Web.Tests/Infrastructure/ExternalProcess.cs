using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// Runs another program to its end for a test (the app's commands, pg_dump, the Dockerfile's steps,
/// PostgreSQL's tools): everything it printed, its exit code, and a kill when it runs too long.
/// </summary>
internal static class ExternalProcess
{
    /// <summary>Runs <paramref name="start"/> (its output redirected here) to its end; kills it and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{Describe(start)}` ran longer than {timeout}.");
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>As <see cref="RunAsync(ProcessStartInfo, TimeSpan)"/>, and throws with its output when it exits with anything but 0.</summary>
    public static async Task<string> RunCheckedAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        var (exit, output) = await RunAsync(start, timeout);
        return exit == 0 ? output : throw new InvalidOperationException($"`{Describe(start)}` exited with {exit}:\n{Tail(output)}");
    }

    /// <summary>A TCP port on loopback that nothing listens on now (for a server a test starts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The last 4,000 characters of a program's output: enough to see why it failed.</summary>
    public static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private static string Describe(ProcessStartInfo start) => string.Join(' ', [Path.GetFileName(start.FileName), .. start.ArgumentList]);
}
