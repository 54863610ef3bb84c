using Microsoft.Data.Sqlite;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Classrooms;

/// <summary>A real, migrated SQLite store in a temp folder, with the classroom services over it and helpers to
/// create instructors, classes and students. Disposing deletes the database.</summary>
public sealed class ClassroomTestStore : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _connectionString;

    private ClassroomTestStore(TimeProvider time)
    {
        Time = time;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _directory.File("workbench.db") }.ToString();
        Store = new LabStore(new LabConnectionFactory(_connectionString), time);
        Policies = new StoreQuotaPolicySource(Store, time);
        Classrooms = new ClassroomService(Store, Policies, Events, time);
    }

    public ClassroomEvents Events { get; } = new(Microsoft.Extensions.Logging.Abstractions.NullLogger<ClassroomEvents>.Instance);

    public TimeProvider Time { get; }

    public LabStore Store { get; }

    public StoreQuotaPolicySource Policies { get; }

    public ClassroomService Classrooms { get; }

    public static async Task<ClassroomTestStore> CreateAsync(TimeProvider? time = null)
    {
        var store = new ClassroomTestStore(time ?? TimeProvider.System);
        await store.Store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public async Task<UserAccount> AddInstructorAsync(string userName = "teacher")
    {
        var user = new UserAccount(Guid.NewGuid().ToString("N"), userName, "Teacher " + userName, LabRoles.Instructor, null, Time.GetUtcNow());
        await Store.CreateUserAsync(user, CancellationToken.None);
        return user;
    }

    public async Task<Classroom> AddClassAsync(UserAccount instructor, int requestsPerMinute = 0, int tokensPerMinute = 0) =>
        await Classrooms.CreateClassAsync(instructor.Id, "Tuesday group", new QuotaPolicy(requestsPerMinute, tokensPerMinute), CancellationToken.None);

    public async Task<UserAccount> JoinAsync(Classroom classroom, string name) =>
        (await Classrooms.JoinAsync(classroom.JoinCode, name, CancellationToken.None)).Student;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
