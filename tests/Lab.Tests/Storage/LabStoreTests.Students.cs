using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Storage;

// Students' re-entry codes (migration 2), on both databases.
public abstract partial class LabStoreTests
{
    [Fact]
    public async Task CreateUserAsync_StudentWithReentryCodeHash_RoundTripsHashAndIssueTime()
    {
        var issued = Clock.GetUtcNow();
        var ada = Student("Ada") with { ReentryCodeHash = "pbkdf2-sha256$210000$c2FsdA==$aGFzaA==", ReentryCodeIssuedAt = issued };

        await Store.CreateUserAsync(ada, None);

        var found = await Store.FindUserAsync(ada.Id, None);
        Assert.Equal(ada, found);
        Assert.Equal(issued, found!.ReentryCodeIssuedAt);
    }

    [Fact]
    public async Task SetReentryCodeHashAsync_ExistingStudent_ReplacesHashAndStampsTheIssueTime()
    {
        var ada = await AddUserAsync(Student("Ada") with { ReentryCodeHash = "old", ReentryCodeIssuedAt = Clock.GetUtcNow() });

        var issuedAt = await Store.SetReentryCodeHashAsync(ada.Id, "new", None);

        var found = await Store.FindUserAsync(ada.Id, None);
        Assert.Equal("new", found!.ReentryCodeHash);
        Assert.Equal(issuedAt, found.ReentryCodeIssuedAt);
        Assert.True(issuedAt > ada.ReentryCodeIssuedAt);
    }

    [Fact]
    public async Task SetReentryCodeHashAsync_UnknownUser_ThrowsKeyNotFound() =>
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.SetReentryCodeHashAsync("missing", "hash", None));

    [Fact]
    public async Task MigrateAsync_Version1Database_AddsReentryColumnsAndKeepsStudents()
    {
        await using var old = await TestDatabase.CreateAsync(Database.Provider);
        var v1 = new LabStore(new LabConnectionFactory(old.ConnectionString), [.. Migrations.All.Where(m => m.Version == 1)], Clock);
        await v1.MigrateAsync(None);
        await using (var connection = await new LabConnectionFactory(old.ConnectionString).OpenAsync(None))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO users (id, user_name, user_name_key, display_name, role, password_hash, created_at) VALUES ('s1', NULL, NULL, 'Ann', 'student', NULL, 1)");
        }

        var upgraded = old.CreateStore(Clock);
        await upgraded.MigrateAsync(None);

        var ann = await upgraded.FindUserAsync("s1", None);
        Assert.Equal(("Ann", null, null), (ann!.DisplayName, ann.ReentryCodeHash, ann.ReentryCodeIssuedAt));
        await upgraded.SetReentryCodeHashAsync("s1", "hash", None);
        Assert.Equal("hash", (await upgraded.FindUserAsync("s1", None))!.ReentryCodeHash);
    }
}
