using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Scoring;

/// <summary>One response as the engine reads it: id, version and answers (answer key → stored value).</summary>
public sealed record StreamedResponse(Guid Id, int Version, IReadOnlyDictionary<string, string> Answers);

/// <summary>
/// Reads a survey's responses with their answers as a stream, ordered by response id, in one query
/// over the answers (a plain data reader: no entity tracking, one response in memory at a time).
/// Response ids order the same on SQLite (upper-case text) and PostgreSQL (uuid bytes), so both
/// databases give the same order and the same input hash.
/// </summary>
public static class ResponseReader
{
    public const string Sql =
        "SELECT r.\"Id\", r.\"Version\", a.\"QuestionCode\", a.\"Value\" FROM \"Responses\" r " +
        "LEFT JOIN \"Answers\" a ON a.\"ResponseId\" = r.\"Id\" WHERE r.\"SurveyId\" = @survey ORDER BY r.\"Id\"";

    public static async IAsyncEnumerable<StreamedResponse> ReadAsync(AppDbContext db, Guid surveyId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var command = await CommandAsync(db, surveyId, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Guid? current = null;
        var version = 0;
        var answers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (current != id)
            {
                if (current is { } done)
                {
                    yield return new StreamedResponse(done, version, answers);
                    answers = new Dictionary<string, string>(answers.Count, StringComparer.OrdinalIgnoreCase); // responses are alike: no regrowing
                }

                current = id;
                version = reader.GetInt32(1);
            }

            if (!reader.IsDBNull(2))
            {
                answers[reader.GetString(2)] = reader.GetString(3);
            }
        }

        if (current is { } last)
        {
            yield return new StreamedResponse(last, version, answers);
        }
    }

    /// <summary>The query as a command on the context's connection, its survey id bound the way the provider stores a Guid.</summary>
    public static async Task<DbCommand> CommandAsync(AppDbContext db, Guid surveyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var mapping = db.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(Guid))
            ?? throw new InvalidOperationException("The database provider has no mapping for Guid.");
        command.Parameters.Add(mapping.CreateParameter(command, "survey", surveyId));
        return command;
    }
}
