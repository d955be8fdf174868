using System.Diagnostics;
using System.Globalization;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own, in a temp folder on a free loopback port, that the test may
/// stop and start again (a database outage) without touching the shared server TEST_POSTGRES points to.
/// Run as the postgres user when the tests run as root, as test.sh does with its throwaway cluster.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PostgresCluster(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's maintenance database, as TEST_POSTGRES is for the shared one.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Password=unused;Database=postgres";

    private string Data => Path.Combine(_folder, "data");

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("No PostgreSQL server binaries in /usr/lib/postgresql/*/bin (the Debian package postgresql; test.sh installs it).");
        }

        var folder = Path.Combine(Path.GetTempPath(), "sp-tests", "pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres", folder]);
        }

        var cluster = new PostgresCluster(bin, folder, ExternalProcess.FreePort());
        try
        {
            await cluster.RunAsPostgresAsync("initdb", "-D", cluster.Data, "-A", "trust", "-U", "postgres", "--no-sync");
            await cluster.StartAgainAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the stopped server on the same port and folder, and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => RunAsPostgresAsync(
        "pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {Path.Combine(_folder, "socket")} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
        "start");

    /// <summary>
    /// Stops the server as an administrator would for maintenance (fast: open transactions are rolled back,
    /// sessions are ended, new connections are refused) and waits until it is down.
    /// </summary>
    public Task StopAsync() => RunAsPostgresAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "-t", "60", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (or never started).
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own clean-up.
        }
    }

    private Task RunAsPostgresAsync(string tool, params string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, IEnumerable<string> arguments) =>
        await ExternalProcess.RunCheckedAsync(new ProcessStartInfo(file, arguments) { WorkingDirectory = Path.GetTempPath() }, TimeSpan.FromMinutes(2));
}
