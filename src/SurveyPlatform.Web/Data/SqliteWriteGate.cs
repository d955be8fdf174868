using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SurveyPlatform.Web.Data;

/// <summary>
/// SQLite takes one writer at a time. Left to the database, concurrent writers collide on the file's
/// lock and Microsoft.Data.Sqlite retries a busy write by sleeping 150 ms at a time while holding its
/// thread (a burst of respondents then spends most of its time asleep). Instead, this process lets one
/// write transaction in at a time and hands the turn straight to the next: every SaveChanges runs in a
/// transaction (<c>BEGIN IMMEDIATE</c>, so the lock is taken at the start, never upgraded half-way),
/// and the transaction waits here for its turn. Readers are not gated: in WAL mode they never block
/// the writer. Each connection also gets <c>synchronous=NORMAL</c> (durable in WAL mode, one fsync per
/// checkpoint instead of per commit) and a busy timeout, so a writer from another process (a migration,
/// the sqlite3 shell) is waited for by SQLite's own fine-grained handler.
/// </summary>
public sealed class SqliteWriteGate(ILogger<SqliteWriteGate> logger) : DbConnectionInterceptor, IDbTransactionInterceptor, ISaveChangesInterceptor, IDisposable
{
    /// <summary>
    /// How long a transaction waits for its turn before going ahead ungated. Only a transaction that waits
    /// for another one of its own request (two contexts in one flow) can wait this long; going ahead then
    /// leaves it to SQLite's busy timeout, as before the gate.
    /// </summary>
    private static readonly TimeSpan Turn = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _lock = new();
    private DbConnection? _holder;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Native connections already set up. Microsoft.Data.Sqlite pools them and hands the same one out on
    /// the next open with its settings kept, so each is set up once, not on every open (a respondent's
    /// request opens two or three times; the two statements were half the cost of an open).
    /// </summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

    /// <summary>The value stored for each: only the key's presence matters.</summary>
    private static readonly object Done = new();

    private static void Configure(DbConnection connection)
    {
        var handle = (connection as SqliteConnection)?.Handle;
        if (handle is not null && Configured.TryGetValue(handle, out _))
        {
            return;
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
            command.ExecuteNonQuery();
        }

        if (handle is not null)
        {
            Configured.AddOrUpdate(handle, Done);
        }
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AlwaysInTransaction(eventData);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AlwaysInTransaction(eventData);
        return ValueTask.FromResult(result);
    }

    /// <summary>A single-command save would run outside a transaction, and so outside the gate.</summary>
    private static void AlwaysInTransaction(DbContextEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(connection, _writer.Wait(Turn));
        return result;
    }

    /// <remarks>
    /// The wait blocks its thread on purpose. An awaited turn would be handed over through the thread
    /// pool's queue, and under load the next writer's continuation waits there behind every other request
    /// while holding the turn (measured: 64 respondents on SQLite fell to 39 page posts/s). Microsoft.Data.Sqlite
    /// runs synchronously anyway, so a blocked wait costs no more than its own calls, and the turn passes at once.
    /// </remarks>
    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Enter(connection, _writer.Wait(Turn, cancellationToken));
        return ValueTask.FromResult(result);
    }

    private void Enter(DbConnection connection, bool entered)
    {
        if (!entered)
        {
            logger.LogWarning("A SQLite write waited {Seconds} s for its turn and goes ahead ungated", Turn.TotalSeconds);
            return;
        }

        lock (_lock)
        {
            _holder = connection;
        }
    }

    /// <summary>Lets the next writer in once this connection's transaction has ended (or it failed to start, or the connection closed).</summary>
    private void Leave(DbConnection? connection)
    {
        lock (_lock)
        {
            if (connection is null || !ReferenceEquals(_holder, connection))
            {
                return;
            }

            _holder = null;
        }

        _writer.Release();
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context?.Database.GetDbConnection());

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context?.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context?.Database.GetDbConnection());

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context?.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData.Context?.Database.GetDbConnection());

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context?.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return ValueTask.FromResult(result);
    }

    public void Dispose() => _writer.Dispose();
}
