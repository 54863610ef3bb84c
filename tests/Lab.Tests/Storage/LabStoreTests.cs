using Dapper;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Storage;

/// <summary>
/// The storage contract, run against every database: <see cref="SqliteLabStoreTests"/> and
/// <see cref="PostgresLabStoreTests"/> derive from this class. Each test gets a fresh database (SQLite temp file or
/// PostgreSQL schema). This file: migrations, users, classes, enrolments, reopening; <c>LabStoreTests.Submissions.cs</c>:
/// submissions and grades.
/// </summary>
public abstract partial class LabStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected TestDatabase Database { get; private set; } = null!;

    protected SteppingTimeProvider Clock { get; } = new();

    protected LabStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Store = await Database.CreateMigratedStoreAsync(Clock);
        Assert.Equal(provider, Store.Provider);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task MigrateAsync_RunAgain_RecordsEachVersionOnce()
    {
        await Store.MigrateAsync(None);
        await Database.CreateStore().MigrateAsync(None);

        var applied = (await QueryAsync<(long Version, string Name)>("SELECT CAST(version AS BIGINT), name FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(Migrations.All.Select(m => ((long)m.Version, m.Name)), applied);
        Assert.Equal(1, applied[0].Version);
    }

    [Fact]
    public async Task MigrateAsync_NewMigrationAdded_AppliesOnlyTheNewOne()
    {
        // Migration 1 re-run would fail (its tables exist), so success shows it was skipped.
        var upgraded = new LabStore(new LabConnectionFactory(Database.ConnectionString),
            [.. Migrations.All, new Migration(900, "notes", d => $"CREATE TABLE notes (id TEXT NOT NULL PRIMARY KEY, at {d.BigIntType} NOT NULL)")], null);

        await upgraded.MigrateAsync(None);
        await upgraded.MigrateAsync(None);

        Assert.Equal([1L, 2L, 900L], await QueryAsync<long>("SELECT CAST(version AS BIGINT) FROM schema_migrations ORDER BY version"));
        Assert.Equal(1, await ExecuteAsync("INSERT INTO notes (id, at) VALUES ('n', 1)"));
    }

    [Fact]
    public async Task MigrateAsync_FailingMigration_RollsBackAndRecordsNothing()
    {
        var broken = new LabStore(new LabConnectionFactory(Database.ConnectionString),
            [.. Migrations.All, new Migration(901, "broken", _ => "CREATE TABLE half_done (id TEXT); INSERT INTO no_such_table VALUES (1)")], null);

        await Assert.ThrowsAnyAsync<Exception>(() => broken.MigrateAsync(None));

        Assert.Equal([1L, 2L], await QueryAsync<long>("SELECT CAST(version AS BIGINT) FROM schema_migrations ORDER BY version"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync("INSERT INTO half_done (id) VALUES ('x')"));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseNewerThanBuild_Throws()
    {
        await ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from the future', 0)");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Database.CreateStore().MigrateAsync(None));

        Assert.Contains("9999", e.Message);
    }

    [Fact]
    public async Task CreateUserAsync_NewUser_RoundTripsAndFindsByNameIgnoringCase()
    {
        var alice = Instructor("alice");
        await Store.CreateUserAsync(alice, None);

        Assert.Equal(alice, await Store.FindUserAsync(alice.Id, None));
        Assert.Equal(alice, await Store.FindUserByNameAsync("ALICE", None));
        Assert.Null(await Store.FindUserByNameAsync("bob", None));
        Assert.Null(await Store.FindUserAsync("missing", None));
    }

    [Fact]
    public async Task CreateUserAsync_StudentsWithoutUserName_AreAllStored()
    {
        var first = Student("Ann");
        var second = Student("Ben");

        await Store.CreateUserAsync(first, None);
        await Store.CreateUserAsync(second, None);

        Assert.Equal(second, await Store.FindUserAsync(second.Id, None));
    }

    [Fact]
    public async Task CreateUserAsync_DuplicateUserNameInOtherCase_ThrowsStoreException()
    {
        await Store.CreateUserAsync(Instructor("alice"), None);

        var e = await Assert.ThrowsAsync<StoreException>(() => Store.CreateUserAsync(Instructor("Alice"), None));

        Assert.Equal("The user name 'Alice' is taken.", e.Message);
    }

    [Fact]
    public async Task CreateUserAsync_DuplicateId_ThrowsStoreException()
    {
        var alice = Instructor("alice");
        await Store.CreateUserAsync(alice, None);

        var e = await Assert.ThrowsAsync<StoreException>(() => Store.CreateUserAsync(alice with { UserName = "other" }, None));

        Assert.Contains(alice.Id, e.Message);
    }

    [Fact]
    public async Task CreateClassAsync_NewClass_FindsByIdAndJoinCodeIgnoringCase()
    {
        var teacher = await AddUserAsync(Instructor("teacher"));
        var older = Class(teacher, "ABCD2345");
        var newer = Class(teacher, "WXYZ6789");
        await Store.CreateClassAsync(older, None);
        await Store.CreateClassAsync(newer, None);

        Assert.Equal(older, await Store.FindClassAsync(older.Id, None));
        Assert.Equal(older, await Store.FindClassByJoinCodeAsync("abcd2345", None));
        Assert.Equal(older, await Store.FindClassByJoinCodeAsync(" AbCd2345 ", None));
        Assert.Null(await Store.FindClassByJoinCodeAsync("ZZZZ0000", None));
        Assert.Equal([newer, older], await Store.ListClassesAsync(teacher.Id, None));
        Assert.Empty(await Store.ListClassesAsync("someone-else", None));
    }

    [Fact]
    public async Task CreateClassAsync_DuplicateJoinCodeInOtherCase_ThrowsStoreException()
    {
        var teacher = await AddUserAsync(Instructor("teacher"));
        await Store.CreateClassAsync(Class(teacher, "ABCD2345"), None);

        var e = await Assert.ThrowsAsync<StoreException>(() => Store.CreateClassAsync(Class(teacher, "abcd2345"), None));

        Assert.Equal("The join code 'abcd2345' is in use.", e.Message);
    }

    [Fact]
    public async Task CreateClassAsync_UnknownInstructor_ThrowsStoreException()
    {
        var e = await Assert.ThrowsAsync<StoreException>(() => Store.CreateClassAsync(Class(Instructor("ghost"), "ABCD2345"), None));

        Assert.Contains("No instructor", e.Message);
    }

    [Fact]
    public async Task UpdateClassAsync_NewNameAndQuotas_KeepsJoinCodeAndOwner()
    {
        var teacher = await AddUserAsync(Instructor("teacher"));
        var classroom = Class(teacher, "ABCD2345");
        await Store.CreateClassAsync(classroom, None);

        var updated = classroom with { Name = "Renamed", RequestsPerMinute = 7, TokensPerMinute = 900 };
        await Store.UpdateClassAsync(updated with { JoinCode = "IGNORED1" }, None);

        Assert.Equal(updated, await Store.FindClassAsync(classroom.Id, None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.UpdateClassAsync(classroom with { Id = "missing" }, None));
    }

    [Fact]
    public async Task EnrolAsync_Twice_EnrolsOnceAndFindsTheClass()
    {
        var teacher = await AddUserAsync(Instructor("teacher"));
        var classroom = Class(teacher, "ABCD2345");
        await Store.CreateClassAsync(classroom, None);
        var zoe = await AddUserAsync(Student("Zoe"));
        var amy = await AddUserAsync(Student("Amy"));
        var loner = await AddUserAsync(Student("Lou"));

        await Store.EnrolAsync(classroom.Id, zoe.Id, None);
        await Store.EnrolAsync(classroom.Id, zoe.Id, None);
        await Store.EnrolAsync(classroom.Id, amy.Id, None);

        Assert.Equal([amy, zoe], await Store.ListStudentsAsync(classroom.Id, None));
        Assert.Equal(classroom, await Store.FindClassOfStudentAsync(zoe.Id, None));
        Assert.Null(await Store.FindClassOfStudentAsync(loner.Id, None));
    }

    [Fact]
    public async Task FindClassOfStudentAsync_TwoEnrolments_ReturnsTheLatest()
    {
        var teacher = await AddUserAsync(Instructor("teacher"));
        var first = Class(teacher, "FIRST234");
        var second = Class(teacher, "SECOND23");
        await Store.CreateClassAsync(first, None);
        await Store.CreateClassAsync(second, None);
        var student = await AddUserAsync(Student("Sam"));

        await Store.EnrolAsync(second.Id, student.Id, None);
        await Store.EnrolAsync(first.Id, student.Id, None);

        Assert.Equal(first, await Store.FindClassOfStudentAsync(student.Id, None));
    }

    [Fact]
    public async Task EnrolAsync_UnknownClass_ThrowsStoreException()
    {
        var student = await AddUserAsync(Student("Sam"));

        await Assert.ThrowsAsync<StoreException>(() => Store.EnrolAsync("no-such-class", student.Id, None));
    }

    [Fact]
    public async Task NewStore_SameDatabaseReopened_SeesEverything()
    {
        var teacher = await AddUserAsync(Instructor("teacher"));
        var classroom = Class(teacher, "ABCD2345");
        await Store.CreateClassAsync(classroom, None);
        var student = await AddUserAsync(Student("Sam"));
        await Store.EnrolAsync(classroom.Id, student.Id, None);
        var submission = await Store.CreateSubmissionAsync(student.Id, "lab", "ex", FilesPayload("x"), None);
        var result = PassingResult(1);
        await Store.CompleteSubmissionAsync(submission.Id, result, None);
        Database.ClearPool();

        var reopened = Database.CreateStore();
        await reopened.MigrateAsync(None);

        Assert.Equal(teacher, await reopened.FindUserByNameAsync("teacher", None));
        Assert.Equal(classroom, await reopened.FindClassByJoinCodeAsync("ABCD2345", None));
        Assert.Equal(classroom, await reopened.FindClassOfStudentAsync(student.Id, None));
        var found = await reopened.FindSubmissionAsync(submission.Id, None);
        Assert.NotNull(found);
        Assert.Equal(SubmissionStatus.Graded, found.Status);
        AssertSameResult(result, found.Result);
        Assert.Equal(2, (await reopened.CreateSubmissionAsync(student.Id, "lab", "ex", FilesPayload("y"), None)).Attempt);
    }

    protected async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await new LabConnectionFactory(Database.ConnectionString).OpenAsync(None);
        return await connection.QueryAsync<T>(sql, parameters);
    }

    protected async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await new LabConnectionFactory(Database.ConnectionString).OpenAsync(None);
        return await connection.ExecuteAsync(sql, parameters);
    }

    protected async Task<UserAccount> AddUserAsync(UserAccount user)
    {
        await Store.CreateUserAsync(user, None);
        return user;
    }

    protected UserAccount Instructor(string userName) =>
        new(NewId(), userName, $"Dr {userName}", LabRoles.Instructor, "PBKDF2$hash", Clock.GetUtcNow());

    protected UserAccount Student(string displayName) =>
        new(NewId(), null, displayName, LabRoles.Student, null, Clock.GetUtcNow());

    protected Classroom Class(UserAccount instructor, string joinCode) =>
        new(NewId(), $"Class {joinCode}", joinCode, instructor.Id, 30, 20_000, Clock.GetUtcNow());

    private static string NewId() => Guid.NewGuid().ToString("N");
}
