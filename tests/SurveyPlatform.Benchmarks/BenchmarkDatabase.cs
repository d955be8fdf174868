using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Scoring.Statistics;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Benchmarks;

/// <summary>What seeding made: the survey, its size on disk and how long it took (not part of any figure).</summary>
internal sealed record SeedReport(Guid SurveyId, int Responses, long Answers, TimeSpan Elapsed);

/// <summary>
/// A fresh database for one benchmark: a SQLite file in a new temp folder, or a new database on a
/// PostgreSQL server. It is migrated with the app's own migrations (as `SurveyPlatform.Web migrate`
/// does, WAL on SQLite) and seeded with a published, closed flagship survey, its scoring model and
/// generated responses, inserted in bulk (prepared INSERTs on SQLite, binary COPY on PostgreSQL).
/// </summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _keptFile;
    private readonly string? _server;
    private readonly string? _postgresName;
    // A kept PostgreSQL database: whether it existed before this run (null: not kept, dropped at the end).
    private readonly bool? _keptPostgresExisted;

    private BenchmarkDatabase(DatabaseProviderKind kind, string connectionString, string? folder, string? server, string? postgresName, string? keptFile = null, bool? keptPostgresExisted = null)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _folder = folder;
        _keptFile = keptFile;
        _server = server;
        _postgresName = postgresName;
        _keptPostgresExisted = keptPostgresExisted;
    }

    public DatabaseProviderKind Kind { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// For seeding and tidying between runs (not for the measured phases, which use <see cref="ConnectionString"/> as the
    /// app would): no command timeout, since a COPY of millions of answer rows outlasts the default 30 s.
    /// </summary>
    private string SetupConnectionString => Kind == DatabaseProviderKind.PostgreSql
        ? new NpgsqlConnectionStringBuilder(ConnectionString) { CommandTimeout = 0 }.ConnectionString
        : ConnectionString;

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? File => _keptFile ?? (_folder is null ? null : Path.Combine(_folder, "bench.db"));

    /// <summary>What the kept database is called: the SQLite file or the PostgreSQL database name.</summary>
    public string Name => File ?? _postgresName ?? "";

    /// <param name="keep">A database that outlives the run (seeded when new, reused as it is when it exists), so a large
    /// database is seeded once for several runs: on SQLite a file, on PostgreSQL a database name on the server.</param>
    public static async Task<BenchmarkDatabase> CreateAsync(DatabaseProviderKind kind, string? connection, string? keep = null)
    {
        if (kind == DatabaseProviderKind.Sqlite && keep is not null)
        {
            var file = Path.GetFullPath(keep);
            return new BenchmarkDatabase(kind, $"Data Source={file}", null, null, null, file);
        }

        if (kind == DatabaseProviderKind.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "sp-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return new BenchmarkDatabase(kind, $"Data Source={Path.Combine(folder, "bench.db")}", folder, null, null);
        }

        var server = connection ?? Environment.GetEnvironmentVariable("TEST_POSTGRES")
            ?? throw new InvalidOperationException("PostgreSQL needs --connection or TEST_POSTGRES (a server connection string; a new database is created on it).");
        var name = keep ?? $"sp_bench_{Guid.NewGuid():N}";
        var existed = false;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            if (keep is not null)
            {
                await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
                exists.Parameters.AddWithValue("name", keep);
                existed = (long)(await exists.ExecuteScalarAsync())! > 0;
            }

            if (!existed)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", admin);
                await create.ExecuteNonQueryAsync();
            }
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new BenchmarkDatabase(kind, builder.ConnectionString, null, server, name, keptPostgresExisted: keep is null ? null : existed);
    }

    public async Task MigrateAsync()
    {
        using var host = BenchmarkHost.Build(Kind, SetupConnectionString);
        await host.Services.MigrateDatabaseAsync();
    }

    /// <summary>
    /// The flagship survey with <paramref name="responses"/> generated responses. The same seed gives
    /// the same response ids and answers, so two databases seeded alike score identically.
    /// </summary>
    public async Task<SeedReport> SeedAsync(int responses, ulong seed)
    {
        var clock = Stopwatch.StartNew();
        using var host = BenchmarkHost.Build(Kind, SetupConnectionString);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        var owner = new AppUser { UserName = "bench@example.org", NormalizedUserName = "BENCH@EXAMPLE.ORG", Email = "bench@example.org", NormalizedEmail = "BENCH@EXAMPLE.ORG" };
        db.Users.Add(owner);
        var template = HealthcareAiAdoption.Template;
        var survey = Survey.CreateFrom(owner.Id, template.Title, template.Description, template.Definition, now.AddDays(-30));
        var problems = survey.Publish(now.AddDays(-30), SurveyLifecycle.NewPublicCode());
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The flagship template does not publish: " + string.Join("; ", problems));
        }

        survey.Close(now.AddDays(-1), CloseReason.Manual);
        db.Surveys.Add(survey);
        var model = FlagshipScoringModel.Create();
        db.ScoringModels.Add(new SurveyScoringModel(survey.Id, 1, model.ToJson(), model.ComputeHash(), "benchmark", now));
        await db.SaveChangesAsync();

        var version = survey.Versions.Single();
        var submitted = now.AddDays(-2);
        long answers = 0;
        await db.Database.OpenConnectionAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var connection = db.Database.GetDbConnection();
            if (connection is NpgsqlConnection postgres)
            {
                answers = await CopyAsync(postgres, survey.Id, version.Number, version.Definition, submitted, responses, seed);
            }
            else
            {
                answers = Insert(db, transaction.GetDbTransaction(), survey.Id, version.Number, version.Definition, submitted, responses, seed);
            }

            await transaction.CommitAsync();
        }

        if (Kind == DatabaseProviderKind.Sqlite)
        {
            // The one big transaction went to the WAL; fold it into the database so every measurement reads the same file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;");
        }

        return new SeedReport(survey.Id, responses, answers, clock.Elapsed);
    }

    /// <summary>The seeded survey of a kept file (see <see cref="CreateAsync"/>), or null when the file is new.</summary>
    public async Task<SeedReport?> ExistingAsync()
    {
        if (_keptPostgresExisted is { } existed ? !existed : _keptFile is null || !System.IO.File.Exists(_keptFile))
        {
            return null;
        }

        using var host = BenchmarkHost.Build(Kind, SetupConnectionString);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var survey = await db.Surveys.SingleAsync();
        var responses = await db.Responses.CountAsync(r => r.SurveyId == survey.Id);
        return new SeedReport(survey.Id, responses, await db.Answers.LongCountAsync(), TimeSpan.Zero);
    }

    /// <summary>Removes every scoring run of the survey (and so its results and respondent rows) and tidies the file, so each job run starts alike.</summary>
    public async Task ResetRunsAsync(Guid surveyId)
    {
        using var host = BenchmarkHost.Build(Kind, SetupConnectionString);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var runs = db.ScoringRuns.Where(r => r.SurveyId == surveyId).Select(r => r.Id);
        await db.RespondentScores.Where(s => runs.Contains(s.RunId)).ExecuteDeleteAsync();
        await db.ScoringResults.Where(s => runs.Contains(s.RunId)).ExecuteDeleteAsync();
        await db.ScoringRuns.Where(r => r.SurveyId == surveyId).ExecuteDeleteAsync();
        await db.Database.ExecuteSqlRawAsync(Kind == DatabaseProviderKind.Sqlite ? "PRAGMA wal_checkpoint(TRUNCATE);" : "VACUUM ANALYZE;");
    }

    public long SizeBytes()
    {
        if (File is { } file)
        {
            return new FileInfo(file).Length;
        }

        using var connection = new NpgsqlConnection(SetupConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        if (_postgresName is not null && _keptPostgresExisted is null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Response ids drawn from the seed (not Guid.NewGuid), so the scoring order and input hash are reproducible.</summary>
    private static Guid[] ResponseIds(int count, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed ^ 0x1D5_1D5_1D5UL);
        Span<byte> bytes = stackalloc byte[16];
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(bytes, random.NextUInt64());
            BitConverter.TryWriteBytes(bytes[8..], random.NextUInt64());
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 …
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // … RFC 4122 variant
            ids[i] = new Guid(bytes);
        }

        return ids;
    }

    private static long Insert(AppDbContext db, DbTransaction transaction, Guid surveyId, int version, SurveyDefinition definition, DateTime submitted, int count, ulong seed)
    {
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var connection = db.Database.GetDbConnection();
        using var response = connection.CreateCommand();
        response.Transaction = transaction;
        response.CommandText = "INSERT INTO \"Responses\" (\"Id\", \"SurveyId\", \"Version\", \"SubmittedAt\") VALUES (@id, @survey, @version, @submitted)";
        var responseId = Parameter(response, mappings, "id", Guid.Empty);
        Parameter(response, mappings, "survey", surveyId);
        Parameter(response, mappings, "version", version);
        Parameter(response, mappings, "submitted", submitted);
        response.Prepare();

        using var answer = connection.CreateCommand();
        answer.Transaction = transaction;
        answer.CommandText = "INSERT INTO \"Answers\" (\"ResponseId\", \"QuestionCode\", \"Value\") VALUES (@response, @code, @value)";
        var answerResponse = Parameter(answer, mappings, "response", Guid.Empty);
        var answerCode = Parameter(answer, mappings, "code", string.Empty);
        var answerValue = Parameter(answer, mappings, "value", string.Empty);
        answer.Prepare();

        var generator = new FlagshipResponseGenerator(definition, FlagshipProfile.Default(), seed);
        long answers = 0;
        foreach (var id in ResponseIds(count, seed))
        {
            responseId.Value = id;
            response.ExecuteNonQuery();
            answerResponse.Value = id;
            foreach (var (code, value) in generator.Next())
            {
                answerCode.Value = code;
                answerValue.Value = value;
                answer.ExecuteNonQuery();
                answers++;
            }
        }

        return answers;
    }

    // The parameter as EF binds a value of this CLR type on this provider (e.g. a Guid as upper-case TEXT on SQLite).
    private static DbParameter Parameter<T>(DbCommand command, IRelationalTypeMappingSource mappings, string name, T value)
    {
        var mapping = mappings.FindMapping(typeof(T)) ?? throw new InvalidOperationException($"No mapping for {typeof(T)}.");
        var parameter = mapping.CreateParameter(command, name, value);
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task<long> CopyAsync(NpgsqlConnection connection, Guid surveyId, int version, SurveyDefinition definition, DateTime submitted, int count, ulong seed)
    {
        var ids = ResponseIds(count, seed);
        await using (var writer = await connection.BeginBinaryImportAsync("COPY \"Responses\" (\"Id\", \"SurveyId\", \"Version\", \"SubmittedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var id in ids)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlTypes.NpgsqlDbType.Uuid);
                await writer.WriteAsync(surveyId, NpgsqlTypes.NpgsqlDbType.Uuid);
                await writer.WriteAsync(version, NpgsqlTypes.NpgsqlDbType.Integer);
                await writer.WriteAsync(submitted, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        var generator = new FlagshipResponseGenerator(definition, FlagshipProfile.Default(), seed);
        long answers = 0;
        await using (var writer = await connection.BeginBinaryImportAsync("COPY \"Answers\" (\"ResponseId\", \"QuestionCode\", \"Value\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var id in ids)
            {
                foreach (var (code, value) in generator.Next())
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(id, NpgsqlTypes.NpgsqlDbType.Uuid);
                    await writer.WriteAsync(code, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await writer.WriteAsync(value, NpgsqlTypes.NpgsqlDbType.Varchar);
                    answers++;
                }
            }

            await writer.CompleteAsync();
        }

        return answers;
    }
}
