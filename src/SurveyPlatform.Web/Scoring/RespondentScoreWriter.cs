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

    // The table's columns in the order written; the entity's property names are its column names.
    private static readonly string[] Columns =
    [
        nameof(StoredRespondentScore.RunId),
        nameof(StoredRespondentScore.ResponseId),
        nameof(StoredRespondentScore.Overall),
        nameof(StoredRespondentScore.Maturity),
        nameof(StoredRespondentScore.Segment),
        nameof(StoredRespondentScore.Dimensions),
        nameof(StoredRespondentScore.PercentileInSegment),
        nameof(StoredRespondentScore.PercentileOverall),
        nameof(StoredRespondentScore.MaturityStability),
        nameof(StoredRespondentScore.Weight),
        nameof(StoredRespondentScore.DimensionPercentilesInSegment),
        nameof(StoredRespondentScore.DimensionPercentilesOverall),
    ];

    private static readonly Type[] Types =
    [
        typeof(Guid), typeof(Guid), typeof(double), typeof(string), typeof(string), typeof(string),
        typeof(double), typeof(double), typeof(double), typeof(double), typeof(string), typeof(string),
    ];

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

        var connection = db.Database.GetDbConnection();
        return connection is NpgsqlConnection npgsql
            ? await CopyAsync(npgsql, runId, respondents, progress, cancellationToken)
            : await InsertAsync(db, connection, runId, respondents, progress, cancellationToken);
    }

    private static object?[] Values(StoredRespondentScore row) =>
    [
        row.RunId, row.ResponseId, row.Overall, row.Maturity, row.Segment, row.Dimensions,
        row.PercentileInSegment, row.PercentileOverall, row.MaturityStability, row.Weight,
        row.DimensionPercentilesInSegment, row.DimensionPercentilesOverall,
    ];

    private static async Task<int> CopyAsync(NpgsqlConnection connection, Guid runId, IEnumerable<RespondentResult> respondents, Func<int, CancellationToken, Task> progress, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", Columns.Select(c => $"\"{c}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{Table}\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var written = 0;
        foreach (var respondent in respondents)
        {
            // Typed writes in the order of Columns: no boxing, no converter lookup by value.
            var row = new StoredRespondentScore(runId, respondent);
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.RunId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(row.ResponseId, NpgsqlDbType.Uuid, cancellationToken);
            await WriteAsync(importer, row.Overall, cancellationToken);
            await WriteAsync(importer, row.Maturity, cancellationToken);
            await WriteAsync(importer, row.Segment, cancellationToken);
            await WriteAsync(importer, row.Dimensions, cancellationToken);
            await WriteAsync(importer, row.PercentileInSegment, cancellationToken);
            await WriteAsync(importer, row.PercentileOverall, cancellationToken);
            await WriteAsync(importer, row.MaturityStability, cancellationToken);
            await WriteAsync(importer, row.Weight, cancellationToken);
            await WriteAsync(importer, row.DimensionPercentilesInSegment, cancellationToken);
            await WriteAsync(importer, row.DimensionPercentilesOverall, cancellationToken);
            if (++written % ProgressEvery == 0)
            {
                await progress(written, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
        return written;
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, double? value, CancellationToken cancellationToken) =>
        value is { } v ? importer.WriteAsync(v, NpgsqlDbType.Double, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is not null ? importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static async Task<int> InsertAsync(AppDbContext db, DbConnection connection, Guid runId, IEnumerable<RespondentResult> respondents, Func<int, CancellationToken, Task> progress, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO \"{Table}\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
            $"VALUES ({string.Join(", ", Columns.Select((_, i) => $"@p{i}"))})";

        // Each parameter made by the provider's own mapping for its CLR type, so a Guid is stored as EF stores it.
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var parameters = new DbParameter[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            var mapping = mappings.FindMapping(Types[c]) ?? throw new InvalidOperationException($"The database provider has no mapping for {Types[c].Name}.");
            parameters[c] = mapping.CreateParameter(command, $"p{c}", null, nullable: true);
            command.Parameters.Add(parameters[c]);
        }

        await command.PrepareAsync(cancellationToken);
        var written = 0;
        foreach (var respondent in respondents)
        {
            var values = Values(new StoredRespondentScore(runId, respondent));
            for (var c = 0; c < values.Length; c++)
            {
                parameters[c].Value = values[c] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
            if (++written % ProgressEvery == 0)
            {
                await progress(written, cancellationToken);
            }
        }

        return written;
    }
}
