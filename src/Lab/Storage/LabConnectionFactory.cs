using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Workbench.Lab.Storage;

/// <summary>
/// Chooses the database from a connection string and opens prepared connections to it. A string with a
/// <c>Data Source</c> (or <c>Filename</c>) key is SQLite (the file's folder is created); anything else is
/// PostgreSQL (Npgsql keywords: <c>Host=...;Database=...;Username=...;Password=...</c>, optionally
/// <c>Search Path=schema</c>). Connections are pooled by the providers.
/// </summary>
public sealed class LabConnectionFactory
{
    /// <summary>The SQLite file name used when <see cref="LabOptions.ConnectionString"/> is empty.</summary>
    public const string DefaultDatabaseFileName = "workbench.db";

    private readonly string _connectionString;

    /// <summary>A factory for <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">A SQLite (<c>Data Source=path</c>) or Npgsql connection string.</param>
    /// <exception cref="ArgumentException">The string is empty, or names an in-memory SQLite database (each
    /// connection would see a different empty database).</exception>
    public LabConnectionFactory(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (IsSqlite(connectionString))
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
            {
                throw new ArgumentException("Lab:ConnectionString: an in-memory SQLite database is not supported; give a file path.", nameof(connectionString));
            }
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            Dialect = new SqliteDialect();
        }
        else
        {
            Dialect = new PostgresDialect();
        }
        _connectionString = connectionString;
    }

    /// <summary>Which database the connection string selects.</summary>
    public DatabaseProvider Provider => Dialect.Provider;

    /// <summary>The SQL differences of <see cref="Provider"/>.</summary>
    internal SqlDialect Dialect { get; }

    /// <summary>The factory for <see cref="LabOptions.ConnectionString"/>: when empty, SQLite at
    /// <c>{DataDirectory}/workbench.db</c> (the folder is created).</summary>
    /// <param name="options">The lab options (DataDirectory already resolved to an absolute path).</param>
    public static LabConnectionFactory FromOptions(LabOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new LabConnectionFactory(options.ConnectionString);
        }
        var path = Path.Combine(Path.GetFullPath(options.DataDirectory), DefaultDatabaseFileName);
        return new LabConnectionFactory(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
    }

    /// <summary>Opens a connection and applies the dialect's per-connection settings. The caller disposes it.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>An open connection.</returns>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = Dialect.CreateConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await Dialect.PrepareConnectionAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static bool IsSqlite(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return builder.ContainsKey("Data Source") || builder.ContainsKey("DataSource") || builder.ContainsKey("Filename");
    }
}
