using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;
using SurveyPlatform.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SurveyPlatform.Web.Tests.Scoring;

/// <summary>
/// Kill the app (a real process, stopped hard) while it scores a large flagship survey, start it
/// again on the same database, and let the job be recovered (the start-up reconciliation queues the
/// survey's pending run again on Hangfire): the same run finishes, once, with
/// every respondent's row and the results document, and no partial or second run is left behind.
/// </summary>
public sealed partial class ScoringCrashTests(ITestOutputHelper output)
{
    private const int Responses = 4000;
    private const int Batch = 1000;
    private const int KillAfterRows = 2500;

    // The job logs its progress through the respondent rows, and pauses once KillAfterRows are written into
    // the run's open transaction (FaultInjection.ScoringPauseAfterRows), so the kill lands mid-write, never after the commit.
    private static readonly Dictionary<string, string> PauseMidWrite = new()
    {
        ["Logging:LogLevel:SurveyPlatform.Web.Scoring"] = "Debug",
        [FaultInjection.Key(nameof(FaultInjection.ScoringPauseAfterRows))] = KillAfterRows.ToString(CultureInfo.InvariantCulture),
        [AppProcess.StaleLockSetting] = StaleLockSeconds,
    };

    /// <summary>The killed app's survey lock is taken over after 10 s instead of the default 60 (30 on SQLite): the wait is the same code, shorter.</summary>
    private const string StaleLockSeconds = "10";

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task KilledWhileScoring_AndRestarted_TheSameRunSucceedsOnce_WithNoPartialResults(DatabaseProviderKind provider)
    {
        var clock = Stopwatch.StartNew();
        await using var database = await TestDatabase.CreateAsync(provider);
        Guid id;
        Guid runId;
        await using (var arrange = new AppFactory(database))
        {
            using var owner = await arrange.SignedInAsync();
            id = await SeedAsync(database);
            Log(clock, $"seeded {Responses} responses");

            // Due in a few seconds, so this in-process app has stopped before the survey closes.
            var closeAt = DateTime.UtcNow.AddSeconds(5);
            var details = await owner.GetAsync($"/surveys/{id}");
            var saved = await owner.SubmitAsync(details, SurveyPages.ScheduleForm, new Dictionary<string, string[]>
            {
                ["CloseAt"] = [closeAt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)],
            });
            Assert.True("Close time saved." == saved.Text(".notice"), $"The close time was not saved ({saved.Status}): {saved.Text("main")}");
        }

        // The first app scores and is killed while it pauses with 2500 of the 4000 rows written (bulk, into the
        // run's open transaction): well before the last row and the commit.
        var inserted = 0;
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = AppProcess.Start(database, PauseMidWrite, line =>
        {
            if (RowsWritten().Match(line) is { Success: true } match)
            {
                var rows = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                Volatile.Write(ref inserted, rows);
                if (rows >= KillAfterRows)
                {
                    writing.TrySetResult();
                }
            }
        });
        try
        {
            await AppProcess.WaitAsync(
                async () => writing.Task.IsCompleted || await database.LatestRunAsync(id) is { Status: ScoringRunStatus.Running },
                TimeSpan.FromSeconds(60), "the scoring run to start", first);
            Log(clock, "run is Running");
            var ended = await Task.WhenAny(writing.Task, first.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
            Assert.True(ended == writing.Task, "The first app did not start writing respondent rows: it exited, or 90 s passed.");
            await AppProcess.KillAsync(first);
            Log(clock, $"killed while writing the respondent rows ({Volatile.Read(ref inserted)} inserted by then)");
        }
        finally
        {
            if (!first.HasExited)
            {
                await AppProcess.KillAsync(first);
            }

            first.Dispose();
        }

        // What the killed attempt left: the run, still Running, and nothing of its results.
        await using (var db = database.Context())
        {
            var killed = await db.ScoringRuns.AsNoTracking().SingleAsync(r => r.SurveyId == id);
            runId = killed.Id;
            Assert.Equal(ScoringRunStatus.Running, killed.Status);
            Assert.Equal(1, killed.Attempts);
            Assert.NotNull(killed.ModelHash);
            Assert.Equal(0, await db.RespondentScores.CountAsync(s => s.RunId == runId));
            Assert.Equal(0, await db.ScoringResults.CountAsync(s => s.RunId == runId));
        }

        var second = AppProcess.Start(database, new Dictionary<string, string> { [AppProcess.StaleLockSetting] = StaleLockSeconds }, line => Log(clock, "restarted app: " + line));
        try
        {
            await AppProcess.WaitAsync(async () => await database.LatestRunAsync(id) is { Status: ScoringRunStatus.Succeeded }, TimeSpan.FromMinutes(3), "the recovered run to succeed", second);
            Log(clock, "run Succeeded after the restart");
            await AppProcess.WaitAsync(async () => !await ScoringJobHasTriggersAsync(database, id), TimeSpan.FromSeconds(30), "the scoring job to have no trigger left", second);
            await Task.Delay(1500); // A second execution of the job would have queued a run by now.
        }
        finally
        {
            if (!second.HasExited)
            {
                await AppProcess.KillAsync(second);
            }

            second.Dispose();
        }

        await using (var db = database.Context())
        {
            var run = Assert.Single(await db.ScoringRuns.AsNoTracking().Where(r => r.SurveyId == id).ToListAsync());
            Assert.Equal(runId, run.Id);
            Assert.Equal(ScoringRunStatus.Succeeded, run.Status);
            Assert.Equal(2, run.Attempts); // the killed attempt and the recovered one
            Assert.Null(run.Error);
            Assert.Equal(Responses, run.N);
            Assert.Equal(FlagshipScoringModel.Create().ComputeHash(), run.ModelHash);
            Assert.Equal(Responses, await db.RespondentScores.CountAsync(s => s.RunId == runId));
            Assert.Equal(Responses, await db.RespondentScores.Select(s => s.ResponseId).Distinct().CountAsync());
            Assert.Equal(1, await db.ScoringResults.CountAsync(s => s.RunId == runId));
            Assert.Equal(0, await db.RespondentScores.CountAsync(s => s.RunId != runId));
            Assert.Equal(0, await db.ScoringResults.CountAsync(s => s.RunId != runId));
            var results = ScoringResults.FromJson(await db.ScoringResults.Where(s => s.RunId == runId).Select(s => s.Json).SingleAsync());
            Assert.Equal(Responses, results.Responses);
            Assert.Equal(run.InputHash, results.InputHash);
        }

        Log(clock, "done");
    }

    /// <summary>The flagship survey, published, with its scoring model and <paramref name="responses"/> generated responses (a multiple of 1,000), written in batches.</summary>
    internal static async Task<Guid> SeedAsync(TestDatabase database, int responses = Responses)
    {
        await using var db = database.Context();
        var now = DateTime.UtcNow;
        var ownerId = await db.Users.Where(u => u.Email == AppFactory.AdminEmail).Select(u => u.Id).SingleAsync();
        var definition = HealthcareAiAdoption.Template.Definition;
        var survey = Survey.CreateFrom(ownerId, "Crash while scoring", null, definition, now);
        Assert.Empty(survey.Publish(now, SurveyLifecycle.NewPublicCode()));
        db.Surveys.Add(survey);
        var model = FlagshipScoringModel.Create();
        db.ScoringModels.Add(new SurveyScoringModel(survey.Id, 1, model.ToJson(), model.ComputeHash(), "test", now));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var generator = new FlagshipResponseGenerator(definition, FlagshipProfile.Default(), 20260401);
        for (var done = 0; done < responses; done += Batch)
        {
            var batch = Enumerable.Range(0, Batch).Select(_ => SurveyResponse.Submit(Guid.NewGuid(), survey, generator.Next(), now)).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await InsertAsync(db, "Responses", ["Id", "SurveyId", "Version", "SubmittedAt"], batch.Select(r => new object[] { r.Id, r.SurveyId, r.Version, r.SubmittedAt }));
            await InsertAsync(db, "Answers", ["ResponseId", "QuestionCode", "Value"], batch.SelectMany(r => r.Answers).Select(a => new object[] { a.ResponseId, a.QuestionCode, a.Value }));
            await transaction.CommitAsync();
        }

        return survey.Id;
    }

    /// <summary>
    /// Inserts the rows with plain commands (EF Core would take minutes for the answers of this many
    /// responses), each value bound through the provider's type mapping, so it is stored as the app
    /// stores it. SQLite looks named parameters up one by one, so it gets one row per statement,
    /// prepared once and run per row; PostgreSQL gets many rows per statement, one round trip each.
    /// </summary>
    private static async Task InsertAsync(AppDbContext db, string table, string[] columns, IEnumerable<object[]> rows)
    {
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var perStatement = db.Database.IsSqlite() ? 1 : 500;
        DbCommand? command = null;
        try
        {
            foreach (var chunk in rows.Chunk(perStatement))
            {
                if (command is null || command.Parameters.Count != chunk.Length * columns.Length)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = db.Database.GetDbConnection().CreateCommand();
                    command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                    command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES " +
                        string.Join(", ", Enumerable.Range(0, chunk.Length).Select(i => $"({string.Join(", ", Enumerable.Range(0, columns.Length).Select(j => "@" + Name(i, j)))})"));
                }

                command.Parameters.Clear();
                for (var i = 0; i < chunk.Length; i++)
                {
                    for (var j = 0; j < columns.Length; j++)
                    {
                        var value = chunk[i][j];
                        var mapping = mappings.FindMapping(value.GetType()) ?? throw new InvalidOperationException($"No mapping for {value.GetType()}.");
                        command.Parameters.Add(mapping.CreateParameter(command, Name(i, j), value));
                    }
                }

                await command.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }

        static string Name(int row, int column) => string.Create(CultureInfo.InvariantCulture, $"p{row}_{column}");
    }

    /// <summary>Whether the job store still holds a scoring job for the survey that waits to run (queued, or scheduled for a retry).</summary>
    private static Task<bool> ScoringJobHasTriggersAsync(TestDatabase database, Guid surveyId) =>
        Task.FromResult(JobStore.Waiting<ScoreSurveyJob>(JobStore.Open(database), surveyId) > 0);

    private void Log(Stopwatch clock, string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");

    [GeneratedRegex(@"(\d+) respondent rows written, not committed yet")]
    private static partial Regex RowsWritten();
}
