using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Engine;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Scoring;

/// <summary>
/// Writes a run's respondent rows in bulk, inside the caller's open transaction, one row at a time
/// from the engine's view (never n row objects at once): binary COPY on PostgreSQL, one prepared
/// INSERT reused for every row elsewhere (SQLite). Change tracking would cost seconds per 100,000 rows
/// and hold every entity until its batch is saved. The values are exactly those of
/// <see cref="StoredRespondentScore"/> (rounded as stored); a test reads them back through EF.
/// </summary>
public static class RespondentScoreWriter
{
    /// <summary>How many rows go between two progress calls.</summary>
    public const int ProgressEvery = 500;

    private const string Table = "RespondentScores";

    // The table's columns in the order written (the entity's property names are its column names), with the CLR type
    // whose provider mapping makes an INSERT parameter, the COPY type, and the value.
    private static readonly Column[] Columns =
    [
        new(nameof(StoredRespondentScore.RunId), typeof(Guid), NpgsqlDbType.Uuid, r => r.RunId),
        new(nameof(StoredRespondentScore.ResponseId), typeof(Guid), NpgsqlDbType.Uuid, r => r.ResponseId),
        new(nameof(StoredRespondentScore.Overall), typeof(double), NpgsqlDbType.Double, r => r.Overall),
        new(nameof(StoredRespondentScore.Maturity), typeof(string), NpgsqlDbType.Text, r => r.Maturity),
        new(nameof(StoredRespondentScore.Segment), typeof(string), NpgsqlDbType.Text, r => r.Segment),
        new(nameof(StoredRespondentScore.Dimensions), typeof(string), NpgsqlDbType.Text, r => r.Dimensions),
        new(nameof(StoredRespondentScore.PercentileInSegment), typeof(double), NpgsqlDbType.Double, r => r.PercentileInSegment),
        new(nameof(StoredRespondentScore.PercentileOverall), typeof(double), NpgsqlDbType.Double, r => r.PercentileOverall),
        new(nameof(StoredRespondentScore.MaturityStability), typeof(double), NpgsqlDbType.Double, r => r.MaturityStability),
        new(nameof(StoredRespondentScore.Weight), typeof(double), NpgsqlDbType.Double, r => r.Weight),
        new(nameof(StoredRespondentScore.DimensionPercentilesInSegment), typeof(string), NpgsqlDbType.Text, r => r.DimensionPercentilesInSegment),
        new(nameof(StoredRespondentScore.DimensionPercentilesOverall), typeof(string), NpgsqlDbType.Text, r => r.DimensionPercentilesOverall),
    ];

    private static readonly string ColumnList = string.Join(", ", Columns.Select(c => $"\"{c.Name}\""));

    /// <summary>Writes every row; the context must have a transaction open (the rows commit or vanish with it).</summary>
    /// <param name="progress">Called after every <see cref="ProgressEvery"/> rows with the count so far (logging, fault injection).</param>
    public static async Task<int> WriteAsync(
        AppDbContext db, Guid runId, IEnumerable<RespondentResult> respondents, Func<int, CancellationToken, Task> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(respondents);
        ArgumentNullException.ThrowIfNull(progress);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Respondent rows are written inside the run's transaction.");
        }

        await using var sink = db.Database.GetDbConnection() is NpgsqlConnection npgsql
            ? await CopySink.OpenAsync(npgsql, cancellationToken)
            : await InsertSink.OpenAsync(db, cancellationToken);
        var written = 0;
        foreach (var respondent in respondents)
        {
            await sink.WriteAsync(new StoredRespondentScore(runId, respondent), cancellationToken);
            if (++written % ProgressEvery == 0)
            {
                await progress(written, cancellationToken);
            }
        }

        await sink.CompleteAsync(cancellationToken);
        return written;
    }

    private sealed record Column(string Name, Type ClrType, NpgsqlDbType PostgresType, Func<StoredRespondentScore, object?> Value);

    private interface IRowSink : IAsyncDisposable
    {
        Task WriteAsync(StoredRespondentScore row, CancellationToken cancellationToken);

        Task CompleteAsync(CancellationToken cancellationToken);
    }

    // PostgreSQL: one binary COPY for all rows.
    private sealed class CopySink(NpgsqlBinaryImporter importer) : IRowSink
    {
        public static async Task<IRowSink> OpenAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
            new CopySink(await connection.BeginBinaryImportAsync($"COPY \"{Table}\" ({ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken));

        public async Task WriteAsync(StoredRespondentScore row, CancellationToken cancellationToken)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in Columns)
            {
                if (column.Value(row) is { } value)
                {
                    await importer.WriteAsync(value, column.PostgresType, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
        }

        public async Task CompleteAsync(CancellationToken cancellationToken) => await importer.CompleteAsync(cancellationToken);

        public ValueTask DisposeAsync() => importer.DisposeAsync();
    }

    // Other providers (SQLite): one prepared INSERT, its parameters set again for each row.
    private sealed class InsertSink(DbCommand command, DbParameter[] parameters) : IRowSink
    {
        public static async Task<IRowSink> OpenAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText = $"INSERT INTO \"{Table}\" ({ColumnList}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"@p{i}"))})";

            // Each parameter made by the provider's own mapping for its CLR type, so a Guid is stored as EF stores it.
            var mappings = db.GetService<IRelationalTypeMappingSource>();
            var parameters = new DbParameter[Columns.Length];
            for (var c = 0; c < Columns.Length; c++)
            {
                var mapping = mappings.FindMapping(Columns[c].ClrType)
                    ?? throw new InvalidOperationException($"The database provider has no mapping for {Columns[c].ClrType.Name}.");
                parameters[c] = mapping.CreateParameter(command, $"p{c}", null, nullable: true);
                command.Parameters.Add(parameters[c]);
            }

            await command.PrepareAsync(cancellationToken);
            return new InsertSink(command, parameters);
        }

        public async Task WriteAsync(StoredRespondentScore row, CancellationToken cancellationToken)
        {
            for (var c = 0; c < Columns.Length; c++)
            {
                parameters[c].Value = Columns[c].Value(row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
