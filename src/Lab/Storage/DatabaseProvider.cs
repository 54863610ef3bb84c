namespace Workbench.Lab.Storage;

/// <summary>The databases the store runs on (the same schema and tests on both).</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite embedded (Microsoft.Data.Sqlite), a file in WAL mode. The default.</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql, selected by a connection string that is not <c>Data Source=...</c>.</summary>
    PostgreSql,
}
