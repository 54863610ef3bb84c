using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Workbench.Lab.Storage;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite 6 and SQLitePCLRaw's bundled e_sqlite3 (SQLite 3.35). The database is in
/// WAL mode (readers never block the writer), foreign keys are enforced on every connection, and a writer waits up
/// to <see cref="BusyTimeout"/> for the write lock. Transactions begin <c>IMMEDIATE</c> (Microsoft.Data.Sqlite's
/// default), so a write transaction holds the single write lock from its first statement: no extra locking needed.
/// Error codes: <c>SQLITE_CONSTRAINT_UNIQUE</c> (2067), <c>SQLITE_CONSTRAINT_PRIMARYKEY</c> (1555),
/// <c>SQLITE_CONSTRAINT_FOREIGNKEY</c> (787).
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    /// <summary>How long a connection waits for another's write lock before failing with SQLITE_BUSY.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private static int s_initialized;

    /// <summary>Initialises SQLitePCLRaw's provider (once per process).</summary>
    public SqliteDialect()
    {
        if (Interlocked.Exchange(ref s_initialized, 1) == 0)
        {
            SQLitePCL.Batteries.Init();
        }
    }

    /// <inheritdoc />
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <inheritdoc />
    public override string BigIntType => "INTEGER";

    /// <inheritdoc />
    public override string BooleanType => "INTEGER";

    /// <inheritdoc />
    public override string FalseLiteral => "0";

    /// <inheritdoc />
    public override string? TransactionLockSql => null;

    /// <inheritdoc />
    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    /// <inheritdoc />
    public override Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};", cancellationToken: cancellationToken));

    /// <inheritdoc />
    public override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL journal mode (journal_mode is '{mode}'); is the database in memory or on a read-only file system?");
        }
    }

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception, out string constraint)
    {
        if (exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } e)
        {
            constraint = e.Message;
            return true;
        }
        constraint = "";
        return false;
    }

    /// <inheritdoc />
    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 };
}
