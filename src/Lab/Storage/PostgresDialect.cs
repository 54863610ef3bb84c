using System.Data.Common;
using Npgsql;

namespace Workbench.Lab.Storage;

/// <summary>
/// PostgreSQL through Npgsql. Transactions run at READ COMMITTED; writers of one key (for example the attempt
/// counter of one user's exercise) are serialized with a transaction-scoped advisory lock on a hash of the key and
/// the current schema. Error codes: SQLSTATE <c>23505</c> unique_violation, <c>23503</c> foreign_key_violation.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <inheritdoc />
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    /// <inheritdoc />
    public override string BigIntType => "BIGINT";

    /// <inheritdoc />
    public override string BooleanType => "BOOLEAN";

    /// <inheritdoc />
    public override string FalseLiteral => "FALSE";

    /// <inheritdoc />
    public override string? TransactionLockSql => "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':' || @LockKey))";

    /// <inheritdoc />
    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception, out string constraint)
    {
        if (exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e)
        {
            constraint = e.ConstraintName ?? e.MessageText;
            return true;
        }
        constraint = "";
        return false;
    }

    /// <inheritdoc />
    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
