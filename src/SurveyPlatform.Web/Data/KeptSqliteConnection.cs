using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SurveyPlatform.Web.Data;

/// <summary>
/// A SQLite connection that stays open underneath while EF Core opens and closes it, and keeps the
/// statements it has compiled. EF Core opens and closes a context's connection around every query and
/// save; Microsoft.Data.Sqlite then hands the native connection back to its pool and finalises every
/// statement, so each command was compiled again (parser, name resolution, planner: most of SQLite's
/// share of a respondent's request), and EF's dozen SQL functions were registered on every open and
/// removed on every close. Here a close only ends the caller's use: an open transaction is rolled back
/// and a reader left open is closed, as a real close would, but the native connection and its compiled
/// statements stay until the connection is disposed (a pooled context keeps one for its lifetime).
/// </summary>
/// <remarks>
/// EF Core's SQLite provider registers its decimal functions (ef_add, ef_compare …) and regexp on the
/// connections it creates itself; this one has none, and the model has no decimal property and no query
/// uses a regular expression. A query that needs one fails on SQLite with "no such function", in the tests.
/// </remarks>
public sealed class KeptSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>Statements kept per connection (as Npgsql keeps 64 per server connection); the least recently used goes first.</summary>
    public const int MaxStatements = 64;

    private readonly Dictionary<string, KeptCommand> _statements = new(StringComparer.Ordinal);

    /// <summary>Open natively, closed as far as EF Core and every other caller can tell.</summary>
    private bool _closedForCaller;

    /// <summary>Set while the connection is closed for real (disposed): commands are then disposed for real too.</summary>
    private bool _closingNatively;

    private long _uses;

    public override ConnectionState State => _closedForCaller ? ConnectionState.Closed : base.State;

    /// <summary>How many statements this connection keeps compiled now (for tests).</summary>
    public int KeptStatements => _statements.Count;

    public override void Open()
    {
        if (_closedForCaller)
        {
            _closedForCaller = false;
            OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
            return;
        }

        base.Open();
    }

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open(); // Microsoft.Data.Sqlite opens synchronously anyway.
        return Task.CompletedTask;
    }

    public override void Close()
    {
        if (_closingNatively)
        {
            base.Close();
            return;
        }

        if (State != ConnectionState.Open)
        {
            return;
        }

        // What a real close does for the caller: its readers ended, its transaction rolled back (one begun
        // with a BEGIN of its own too), so the next user starts with no snapshot and no lock.
        foreach (var statement in _statements.Values)
        {
            statement.EndUse();
        }

        Transaction?.Dispose();
        if (Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0)
        {
            using var rollback = CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        _closedForCaller = true;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _closingNatively = true;
            _closedForCaller = false;
            _statements.Clear(); // The native close below disposes each command registered with this connection.
        }

        base.Dispose(disposing);
        _closingNatively = false; // Opened again, it keeps statements again.
    }

    /// <summary>
    /// This connection's compiled command for <paramref name="fresh"/>'s text, set up with its parameters and
    /// transaction (<paramref name="fresh"/> is disposed); or null when that command is in use now (the caller
    /// then runs <paramref name="fresh"/>, compiled for this once).
    /// </summary>
    internal SqliteCommand? Take(SqliteCommand fresh)
    {
        var text = fresh.CommandText;
        if (!_statements.TryGetValue(text, out var kept))
        {
            if (_statements.Count >= MaxStatements && !EvictLeastRecentlyUsed())
            {
                return null;
            }

            kept = new KeptCommand(this, text);
            _statements.Add(text, kept);
        }
        else if (kept.InUse)
        {
            return null;
        }

        kept.InUse = true;
        kept.LastUse = ++_uses;
        kept.Transaction = fresh.Transaction;
        kept.CommandTimeout = fresh.CommandTimeout;
        var parameters = new SqliteParameter[fresh.Parameters.Count];
        fresh.Parameters.CopyTo(parameters, 0);
        fresh.Parameters.Clear();
        kept.Parameters.Clear();
        kept.Parameters.AddRange(parameters);
        fresh.Dispose();
        return kept;
    }

    private bool EvictLeastRecentlyUsed()
    {
        KeptCommand? oldest = null;
        foreach (var statement in _statements.Values)
        {
            if (!statement.InUse && (oldest is null || statement.LastUse < oldest.LastUse))
            {
                oldest = statement;
            }
        }

        if (oldest is null)
        {
            return false;
        }

        _statements.Remove(oldest.CommandText);
        oldest.Release();
        return true;
    }

    /// <summary>A command whose Dispose (called by EF Core after each use) keeps its compiled statements for the next use.</summary>
    private sealed class KeptCommand : SqliteCommand
    {
        private readonly KeptSqliteConnection _owner;
        private bool _released;

        public KeptCommand(KeptSqliteConnection owner, string text)
            : base(text, owner)
        {
            _owner = owner;
        }

        public bool InUse { get; set; }

        public long LastUse { get; set; }

        /// <summary>Ends a use the caller left unfinished (a reader not disposed before the close).</summary>
        public void EndUse()
        {
            if (InUse)
            {
                DataReader?.Dispose();
                Parameters.Clear();
                InUse = false;
            }
        }

        /// <summary>Disposed for real: evicted from the connection's statements.</summary>
        public void Release()
        {
            _released = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_released && !_owner._closingNatively)
            {
                EndUse();
                return;
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// Gives every EF Core context on SQLite a <see cref="KeptSqliteConnection"/>, and runs each of its commands
/// as the connection's compiled one for the same text.
/// </summary>
public sealed class KeptSqliteConnections : IDbConnectionInterceptor, IDbCommandInterceptor
{
    public static readonly KeptSqliteConnections Instance = new();

    private KeptSqliteConnections()
    {
    }

    public InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        return result.HasResult || eventData.ConnectionString is null
            ? result
            : InterceptionResult<DbConnection>.SuppressWithResult(new KeptSqliteConnection(eventData.ConnectionString));
    }

    public DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result) =>
        eventData?.Connection is KeptSqliteConnection connection && result is SqliteCommand fresh
            ? connection.Take(fresh) ?? result
            : result;
}
