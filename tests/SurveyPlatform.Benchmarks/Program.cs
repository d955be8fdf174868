using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Benchmarks;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;

// Usage (docs/performance.md):
//   scoring --responses N [--provider sqlite|postgresql] [--connection CS] [--repeat 3] [--profile] [--keep FILE]
//   results --responses N --out FILE [--provider …] [--connection …]
//   store --responses N [--provider …] [--connection …] [--repeat 3]   (where the store's time goes)
//   export --responses N [--repeat 1]   (peak memory above idle and throughput of the CSV, .xlsx and SPSS downloads against `sqlite3 -csv`)
//   measure --phase scan|engine|job|profile|export-wide|export-long|export-xlsx|export-spss --provider … --connection … --survey ID   (internal: one measurement in this process)
var command = args.Length > 0 ? args[0] : "help";
var options = Options.Parse(args.Skip(1));
try
{
    return command switch
    {
        "scoring" => await ScoringAsync(options),
        "results" => await ResultsAsync(options),
        "store" => await StoreAsync(options),
        "measure" => await MeasureAsync(options),
        "export" => await ExportAsync(options),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("""
        Usage:
          dotnet run -c Release --project tests/SurveyPlatform.Benchmarks -- scoring --responses 100000 [--provider sqlite|postgresql] [--connection CS] [--repeat 3] [--profile] [--keep FILE]
          dotnet run -c Release --project tests/SurveyPlatform.Benchmarks -- results --responses 2000 --out results.json [--provider …] [--connection …]
          dotnet run -c Release --project tests/SurveyPlatform.Benchmarks -- store --responses 100000 [--provider …] [--connection …] [--repeat 3]
          dotnet run -c Release --project tests/SurveyPlatform.Benchmarks -- export --responses 100000 [--repeat 1]
        PostgreSQL: --connection (or TEST_POSTGRES) names a server; a fresh database is created on it and dropped afterwards.
        --keep FILE (SQLite) or --keep NAME (PostgreSQL: a database on the server): seed it when it is new and keep it; when it exists, score it as it is (no seeding).
        """);
    return 2;
}

// Seeds a fresh database, then runs every phase --repeat times, each in a new process, and prints the medians.
static async Task<int> ScoringAsync(Options options)
{
    var responses = options.Int("responses", 100_000);
    var repeat = options.Int("repeat", 3);
    var kind = options.Provider;
    Console.WriteLine($"# Scoring benchmark: {responses:N0} flagship responses on {kind}");
    Console.WriteLine(Machine());
    await using var database = await BenchmarkDatabase.CreateAsync(kind, options.Get("connection"), options.Get("keep"));
    var seed = await database.ExistingAsync();
    if (seed is not null)
    {
        Console.WriteLine($"Kept database {database.Name}: {seed.Responses:N0} responses, {seed.Answers:N0} answer rows, {database.SizeBytes() / 1048576.0:F0} MB (not seeded again).");
        await database.ResetRunsAsync(seed.SurveyId);
    }
    else
    {
        await database.MigrateAsync();
        seed = await database.SeedAsync(responses, 20261201);
        Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:F1} s (not measured): {seed.Responses:N0} responses, {seed.Answers:N0} answer rows, database {database.SizeBytes() / 1048576.0:F0} MB.");
    }

    // Rounds of scan, engine, job (then one profile), so a burst of other load on the machine hits every phase alike.
    var order = Enumerable.Range(1, repeat).SelectMany(round => Phases.Measured.Select(phase => (phase, round))).ToList();
    if (options.Has("profile"))
    {
        order.Add(("profile", 1));
    }

    var results = new Dictionary<string, List<PhaseResult>>();
    foreach (var (phase, round) in order)
    {
        if (phase == "job")
        {
            await database.ResetRunsAsync(seed.SurveyId);
        }

        var result = await ChildAsync(phase, kind, database.ConnectionString, seed.SurveyId);
        if (!results.TryGetValue(phase, out var list))
        {
            results[phase] = list = [];
        }

        list.Add(result);
        Console.WriteLine($"  {phase} #{round}: {result.Seconds:F2} s, managed peak {Mb(result.ManagedPeakBytes)} MB, heap after GC {Mb(result.HeapAfterGcPeakBytes)} MB, peak working set {Mb(result.PeakWorkingSetBytes)} MB, allocated {Mb(result.AllocatedBytes)} MB ({result.Check})");
    }

    var scan = Median(results["scan"], r => r.Seconds);
    Console.WriteLine();
    Console.WriteLine($"| Phase ({responses:N0} responses, {kind}) | Time, median of {repeat} (s) | Runs (s) | × scan | Managed heap peak (MB) | Heap after GC, max (MB) | Process peak working set (MB) | Allocated (MB) | Gen 2 GCs |");
    Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
    foreach (var phase in Phases.Measured)
    {
        var runs = results[phase];
        var time = Median(runs, r => r.Seconds);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {Describe(phase)} | {time:F2} | {string.Join(", ", runs.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} | {time / scan:F2} | {Mb((long)Median(runs, r => r.ManagedPeakBytes))} | {Mb((long)Median(runs, r => r.HeapAfterGcPeakBytes))} | {Mb((long)Median(runs, r => r.PeakWorkingSetBytes))} | {Mb((long)Median(runs, r => r.AllocatedBytes))} | {Median(runs, r => r.Gen2Collections):F0} |"));
    }

    if (results["job"].All(r => r.Breakdown is not null))
    {
        Console.WriteLine();
        Console.WriteLine($"| Job step ({responses:N0} responses, as `ScoreAsync` logs it) | Median (s) |");
        Console.WriteLine("|---|---:|");
        foreach (var name in results["job"][0].Breakdown!.Select(b => b.Name))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(results["job"], r => r.Breakdown!.Single(b => b.Name == name).Seconds):F2} |"));
        }
    }

    if (results.TryGetValue("profile", out var profile) && profile[0].Breakdown is { } breakdown)
    {
        Console.WriteLine();
        Console.WriteLine($"| Engine step ({responses:N0} responses, one run) | Time (s) |");
        Console.WriteLine("|---|---:|");
        foreach (var step in breakdown)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step.Name} | {step.Seconds:F2} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| total (with the profiler's own clock reads) | {profile[0].Seconds:F2} |"));
    }

    var job = Median(results["job"], r => r.Seconds);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Job / scan = {job / scan:F2} (goal: ≤ 3): {(job / scan <= 3 ? "met" : "not met")}."));
    return 0;
}

static string Describe(string phase) => phase switch
{
    "scan" => "(a) plain SQL scan (`ResponseReader.Sql`, every column read)",
    "engine" => "(b) engine over the stream (`RunEngineAsync`)",
    "job" => "(c) whole job (`ScoreAsync`: engine + store rows and results)",
    _ => phase,
};

// Seeds N flagship responses in SQLite and scores them (not measured), then runs each download in its own process
// and a plain `sqlite3 -csv` dump of the same answers, and prints the memory and throughput table.
static async Task<int> ExportAsync(Options options)
{
    var responses = options.Int("responses", 100_000);
    var repeat = options.Int("repeat", 1);
    Console.WriteLine($"# Export benchmark: {responses:N0} flagship responses on SQLite");
    Console.WriteLine(Machine());
    await using var database = await BenchmarkDatabase.CreateAsync(DatabaseProviderKind.Sqlite, null);
    await database.MigrateAsync();
    var seed = await database.SeedAsync(responses, 20261201);
    Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:F1} s (not measured): {seed.Responses:N0} responses, {seed.Answers:N0} answer rows, database {database.SizeBytes() / 1048576.0:F0} MB.");
    var job = await ChildAsync("job", DatabaseProviderKind.Sqlite, database.ConnectionString, seed.SurveyId);
    Console.WriteLine($"Scored in {job.Seconds:F1} s (not measured), so the exports carry scores.");

    var dumps = new List<(double Seconds, long Bytes)>();
    var exports = new Dictionary<string, List<PhaseResult>>();
    for (var round = 1; round <= repeat; round++)
    {
        dumps.Add(await SqliteDumpAsync(database.File!));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sqlite3 -csv #{round}: {dumps[^1].Seconds:F2} s, {Mb(dumps[^1].Bytes)} MB"));
        foreach (var phase in new[] { "export-wide", "export-long", "export-xlsx", "export-spss" })
        {
            var result = await ChildAsync(phase, DatabaseProviderKind.Sqlite, database.ConnectionString, seed.SurveyId);
            (exports.TryGetValue(phase, out var list) ? list : exports[phase] = []).Add(result);
            Console.WriteLine($"  {phase} #{round}: {result.Seconds:F2} s, idle working set {Mb(result.IdleWorkingSetBytes)} MB, peak working set {Mb(result.PeakWorkingSetBytes)} MB, managed peak {Mb(result.ManagedPeakBytes)} MB ({result.Check})");
        }
    }

    var dump = dumps.Select(d => d.Seconds).Order().ElementAt(dumps.Count / 2);
    Console.WriteLine();
    Console.WriteLine($"| Download ({responses:N0} responses, {seed.Answers:N0} answers) | Time (s) | × `sqlite3 -csv` | Answers/s | Output (MB) | Idle working set (MB) | Peak working set (MB) | Peak above idle (MB) | Managed heap peak (MB) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `sqlite3 -csv` dump of the answers (one row per answer) | {dump:F2} | 1.00 | {seed.Answers / dump:N0} | {Mb(dumps[0].Bytes)} | – | – | – | – |"));
    var worst = 0L;
    foreach (var (phase, runs) in exports)
    {
        var time = Median(runs, r => r.Seconds);
        var above = (long)Median(runs, r => r.PeakWorkingSetBytes - r.IdleWorkingSetBytes);
        worst = Math.Max(worst, runs.Max(r => r.PeakWorkingSetBytes - r.IdleWorkingSetBytes));
        var bytes = long.Parse(runs[0].Check.Split("bytes=")[1], CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {phase switch { "export-wide" => "wide CSV (with scores)", "export-long" => "long CSV", "export-spss" => "SPSS (.zip: wide CSV, .sps syntax, codebook)", _ => ".xlsx (Responses, Scores, JTBD index, Codebook)" }} | {time:F2} | {time / dump:F2} | {seed.Answers / time:N0} | {Mb(bytes)} | {Mb((long)Median(runs, r => r.IdleWorkingSetBytes))} | {Mb((long)Median(runs, r => r.PeakWorkingSetBytes))} | {Mb(above)} | {Mb((long)Median(runs, r => r.ManagedPeakBytes))} |"));
    }

    Console.WriteLine();
    Console.WriteLine($"Largest peak above idle: {Mb(worst)} MB (goal: < 300 MB): {(worst < 300L * 1024 * 1024 ? "met" : "not met")}.");
    return worst < 300L * 1024 * 1024 ? 0 : 1;
}

// The yardstick: the sqlite3 shell writing every answer with its response's id, time and version as CSV, read to the end.
static async Task<(double Seconds, long Bytes)> SqliteDumpAsync(string file)
{
    var start = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var arg in new[] { "-csv", "-header", file, "SELECT r.Id, r.SubmittedAt, r.Version, a.QuestionCode, a.Value FROM Responses r JOIN Answers a ON a.ResponseId = r.Id ORDER BY r.SubmittedAt, r.Id;" })
    {
        start.ArgumentList.Add(arg);
    }

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start) ?? throw new InvalidOperationException("sqlite3 did not start (apt-get install sqlite3).");
    await using var counter = new Phases.CountingStream();
    await process.StandardOutput.BaseStream.CopyToAsync(counter);
    await process.WaitForExitAsync();
    clock.Stop();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"sqlite3 failed with exit code {process.ExitCode}.");
    }

    return (clock.Elapsed.TotalSeconds, counter.Length);
}

// Writes the results document and every respondent row (full precision) of an engine run with a fixed seed, for before/after comparisons.
static async Task<int> ResultsAsync(Options options)
{
    var responses = options.Int("responses", 2000);
    var output = options.Get("out") ?? throw new ArgumentException("--out FILE is required.");
    await using var database = await BenchmarkDatabase.CreateAsync(options.Provider, options.Get("connection"));
    await database.MigrateAsync();
    var seed = await database.SeedAsync(responses, 20261201);
    using var host = BenchmarkHost.Build(database.Kind, database.ConnectionString);
    await using var scope = host.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var outcome = await EngineRunAsync(db, seed.SurveyId, new ScoringEngineOptions { Seed = 20261201 });
    // The stored document (numbers rounded to 6 decimals), then the same document unrounded, then every respondent row.
    var exact = new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    var text = new StringBuilder(outcome.Results.ToJson()).Append('\n')
        .Append(JsonSerializer.Serialize(outcome.Results, exact)).Append('\n');
    foreach (var r in outcome.Respondents)
    {
        text.Append(JsonSerializer.Serialize(r, exact)).Append('\n');
    }

    await File.WriteAllTextAsync(output, text.ToString());
    Console.WriteLine($"{Phases.Check(outcome)}; written to {output}");
    return 0;
}

// Splits the store's time: building the rows alone (engine view → StoredRespondentScore, no database), then the bulk
// write of the same rows into an open transaction that is rolled back (so every round writes the same rows).
static async Task<int> StoreAsync(Options options)
{
    var responses = options.Int("responses", 100_000);
    var repeat = options.Int("repeat", 3);
    await using var database = await BenchmarkDatabase.CreateAsync(options.Provider, options.Get("connection"));
    await database.MigrateAsync();
    var seed = await database.SeedAsync(responses, 20261201);
    using var host = BenchmarkHost.Build(database.Kind, database.ConnectionString);
    await using var scope = host.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var outcome = await EngineRunAsync(db, seed.SurveyId, new ScoringEngineOptions { Seed = 1, Resamples = 10, SensitivityDraws = 10 });
    var run = SurveyPlatform.Domain.Scoring.ScoringRun.Queue(seed.SurveyId, SurveyScoring.RescoreTrigger, DateTime.UtcNow);
    db.ScoringRuns.Add(run);
    await db.SaveChangesAsync();
    Console.WriteLine($"# Store: {responses:N0} respondent rows on {database.Kind}");
    for (var round = 1; round <= repeat; round++)
    {
        var clock = Stopwatch.StartNew();
        var length = 0L;
        foreach (var respondent in outcome.Respondents)
        {
            length += new SurveyPlatform.Domain.Scoring.StoredRespondentScore(run.Id, respondent).Dimensions.Length;
        }

        var build = clock.Elapsed;
        clock.Restart();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await RespondentScoreWriter.WriteAsync(db, run.Id, outcome.Respondents, (_, _) => Task.CompletedTask, CancellationToken.None);
            var write = clock.Elapsed;
            await transaction.RollbackAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: build rows {build.TotalSeconds:F2} s, bulk write (rows built again) {write.TotalSeconds:F2} s ({length} chars)"));
        }
    }

    return 0;
}

// One engine run over the seeded survey with its saved model, as the job runs it.
static async Task<ScoringOutcome> EngineRunAsync(AppDbContext db, Guid surveyId, ScoringEngineOptions engine)
{
    var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == surveyId);
    var definition = survey.Versions.Single().Definition;
    var (model, version) = await ScoringModels.EffectiveAsync(db, survey.Id, definition, CancellationToken.None);
    var compiled = CompiledScoringModel.Compile(model!, definition);
    return await SurveyScoring.RunEngineAsync(db, survey.Id, definition, compiled, version, engine, CancellationToken.None);
}

static async Task<int> MeasureAsync(Options options)
{
    var result = await Phases.RunAsync(
        options.Get("phase") ?? throw new ArgumentException("--phase is required."),
        options.Provider,
        options.Get("connection") ?? throw new ArgumentException("--connection is required."),
        Guid.Parse(options.Get("survey") ?? throw new ArgumentException("--survey is required.")));
    Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
    return 0;
}

// One measurement in a new process of this program, so no phase inherits another's heap, JIT or caches (the OS page cache stays warm).
static async Task<PhaseResult> ChildAsync(string phase, DatabaseProviderKind kind, string connectionString, Guid surveyId)
{
    var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(PhaseResult).Assembly.Location);
    }

    foreach (var arg in new[] { "measure", "--phase", phase, "--provider", kind.ToString(), "--connection", connectionString, "--survey", surveyId.ToString() })
    {
        start.ArgumentList.Add(arg);
    }

    using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the measurement process.");
    var output = await child.StandardOutput.ReadToEndAsync();
    await child.WaitForExitAsync();
    var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
    if (child.ExitCode != 0 || line is null)
    {
        throw new InvalidOperationException($"The {phase} measurement failed (exit {child.ExitCode}):\n{output}");
    }

    return JsonSerializer.Deserialize<PhaseResult>(line["RESULT ".Length..])!;
}

static double Median<T>(IReadOnlyList<PhaseResult> runs, Func<PhaseResult, T> value)
    where T : IConvertible
{
    var sorted = runs.Select(r => value(r).ToDouble(CultureInfo.InvariantCulture)).Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

static string Machine()
{
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    return $"Machine: {Environment.ProcessorCount} logical CPUs ({cpu ?? "unknown CPU"}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC: {System.Runtime.GCSettings.IsServerGC}.";
}

internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public DatabaseProviderKind Provider => Get("provider")?.ToLowerInvariant() switch
    {
        null or "sqlite" => DatabaseProviderKind.Sqlite,
        "postgresql" or "postgres" => DatabaseProviderKind.PostgreSql,
        var other => throw new ArgumentException($"--provider must be sqlite or postgresql, not \"{other}\"."),
    };

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                options._values[name] = null;
            }
            else if (name is not null)
            {
                options._values[name] = arg;
                name = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument \"{arg}\".");
            }
        }

        return options;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback) =>
        Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
