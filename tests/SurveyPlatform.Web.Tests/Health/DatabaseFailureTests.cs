using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SurveyPlatform.Web.Health;

namespace SurveyPlatform.Web.Tests.Health;

/// <summary>
/// Which failures the respondent sees as "try again in a moment" (503) rather than "something went wrong" (500):
/// every way a database that is stopping, restarting or unreachable shows itself, however EF Core wraps it,
/// and none of the failures that are faults in the request or the code.
/// </summary>
public sealed class DatabaseFailureTests
{
    public static TheoryData<string, Exception> Unavailable() => new()
    {
        { "server shutting down (57P01)", Postgres("57P01", "terminating connection due to administrator command") },
        { "server starting or stopping (57P03)", Postgres("57P03", "the database system is shutting down") },
        { "crash shutdown (57P02)", Postgres("57P02", "terminating connection because of crash of another server process") },
        { "connection failure (08006)", Postgres("08006", "connection failure") },
        { "too many connections (53300)", Postgres("53300", "sorry, too many clients already") },
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException(111)) },
        { "stream ended", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "protocol out of turn as the server went away", new NpgsqlException("Received unexpected backend message ErrorResponse") },
        { "a bare timeout", new TimeoutException("Timeout during reading attempt") },
        { "SQLite busy", new SqliteException("database is locked", 5) },
        { "SQLite locked", new SqliteException("database table is locked", 6) },
        { "EF Core's transient wrapper around a save", Wrapped(new DbUpdateException("An error occurred while saving the entity changes.", Postgres("57P01", "terminating connection due to administrator command"))) },
        { "EF Core's transient wrapper around a refused connect", Wrapped(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException(111))) },
    };

    public static TheoryData<string, Exception> NotUnavailable() => new()
    {
        { "unique violation (23505)", Postgres("23505", "duplicate key value violates unique constraint") },
        { "syntax error (42601)", Postgres("42601", "syntax error at or near") },
        { "statement cancelled (57014)", Postgres("57014", "canceling statement due to statement timeout") },
        { "a save that broke a constraint", new DbUpdateException("An error occurred while saving the entity changes.", Postgres("23503", "insert or update violates foreign key constraint")) },
        { "SQLite constraint", new SqliteException("UNIQUE constraint failed", 19) },
        { "a fault in the code", new InvalidOperationException("Sequence contains no elements") },
        { "a cancelled request", new OperationCanceledException() },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void TheDatabaseBeingAway_IsTransient(string failure, Exception exception)
    {
        Assert.True(DatabaseFailure.IsTransient(exception), failure);
        Assert.DoesNotContain("Password", DatabaseFailure.Describe(exception), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(NotUnavailable))]
    public void AFaultInTheRequestOrTheCode_IsNot(string failure, Exception exception) =>
        Assert.False(DatabaseFailure.IsTransient(exception), failure);

    private static PostgresException Postgres(string sqlState, string message) => new(message, "FATAL", "FATAL", sqlState);

    private static InvalidOperationException Wrapped(Exception inner) => new("An exception has been raised that is likely due to a transient failure.", inner);
}
