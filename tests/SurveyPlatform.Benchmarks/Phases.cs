using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;

namespace SurveyPlatform.Benchmarks;

/// <summary>One measured phase in one process: wall time, memory, and a check value that proves the work was done.</summary>
internal sealed record PhaseResult(
    string Phase,
    double Seconds,
    long ManagedBaselineBytes,
    long ManagedPeakBytes,
    long HeapAfterGcPeakBytes,
    long PeakWorkingSetBytes,
    long AllocatedBytes,
    int Gen2Collections,
    string Check,
    IReadOnlyList<PhaseTiming>? Breakdown = null,
    long IdleWorkingSetBytes = 0);

internal sealed record PhaseTiming(string Name, double Seconds);

/// <summary>
/// The measured phases. Each runs in its own process (see <see cref="Program"/>): the host is built
/// and EF's model, the connection pool and the provider are warmed up with one small query, a full
/// GC settles the heap, and then only the phase is timed while a thread samples the managed heap
/// every 50 ms.
/// <list type="bullet">
/// <item><c>scan</c>: <see cref="ResponseReader.Sql"/> through a data reader, every column of every row read
/// with the reader's own getters (string lengths summed so nothing is optimised away).</item>
/// <item><c>engine</c>: <see cref="SurveyScoring.RunEngineAsync"/> over the stream, as the job calls it (model loaded and compiled before the clock starts).</item>
/// <item><c>job</c>: the real <see cref="SurveyScoring.ScoreAsync"/> from a DI scope: loads the survey and model, creates the run,
/// runs the engine and stores every respondent row and the results document in one transaction.</item>
/// <item><c>profile</c>: the engine path taken apart (read, hash, Add, and the steps of Finish) to see where the time goes; not a figure.</item>
/// </list>
/// </summary>
internal static class Phases
{
    public static readonly string[] Measured = ["scan", "engine", "job"];

    public static async Task<PhaseResult> RunAsync(string phase, DatabaseProviderKind kind, string connectionString, Guid surveyId)
    {
        using var host = BenchmarkHost.Build(kind, connectionString);
        await using (var warm = host.Services.CreateAsyncScope())
        {
            var db = warm.ServiceProvider.GetRequiredService<AppDbContext>();
            _ = await db.Surveys.AsNoTracking().CountAsync(s => s.Id == surveyId);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        Func<Task<(string Check, IReadOnlyList<PhaseTiming>? Breakdown)>> work = phase switch
        {
            "scan" => async () => (await ScanAsync(services.GetRequiredService<AppDbContext>(), surveyId), null),
            "engine" => await EngineAsync(services.GetRequiredService<AppDbContext>(), surveyId),
            "job" => async () =>
            {
                var clock = Stopwatch.StartNew();
                var check = await JobAsync(services.GetRequiredService<SurveyScoring>(), surveyId);
                var engine = JobTimings.EngineSeconds ?? double.NaN;
                var store = JobTimings.StoreSeconds ?? double.NaN;
                return (check, [
                    new PhaseTiming("engine (RunEngineAsync)", engine),
                    new PhaseTiming("store (respondent rows, results, run)", store),
                    new PhaseTiming("rest (load survey and model, start the run)", clock.Elapsed.TotalSeconds - engine - store),
                ]);
            },
            "profile" => await ProfileAsync(services.GetRequiredService<AppDbContext>(), surveyId),
            "export-wide" or "export-long" or "export-xlsx" or "export-spss" => async () => (await ExportAsync(phase, services, surveyId), null),
            _ => throw new ArgumentException($"Unknown phase \"{phase}\".", nameof(phase)),
        };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(false);
        long idle;
        using (var before = Process.GetCurrentProcess())
        {
            idle = before.WorkingSet64;
        }

        var allocated = GC.GetTotalAllocatedBytes(true);
        var gen2 = GC.CollectionCount(2);
        using var sampler = new HeapSampler();
        var clock = Stopwatch.StartNew();
        var (check, breakdown) = await work();
        clock.Stop();
        var (peak, afterGc) = sampler.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new PhaseResult(
            phase,
            clock.Elapsed.TotalSeconds,
            baseline,
            peak,
            afterGc,
            process.PeakWorkingSet64,
            GC.GetTotalAllocatedBytes(true) - allocated,
            GC.CollectionCount(2) - gen2,
            check,
            breakdown,
            idle);
    }

    /// <summary>
    /// One download as the Results page sends it (the same ResponseTable and writers), into a stream
    /// that only counts bytes: the wide CSV, the long CSV, the .xlsx workbook (Responses, Scores,
    /// JTBD index, Codebook), or the SPSS zip (CSV, syntax, codebook).
    /// </summary>
    private static async Task<string> ExportAsync(string phase, IServiceProvider services, Guid surveyId)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var table = services.GetRequiredService<SurveyPlatform.Web.Results.ResponseTable>();
        var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == surveyId);
        await using var output = new CountingStream();
        long rows;
        switch (phase)
        {
            case "export-spss":
                // The SPSS download: a zip of the wide CSV (flattened for the syntax), the .sps syntax and the codebook.
                await services.GetRequiredService<SurveyPlatform.Web.Results.AnalysisDownloads>().WritePackageAsync(
                    survey, SurveyPlatform.Web.Results.AnalysisPackage.Spss, output, CancellationToken.None);
                rows = await db.Responses.CountAsync(r => r.SurveyId == surveyId);
                break;
            case "export-xlsx":
                var counts = await SurveyPlatform.Web.Results.ResultsXlsx.WriteAsync(
                    [
                        () => table.ResponsesAsync(survey, new SurveyPlatform.Web.Results.ResponseTableOptions(), CancellationToken.None),
                        () => table.ScoresAsync(survey, SurveyPlatform.Domain.Exports.ExportLevel.Full, CancellationToken.None),
                        () => table.JtbdAsync(survey, CancellationToken.None),
                        () => table.CodebookAsync(survey, SurveyPlatform.Domain.Exports.ExportLevel.Full, CancellationToken.None),
                    ],
                    output,
                    CancellationToken.None);
                rows = counts.Sum();
                break;
            default:
                var layout = phase == "export-long" ? SurveyPlatform.Web.Results.ResponseLayout.RowPerAnswer : SurveyPlatform.Web.Results.ResponseLayout.RowPerResponse;
                rows = await SurveyPlatform.Web.Results.ResultsCsv.WriteAsync(
                    await table.ResponsesAsync(survey, new SurveyPlatform.Web.Results.ResponseTableOptions(layout), CancellationToken.None), output, false, CancellationToken.None);
                break;
        }

        return string.Create(CultureInfo.InvariantCulture, $"rows={rows} bytes={output.Length}");
    }

    /// <summary>A response body that keeps nothing: counts what was written (asynchronously, as Kestrel requires).</summary>
    internal sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous writes are not allowed (Kestrel refuses them).");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static async Task<string> ScanAsync(AppDbContext db, Guid surveyId)
    {
        await using var command = await ResponseReader.CommandAsync(db, surveyId, CancellationToken.None);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        long rows = 0;
        long characters = 0;
        long versions = 0;
        var ids = 0;
        while (await reader.ReadAsync(CancellationToken.None))
        {
            rows++;
            ids ^= reader.GetGuid(0).GetHashCode();
            versions += reader.GetInt32(1);
            if (!reader.IsDBNull(2))
            {
                characters += reader.GetString(2).Length + reader.GetString(3).Length;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"rows={rows} chars={characters} versions={versions} ids={ids:x8}");
    }

    private static async Task<(SurveyPlatform.Domain.Questionnaires.SurveyDefinition Definition, CompiledScoringModel? Compiled, int? Version, ScoringEngineOptions Options)> PrepareAsync(AppDbContext db, Guid surveyId)
    {
        var survey = await db.Surveys.AsNoTracking().Include(s => s.Versions).SingleAsync(s => s.Id == surveyId);
        var definition = survey.Versions.OrderByDescending(v => v.Number).First().Definition;
        var (model, version) = await ScoringModels.EffectiveAsync(db, surveyId, definition, CancellationToken.None);
        var compiled = model is null ? null : CompiledScoringModel.Compile(model, definition);
        return (definition, compiled, version, new ScoringEngineOptions { Seed = SurveyScoring.SeedFor(surveyId) });
    }

    private static async Task<Func<Task<(string, IReadOnlyList<PhaseTiming>?)>>> EngineAsync(AppDbContext db, Guid surveyId)
    {
        var (definition, compiled, version, options) = await PrepareAsync(db, surveyId);
        return async () =>
        {
            await using var spill = SurveyScoring.SpillFile();
            var outcome = await SurveyScoring.RunEngineAsync(db, surveyId, definition, compiled, version, options, CancellationToken.None, spill: spill);
            return (Check(outcome), null);
        };
    }

    private static async Task<string> JobAsync(SurveyScoring scoring, Guid surveyId)
    {
        var run = await scoring.ScoreAsync(surveyId, CancellationToken.None) ?? throw new InvalidOperationException("The job skipped the survey.");
        return string.Create(CultureInfo.InvariantCulture, $"status={run.Status} n={run.N} mean={run.Mean:R} input={run.InputHash}");
    }

    public static string Check(ScoringOutcome outcome) =>
        string.Create(CultureInfo.InvariantCulture, $"n={outcome.Results.Responses} mean={outcome.Results.Overall?.Mean:R} input={outcome.Results.InputHash}");

    private static async Task<Func<Task<(string, IReadOnlyList<PhaseTiming>?)>>> ProfileAsync(AppDbContext db, Guid surveyId)
    {
        var (definition, compiled, version, options) = await PrepareAsync(db, surveyId);
        return async () =>
        {
            var timings = new List<PhaseTiming>();
            var read = TimeSpan.Zero;
            var hashing = TimeSpan.Zero;
            var adding = TimeSpan.Zero;
            using var hash = new ScoringInputHash();
            await using var spill = SurveyScoring.SpillFile();
            var engine = new ScoringEngine(definition, compiled, options, string.Empty, version, spill);
            var clock = Stopwatch.StartNew();
            await foreach (var response in ResponseReader.ReadAsync(db, surveyId, CancellationToken.None))
            {
                var t0 = clock.Elapsed;
                hash.Add(response.Id, response.Version, response.Answers);
                var t1 = clock.Elapsed;
                engine.Add(response.Id, response.Answers);
                var t2 = clock.Elapsed;
                hashing += t1 - t0;
                adding += t2 - t1;
            }

            read = clock.Elapsed - hashing - adding;
            timings.Add(new PhaseTiming("read (ResponseReader.ReadAsync)", read.TotalSeconds));
            timings.Add(new PhaseTiming("input hash (ScoringInputHash.Add)", hashing.TotalSeconds));
            timings.Add(new PhaseTiming("engine Add", adding.TotalSeconds));
            var outcome = engine.Finish((name, elapsed) => timings.Add(new PhaseTiming("Finish: " + name, elapsed.TotalSeconds)));
            return (Check(outcome with { Results = outcome.Results with { InputHash = hash.Finish() } }), timings);
        };
    }

    /// <summary>
    /// Every 50 ms on its own thread: <see cref="GC.GetTotalMemory(bool)"/> (the managed heap now, garbage not yet
    /// collected included) and the heap size at the end of the last GC (<see cref="GCMemoryInfo.HeapSizeBytes"/>, nearer the
    /// live data); keeps the largest of each.
    /// </summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _stop = new();
        private long _peak;
        private long _afterGc;

        public HeapSampler()
        {
            _thread = new Thread(() =>
            {
                do
                {
                    Sample();
                }
                while (!_stop.Wait(50));
            })
            { IsBackground = true, Name = "heap sampler" };
            _thread.Start();
        }

        public (long Peak, long AfterGc) Stop()
        {
            _stop.Set();
            _thread.Join();
            Sample();
            return (_peak, _afterGc);
        }

        public void Dispose() => _stop.Dispose();

        // Called from the sampler thread, and once more after it has been joined.
        private void Sample()
        {
            _peak = Math.Max(_peak, GC.GetTotalMemory(false));
            _afterGc = Math.Max(_afterGc, GC.GetGCMemoryInfo().HeapSizeBytes);
        }
    }
}
