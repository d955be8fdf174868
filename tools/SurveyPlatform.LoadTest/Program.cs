using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.LoadTest;

/// <summary>The command line (usage: docs/performance.md, or <c>--help</c>). Not named Program: the tests see the web host's Program too.</summary>
internal static class LoadTestCommand
{
    public static async Task<int> Main(string[] args)
    {
        Dictionary<string, string?> options;
        try
        {
            options = ParseArguments(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return Usage();
        }

        if (options.ContainsKey("help") || (!options.ContainsKey("start-server") && !options.ContainsKey("url")))
        {
            return Usage();
        }

        try
        {
            var report = await RunAsync(options);
            Console.WriteLine(options.ContainsKey("json") ? report.ToJson() : report.ToText());
            return report.Passed ? 0 : 1;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return Usage();
        }
    }

    public static async Task<LoadReport> RunAsync(Dictionary<string, string?> options)
    {
        var kind = (options.GetValueOrDefault("provider") ?? "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProviderKind.Sqlite,
            "postgresql" or "postgres" => DatabaseProviderKind.PostgreSql,
            var other => throw new ArgumentException($"--provider must be sqlite or postgresql, not {other}."),
        };
        var settings = new LoadSettings
        {
            Concurrency = Int(options, "concurrency", 16),
            Duration = TimeSpan.FromSeconds(Double(options, "duration", 30)),
            Completions = Int(options, "completions", 0),
            WarmUp = TimeSpan.FromSeconds(Double(options, "warmup", 5)),
            Baseline = TimeSpan.FromSeconds(Double(options, "baseline", 5)),
            Seed = Int(options, "seed", 20261205),
            Counters = options.ContainsKey("counters"),
        };
        if (settings.Completions > 0 && !options.ContainsKey("duration"))
        {
            settings = settings with { Duration = TimeSpan.FromHours(1) };
        }

        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false, // Each respondent keeps its own cookies.
            MaxConnectionsPerServer = settings.Concurrency * 2,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

        if (!options.ContainsKey("start-server"))
        {
            var url = new Uri(options["url"]!.TrimEnd('/') + "/");
            var code = options.GetValueOrDefault("code") ?? throw new ArgumentException("--url needs --code (the survey's public code).");
            var running = await new LoadRun(client, url, code, settings).RunAsync(CancellationToken.None);
            if (options.GetValueOrDefault("connection") is { } connection)
            {
                await using var db = LoadSurvey.Context(kind, connection);
                var surveyId = await db.Surveys.Where(s => s.PublicCode == code).Select(s => s.Id).SingleAsync();
                running.Check = await CompletionCheck.VerifyAsync(db, surveyId, running.AllCompletions, CancellationToken.None);
            }

            return running;
        }

        // A fresh database of our own: a SQLite file in a temp folder, or a new database on the PostgreSQL server named by --connection or TEST_POSTGRES.
        var folder = Path.Combine(Path.GetTempPath(), "sp-load", Guid.NewGuid().ToString("N"));
        string? postgresName = null;
        string? postgresServer = null;
        string connectionString;
        if (kind == DatabaseProviderKind.Sqlite)
        {
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "load.db")}";
        }
        else
        {
            postgresServer = options.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("TEST_POSTGRES")
                ?? throw new ArgumentException("PostgreSQL needs --connection or TEST_POSTGRES (a server; a new database is created on it and dropped afterwards).");
            postgresName = $"sp_load_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(postgresServer))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{postgresName}\"", admin);
                await create.ExecuteNonQueryAsync();
            }

            connectionString = new NpgsqlConnectionStringBuilder(postgresServer) { Database = postgresName }.ConnectionString;
        }

        try
        {
            await using var server = await ServerProcess.StartAsync(options.GetValueOrDefault("app"), kind, connectionString, Console.Error);
            Guid surveyId;
            string code;
            await using (var db = LoadSurvey.Context(kind, connectionString))
            {
                (surveyId, code) = await LoadSurvey.PublishAsync(db, DateTime.UtcNow, CancellationToken.None);
            }

            var report = await new LoadRun(client, server.Address, code, settings, server).RunAsync(CancellationToken.None);
            report.Database = kind == DatabaseProviderKind.Sqlite ? "SQLite" : "PostgreSQL";
            await using (var db = LoadSurvey.Context(kind, connectionString))
            {
                report.Check = await CompletionCheck.VerifyAsync(db, surveyId, report.AllCompletions, CancellationToken.None);
            }

            return report;
        }
        finally
        {
            if (kind == DatabaseProviderKind.Sqlite)
            {
                SqliteConnection.ClearAllPools();
                if (!options.ContainsKey("keep"))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            else if (!options.ContainsKey("keep"))
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(postgresServer);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresName}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private static Dictionary<string, string?> ParseArguments(string[] args)
    {
        string[] flags = ["start-server", "json", "keep", "help", "counters"];
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument {args[i]}.");
            }

            var name = args[i][2..];
            if (flags.Contains(name))
            {
                options[name] = null;
            }
            else if (i + 1 < args.Length)
            {
                options[name] = args[++i];
            }
            else
            {
                throw new ArgumentException($"--{name} needs a value.");
            }
        }

        return options;
    }

    private static int Int(Dictionary<string, string?> options, string name, int fallback) =>
        options.GetValueOrDefault(name) is { } value ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    private static double Double(Dictionary<string, string?> options, string name, double fallback) =>
        options.GetValueOrDefault(name) is { } value ? double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    private static int Usage()
    {
        Console.Error.WriteLine("""
            Simulated respondents completing a published survey, measured beside a /health/live baseline.

              --start-server [--provider sqlite|postgresql] [--connection SERVER] [--app SurveyPlatform.Web.dll] [--keep]
                  starts the app on a fresh database (PostgreSQL: a new database on SERVER or TEST_POSTGRES),
                  publishes a 3-page, 15-question survey and reports the server's CPU and peak RSS too
              --url http://host:port --code PUBLICCODE [--provider sqlite|postgresql --connection CS]
                  a running instance; with --connection (the app's own database) completions are checked
            Load:
              --concurrency 16   respondents at once       --duration 30   seconds measured
              --completions N    stop after N (measured)   --warmup 5      seconds before measuring
              --baseline 5       seconds of /health/live   --seed 20261205
              --json             the report as JSON
              --counters         with --start-server and --duration: the server's runtime counters over the
                                 measured phase (CPU, allocations, GC, thread pool, JIT), read with dotnet-counters
            Exit code 0 when no request failed and every acknowledged completion is in the database once, as sent.
            """);
        return 2;
    }
}
