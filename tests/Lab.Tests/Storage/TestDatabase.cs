using Microsoft.Data.Sqlite;
using Npgsql;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Storage;

/// <summary>
/// A fresh, real database for one test: a SQLite file in a temp folder, or a new PostgreSQL schema (selected with
/// <c>Search Path=</c>) on the server named by <c>WORKBENCH_TEST_POSTGRES</c>. Disposing deletes it. PostgreSQL
/// being unreachable fails the test (no skipping).
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>The server used when <c>WORKBENCH_TEST_POSTGRES</c> is unset.</summary>
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=workbench;Password=workbench;Database=workbench_test";

    public abstract DatabaseProvider Provider { get; }

    public abstract string ConnectionString { get; }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("WORKBENCH_TEST_POSTGRES") is { Length: > 0 } s ? s : DefaultPostgres;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteTestDatabase(),
        DatabaseProvider.PostgreSql => await PostgresTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public LabStore CreateStore(TimeProvider? time = null) => new(new LabConnectionFactory(ConnectionString), time);

    public async Task<LabStore> CreateMigratedStoreAsync(TimeProvider? time = null)
    {
        var store = CreateStore(time);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>Lets go of pooled connections (as a restarted process would have none).</summary>
    public abstract void ClearPool();

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteTestDatabase : TestDatabase
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "wb-lab-tests", Guid.NewGuid().ToString("N"));

        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override string ConnectionString =>
            new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "workbench.db") }.ToString();

        public override void ClearPool() => SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));

        public override ValueTask DisposeAsync()
        {
            ClearPool();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresTestDatabase(string schema) : TestDatabase
    {
        public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

        public override string ConnectionString =>
            new NpgsqlConnectionStringBuilder(PostgresServer) { SearchPath = schema }.ToString();

        public static async Task<TestDatabase> CreateAsync()
        {
            var schema = "wb_test_" + Guid.NewGuid().ToString("N");
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
            return new PostgresTestDatabase(schema);
        }

        public override void ClearPool()
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        public override async ValueTask DisposeAsync()
        {
            ClearPool();
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
