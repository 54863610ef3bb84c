using Microsoft.Data.Sqlite;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Storage;

/// <summary><see cref="LabStoreTests"/> on SQLite (a temp file), plus what only SQLite has.</summary>
public sealed class SqliteLabStoreTests() : LabStoreTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task MigrateAsync_Sqlite_UsesWalAndEnforcesForeignKeys()
    {
        Assert.Equal(["wal"], await QueryAsync<string>("PRAGMA journal_mode"));
        Assert.Equal([1L], await QueryAsync<long>("PRAGMA foreign_keys"));

        var e = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(
            "INSERT INTO enrolments (class_id, user_id, enrolled_at) VALUES ('no-class', 'no-user', 0)"));

        Assert.Equal(787, e.SqliteExtendedErrorCode);
    }
}

/// <summary><see cref="LabStoreTests"/> on PostgreSQL (a fresh schema on <c>WORKBENCH_TEST_POSTGRES</c>).</summary>
public sealed class PostgresLabStoreTests() : LabStoreTests(DatabaseProvider.PostgreSql);
