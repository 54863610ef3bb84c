using Microsoft.Data.Sqlite;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Storage;

public sealed class LabConnectionFactoryTests
{
    [Fact]
    public async Task FromOptions_EmptyConnectionString_UsesSqliteFileInANewDataDirectory()
    {
        var root = Path.Combine(Path.GetTempPath(), "wb-lab-tests", Guid.NewGuid().ToString("N"));
        var dataDirectory = Path.Combine(root, "nested", "data");
        try
        {
            var factory = LabConnectionFactory.FromOptions(new LabOptions { DataDirectory = dataDirectory });
            Assert.Equal(DatabaseProvider.Sqlite, factory.Provider);
            Assert.True(Directory.Exists(dataDirectory));

            await new LabStore(factory).MigrateAsync(CancellationToken.None);

            Assert.True(File.Exists(Path.Combine(dataDirectory, "workbench.db")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("Data Source=/tmp/wb-lab-tests/x.db", DatabaseProvider.Sqlite)]
    [InlineData("data source=/tmp/wb-lab-tests/x.db;Cache=Shared", DatabaseProvider.Sqlite)]
    [InlineData("Host=127.0.0.1;Database=workbench;Username=u;Password=p", DatabaseProvider.PostgreSql)]
    [InlineData("Server=db.example;Port=5433;Database=w", DatabaseProvider.PostgreSql)]
    public void Constructor_ConnectionString_SelectsTheProvider(string connectionString, DatabaseProvider expected)
    {
        Assert.Equal(expected, new LabConnectionFactory(connectionString).Provider);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x;Mode=Memory")]
    [InlineData("")]
    public void Constructor_InMemoryOrEmpty_Throws(string connectionString)
    {
        Assert.ThrowsAny<ArgumentException>(() => new LabConnectionFactory(connectionString));
    }

    [Fact]
    public async Task OpenAsync_PostgresUnreachable_Throws()
    {
        var factory = new LabConnectionFactory("Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=2");

        await Assert.ThrowsAnyAsync<Exception>(() => factory.OpenAsync(CancellationToken.None));
    }
}
