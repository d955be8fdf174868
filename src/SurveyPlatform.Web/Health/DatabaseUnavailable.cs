using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SurveyPlatform.Web.Health;

/// <summary>
/// A request that failed because the database could not be reached or was busy (PostgreSQL stopped or
/// restarting, a broken pooled connection, the pool exhausted, SQLite's write lock held past its timeout)
/// gets 503 with Retry-After instead of 500: the /error page then says "try again in a moment", and
/// nothing of the request was saved, because every write is one transaction that was rolled back.
/// Other exceptions are left to the /error page as they were.
/// </summary>
internal sealed class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 30;

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseFailure.IsTransient(exception))
        {
            return ValueTask.FromResult(false);
        }

        // After a database restart every idle pooled connection is dead and would fail one request each:
        // drop them now, so the next request opens a fresh one.
        if (DatabaseFailure.Find<NpgsqlException>(exception) is not null)
        {
            NpgsqlConnection.ClearAllPools();
        }

        logger.LogWarning("The database is unavailable ({Failure}); {Method} {Path} answered 503", DatabaseFailure.Describe(exception), httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Not handled here: the /error page renders the answer with the site's layout and security headers,
        // and shows the "try again" text for 503.
        return ValueTask.FromResult(false);
    }
}

/// <summary>Which exceptions mean "the database is not available right now" rather than a fault in the request or the code.</summary>
internal static class DatabaseFailure
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>
    /// True when the exception, or one it wraps (EF Core wraps provider errors in DbUpdateException or
    /// InvalidOperationException), is a database error its provider calls transient: a connection that
    /// could not be opened or broke, a server shutting down or starting, a timeout; for SQLite, busy or locked.
    /// </summary>
    public static bool IsTransient(Exception exception) => Transient(exception) is not null;

    public static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The provider's error in a line, for the log: its type and code, never a connection string or SQL.</summary>
    public static string Describe(Exception exception) => Transient(exception) switch
    {
        PostgresException postgres => $"PostgreSQL {postgres.SqlState}",
        SqliteException sqlite => $"SQLite error {sqlite.SqliteErrorCode}",
        { } other => other.InnerException is { } inner ? $"{other.GetType().Name} ({inner.GetType().Name})" : other.GetType().Name,
        null => exception.GetType().Name,
    };

    private static Exception? Transient(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked:
                    return sqlite;
                case DbException db when db.IsTransient:
                    return db;
                case PostgresException postgres when ServerUnavailable(postgres.SqlState):
                    return postgres;
                case NpgsqlException npgsql when npgsql is not PostgresException:
                    // Raised by the client, not the server: the connection could not be opened, broke, or
                    // answered out of turn as the server went away. Never a fault in the request itself.
                    return npgsql;
                case TimeoutException timeout:
                    return timeout; // EF Core's PostgreSQL provider counts it as transient too.
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// PostgreSQL's classes for "the server cannot serve now" (whatever Npgsql's own list says):
    /// 08 connection exception, 53 insufficient resources, 57 operator intervention (shut down, restarting,
    /// terminated by an administrator).
    /// </summary>
    private static bool ServerUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || (sqlState.StartsWith("57", StringComparison.Ordinal) && sqlState != "57014"); // 57014: a statement cancelled by its timeout or the client
}
