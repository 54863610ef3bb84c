using System.Data.Common;
using Dapper;

namespace Workbench.Lab.Storage;

/// <summary>
/// <see cref="ILabStore"/> over Dapper, on SQLite or PostgreSQL (<see cref="LabConnectionFactory"/> picks the
/// <see cref="SqlDialect"/>). Thread-safe: every call opens a pooled connection of its own. Times are stored as
/// unix milliseconds, so a <see cref="DateTimeOffset"/> comes back UTC, truncated to the millisecond.
/// This file: construction, migrations, users, classes and enrolments; <c>LabStore.Submissions.cs</c>: submissions
/// and grades.
/// </summary>
public sealed partial class LabStore : ILabStore
{
    private const string UserColumns =
        "u.id AS Id, u.user_name AS UserName, u.display_name AS DisplayName, u.role AS Role, u.password_hash AS PasswordHash, u.created_at AS CreatedAt, " +
        "u.reentry_code_hash AS ReentryCodeHash, u.reentry_code_issued_at AS ReentryCodeIssuedAt";

    private const string ClassColumns =
        "c.id AS Id, c.name AS Name, c.join_code AS JoinCode, c.instructor_id AS InstructorId, " +
        "c.requests_per_minute AS RequestsPerMinute, c.tokens_per_minute AS TokensPerMinute, c.created_at AS CreatedAt";

    private readonly LabConnectionFactory _connections;
    private readonly SqlDialect _dialect;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly TimeProvider _time;

    /// <summary>A store on the database <paramref name="connections"/> opens.</summary>
    /// <param name="connections">The connection factory (chooses SQLite or PostgreSQL).</param>
    /// <param name="timeProvider">The clock for created/graded times; default <see cref="TimeProvider.System"/>.</param>
    public LabStore(LabConnectionFactory connections, TimeProvider? timeProvider = null)
        : this(connections, Migrations.All, timeProvider)
    {
    }

    /// <summary>A store with its own migration list (tests of the migration runner).</summary>
    internal LabStore(LabConnectionFactory connections, IReadOnlyList<Migration> migrations, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
        _dialect = connections.Dialect;
        _migrations = [.. migrations.OrderBy(m => m.Version)];
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Which database this store is on.</summary>
    public DatabaseProvider Provider => _dialect.Provider;

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await _dialect.PrepareDatabaseAsync(connection, cancellationToken);

        await using (var tx = await BeginWriteAsync(connection, "schema_migrations", cancellationToken))
        {
            await connection.ExecuteAsync(Command(
                $"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at {_dialect.BigIntType} NOT NULL)",
                null, tx, cancellationToken));
            var newest = await connection.ExecuteScalarAsync<int?>(Command("SELECT MAX(version) FROM schema_migrations", null, tx, cancellationToken));
            var known = _migrations.Count == 0 ? 0 : _migrations[^1].Version;
            if (newest > known)
            {
                throw new InvalidOperationException(
                    $"The database's schema is at version {newest}, newer than this build knows ({known}). Run a newer Workbench or use another database.");
            }
            await tx.CommitAsync(cancellationToken);
        }

        foreach (var migration in _migrations)
        {
            await using var tx = await BeginWriteAsync(connection, "schema_migrations", cancellationToken);
            var applied = await connection.ExecuteScalarAsync<long>(Command(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, tx, cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(Command(migration.Sql(_dialect), null, tx, cancellationToken));
                await connection.ExecuteAsync(Command(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = NowMs() }, tx, cancellationToken));
            }
            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task CreateUserAsync(UserAccount user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(user.Id);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(Command(
                "INSERT INTO users (id, user_name, user_name_key, display_name, role, password_hash, created_at, reentry_code_hash, reentry_code_issued_at) " +
                "VALUES (@Id, @UserName, @UserNameKey, @DisplayName, @Role, @PasswordHash, @CreatedAt, @ReentryCodeHash, @ReentryCodeIssuedAt)",
                new
                {
                    user.Id,
                    user.UserName,
                    UserNameKey = NormalizeKey(user.UserName),
                    user.DisplayName,
                    user.Role,
                    user.PasswordHash,
                    CreatedAt = user.CreatedAt.ToUnixTimeMilliseconds(),
                    user.ReentryCodeHash,
                    ReentryCodeIssuedAt = user.ReentryCodeIssuedAt?.ToUnixTimeMilliseconds(),
                },
                null, cancellationToken));
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e, out var constraint))
        {
            throw new StoreException(
                constraint.Contains("user_name_key", StringComparison.Ordinal)
                    ? $"The user name '{user.UserName}' is taken."
                    : $"A user with id '{user.Id}' exists.",
                e);
        }
    }

    /// <inheritdoc />
    public async Task<UserAccount?> FindUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(Command(
            $"SELECT {UserColumns} FROM users u WHERE u.id = @userId", new { userId }, null, cancellationToken));
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task<UserAccount?> FindUserByNameAsync(string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(Command(
            $"SELECT {UserColumns} FROM users u WHERE u.user_name_key = @Key", new { Key = NormalizeKey(userName) }, null, cancellationToken));
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task CreateClassAsync(Classroom classroom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classroom);
        ArgumentException.ThrowIfNullOrEmpty(classroom.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(classroom.JoinCode);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(Command(
                "INSERT INTO classes (id, name, join_code, join_code_key, instructor_id, requests_per_minute, tokens_per_minute, created_at) " +
                "VALUES (@Id, @Name, @JoinCode, @JoinCodeKey, @InstructorId, @RequestsPerMinute, @TokensPerMinute, @CreatedAt)",
                new
                {
                    classroom.Id,
                    classroom.Name,
                    classroom.JoinCode,
                    JoinCodeKey = NormalizeKey(classroom.JoinCode),
                    classroom.InstructorId,
                    classroom.RequestsPerMinute,
                    classroom.TokensPerMinute,
                    CreatedAt = classroom.CreatedAt.ToUnixTimeMilliseconds(),
                },
                null, cancellationToken));
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e, out var constraint))
        {
            throw new StoreException(
                constraint.Contains("join_code_key", StringComparison.Ordinal)
                    ? $"The join code '{classroom.JoinCode}' is in use."
                    : $"A class with id '{classroom.Id}' exists.",
                e);
        }
        catch (DbException e) when (_dialect.IsForeignKeyViolation(e))
        {
            throw new StoreException($"No instructor has id '{classroom.InstructorId}'.", e);
        }
    }

    /// <inheritdoc />
    public async Task UpdateClassAsync(Classroom classroom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classroom);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(Command(
            "UPDATE classes SET name = @Name, requests_per_minute = @RequestsPerMinute, tokens_per_minute = @TokensPerMinute WHERE id = @Id",
            new { classroom.Id, classroom.Name, classroom.RequestsPerMinute, classroom.TokensPerMinute }, null, cancellationToken));
        if (changed == 0)
        {
            throw new KeyNotFoundException($"No class has id '{classroom.Id}'.");
        }
    }

    /// <inheritdoc />
    public async Task<Classroom?> FindClassAsync(string classId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ClassRow>(Command(
            $"SELECT {ClassColumns} FROM classes c WHERE c.id = @classId", new { classId }, null, cancellationToken));
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task<Classroom?> FindClassByJoinCodeAsync(string joinCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(joinCode);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ClassRow>(Command(
            $"SELECT {ClassColumns} FROM classes c WHERE c.join_code_key = @Key", new { Key = NormalizeKey(joinCode.Trim()) }, null, cancellationToken));
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Classroom>> ListClassesAsync(string instructorId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClassRow>(Command(
            $"SELECT {ClassColumns} FROM classes c WHERE c.instructor_id = @instructorId ORDER BY c.created_at DESC, c.id",
            new { instructorId }, null, cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task EnrolAsync(string classId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(Command(
                _dialect.InsertIgnoringConflicts("enrolments", "class_id, user_id, enrolled_at", "@classId, @userId, @Now"),
                new { classId, userId, Now = NowMs() }, null, cancellationToken));
        }
        catch (DbException e) when (_dialect.IsForeignKeyViolation(e))
        {
            throw new StoreException($"Cannot enrol: class '{classId}' or user '{userId}' does not exist.", e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserAccount>> ListStudentsAsync(string classId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(Command(
            $"SELECT {UserColumns} FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.class_id = @classId ORDER BY u.display_name, u.id",
            new { classId }, null, cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<Classroom?> FindClassOfStudentAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<ClassRow>(Command(
            $"SELECT {ClassColumns} FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE e.user_id = @userId " +
            "ORDER BY e.enrolled_at DESC, c.created_at DESC, c.id LIMIT 1",
            new { userId }, null, cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>A UTC time from unix milliseconds.</summary>
    internal static DateTimeOffset FromUnixMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static string? NormalizeKey(string? value) => value?.ToUpperInvariant();

    private static CommandDefinition Command(string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Begins a write transaction and, where the dialect needs it, takes the lock for <paramref name="lockKey"/>
    /// (SQLite's IMMEDIATE transaction already holds the database's write lock).</summary>
    private async Task<DbTransaction> BeginWriteAsync(DbConnection connection, string lockKey, CancellationToken cancellationToken)
    {
        var tx = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            if (_dialect.TransactionLockSql is { } lockSql)
            {
                await connection.ExecuteAsync(Command(lockSql, new { LockKey = lockKey }, tx, cancellationToken));
            }
            return tx;
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }
}
