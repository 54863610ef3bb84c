using System.Data.Common;

namespace Workbench.Lab.Storage;

/// <summary>
/// What differs between the databases the store runs on: how connections are made and prepared, column type names,
/// how writers of one key are serialized inside a transaction, and which error codes mean a unique or foreign-key
/// violation. Both databases accept Dapper's <c>@name</c> parameters (Npgsql rewrites them to <c>$n</c>) and
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> (SQLite ≥ 3.24), so the store's queries are otherwise shared.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Which database this is.</summary>
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The prefix of a named parameter in the store's SQL.</summary>
    public string ParameterPrefix => "@";

    /// <summary>Column type of 64-bit integers (timestamps as unix milliseconds).</summary>
    public abstract string BigIntType { get; }

    /// <summary>Column type of booleans (bound from and read into <see cref="bool"/>).</summary>
    public abstract string BooleanType { get; }

    /// <summary>The literal false of <see cref="BooleanType"/>, for column defaults.</summary>
    public abstract string FalseLiteral { get; }

    /// <summary>
    /// A statement, run first in a transaction, that makes other transactions passing the same <c>@LockKey</c>
    /// wait until this one ends; null when every write transaction already holds the database's write lock.
    /// </summary>
    public abstract string? TransactionLockSql { get; }

    /// <summary>An <c>INSERT</c> that skips a row whose key exists.</summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">The column list, comma-separated.</param>
    /// <param name="values">The value list (parameters), comma-separated.</param>
    public virtual string InsertIgnoringConflicts(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING";

    /// <summary>A new, closed connection.</summary>
    /// <param name="connectionString">The provider's connection string.</param>
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Per-connection settings, run after every open.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Database-wide settings, run once before migrating (outside any transaction).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether <paramref name="exception"/> is a unique or primary-key violation.</summary>
    /// <param name="exception">What the provider threw.</param>
    /// <param name="constraint">The violated constraint or its columns, as the provider names them.</param>
    public abstract bool IsUniqueViolation(DbException exception, out string constraint);

    /// <summary>Whether <paramref name="exception"/> is a foreign-key violation (a referenced row is missing).</summary>
    /// <param name="exception">What the provider threw.</param>
    public abstract bool IsForeignKeyViolation(DbException exception);
}
