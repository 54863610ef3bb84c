using Workbench.Lab.Classrooms;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Classrooms;

/// <summary><see cref="ClassroomService"/> on a real SQLite database.</summary>
public sealed class ClassroomServiceTests : IAsyncLifetime
{
    private ClassroomTestStore _db = null!;

    public async Task InitializeAsync() => _db = await ClassroomTestStore.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task CreateClassAsync_ManyClasses_EachGetsADistinctValidJoinCode()
    {
        var teacher = await _db.AddInstructorAsync();

        var classes = new List<Classroom>();
        for (var i = 0; i < 20; i++) classes.Add(await _db.AddClassAsync(teacher, requestsPerMinute: 10, tokensPerMinute: 5000));

        Assert.Equal(20, classes.Select(c => c.JoinCode).Distinct().Count());
        Assert.All(classes, c => Assert.Equal(c.JoinCode, JoinCodes.Normalize(c.JoinCode)));
        var stored = await _db.Store.FindClassByJoinCodeAsync(classes[7].JoinCode, CancellationToken.None);
        Assert.Equal(classes[7].Id, stored?.Id);
        Assert.Equal((10, 5000), (stored!.RequestsPerMinute, stored.TokensPerMinute));
    }

    [Fact]
    public async Task CreateClassAsync_GeneratedCodeIsTaken_RetriesWithAFreshCode()
    {
        var teacher = await _db.AddInstructorAsync();
        var first = await _db.AddClassAsync(teacher);
        var codes = new Queue<string>([first.JoinCode, first.JoinCode, "ABCDEFGH"]);
        var service = new ClassroomService(_db.Store, _db.Policies, _db.Events, TimeProvider.System, codes.Dequeue);

        var second = await service.CreateClassAsync(teacher.Id, "Second", QuotaPolicy.Unlimited, CancellationToken.None);

        Assert.Equal("ABCDEFGH", second.JoinCode);
        Assert.Empty(codes);
    }

    [Fact]
    public async Task CreateClassAsync_ByAStudent_IsRefused()
    {
        var teacher = await _db.AddInstructorAsync();
        var student = await _db.JoinAsync(await _db.AddClassAsync(teacher), "Ada");

        var e = await Assert.ThrowsAsync<ClassroomException>(() =>
            _db.Classrooms.CreateClassAsync(student.Id, "Mine", QuotaPolicy.Unlimited, CancellationToken.None));

        Assert.Equal(ClassroomException.NotInstructor, e.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateClassAsync_BlankName_IsRefused(string name)
    {
        var teacher = await _db.AddInstructorAsync();
        var e = await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.CreateClassAsync(teacher.Id, name, QuotaPolicy.Unlimited, CancellationToken.None));
        Assert.Equal(ClassroomException.InvalidClassName, e.Code);
    }

    [Fact]
    public async Task JoinAsync_LowerCaseCodeAndPaddedName_CreatesAnEnrolledStudentWithTheTrimmedName()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());
        var typed = classroom.JoinCode[..4].ToLowerInvariant() + "-" + classroom.JoinCode[4..].ToLowerInvariant();

        var enrolment = await _db.Classrooms.JoinAsync(typed, "  Ada Lovelace  ", CancellationToken.None);

        Assert.Equal("Ada Lovelace", enrolment.Student.DisplayName);
        Assert.Equal(LabRoles.Student, enrolment.Student.Role);
        Assert.Null(enrolment.Student.PasswordHash);
        Assert.Equal(classroom.Id, enrolment.Class.Id);
        var students = await _db.Store.ListStudentsAsync(classroom.Id, CancellationToken.None);
        Assert.Equal(enrolment.Student.Id, Assert.Single(students).Id);
        Assert.Equal(classroom.Id, (await _db.Store.FindClassOfStudentAsync(enrolment.Student.Id, CancellationToken.None))?.Id);
    }

    [Theory]
    [InlineData("ZZZZZZZZ")]
    [InlineData("nonsense")]
    [InlineData("")]
    public async Task JoinAsync_UnknownCode_FailsWithAClearMessageAndCreatesNoAccount(string code)
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());

        var e = await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.JoinAsync(code, "Ada", CancellationToken.None));

        Assert.Equal(ClassroomException.UnknownCode, e.Code);
        Assert.Contains("No class has that join code", e.Message);
        Assert.Empty(await _db.Store.ListStudentsAsync(classroom.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("", "Enter a display name")]
    [InlineData("    ", "Enter a display name")]
    [InlineData("Ada\nLovelace", "control characters")]
    [InlineData("12345678901234567890123456789012345678901", "41 characters; use at most 40")]
    public async Task JoinAsync_InvalidDisplayName_FailsWithAClearMessage(string name, string expected)
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());

        var e = await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.JoinAsync(classroom.JoinCode, name, CancellationToken.None));

        Assert.Equal(ClassroomException.InvalidDisplayName, e.Code);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task JoinAsync_FortyCharacterName_IsAccepted()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());
        var name = new string('x', 40);

        var enrolment = await _db.Classrooms.JoinAsync(classroom.JoinCode, " " + name + " ", CancellationToken.None);

        Assert.Equal(name, enrolment.Student.DisplayName);
    }

    [Fact]
    public async Task FindClassForInstructorAsync_AnotherInstructor_ReturnsNull()
    {
        var owner = await _db.AddInstructorAsync("owner");
        var other = await _db.AddInstructorAsync("other");
        var classroom = await _db.AddClassAsync(owner);

        Assert.Null(await _db.Classrooms.FindClassForInstructorAsync(classroom.Id, other.Id, CancellationToken.None));
        Assert.Equal(classroom.Id, (await _db.Classrooms.FindClassForInstructorAsync(classroom.Id, owner.Id, CancellationToken.None))?.Id);
        Assert.Null(await _db.Classrooms.UpdateQuotasAsync(classroom.Id, other.Id, new QuotaPolicy(1, 1), CancellationToken.None));
    }

    [Fact]
    public async Task UpdateQuotasAsync_Owner_StoresThemAndTheCachedPolicyFollowsAtOnce()
    {
        var owner = await _db.AddInstructorAsync();
        var classroom = await _db.AddClassAsync(owner, requestsPerMinute: 5, tokensPerMinute: 100);
        Assert.Equal(new QuotaPolicy(5, 100), await _db.Policies.GetPolicyAsync(classroom.Id, CancellationToken.None));

        var updated = await _db.Classrooms.UpdateQuotasAsync(classroom.Id, owner.Id, new QuotaPolicy(7, 900), CancellationToken.None);

        Assert.Equal((7, 900), (updated!.RequestsPerMinute, updated.TokensPerMinute));
        Assert.Equal(new QuotaPolicy(7, 900), await _db.Policies.GetPolicyAsync(classroom.Id, CancellationToken.None));
        var stored = await _db.Store.FindClassAsync(classroom.Id, CancellationToken.None);
        Assert.Equal((7, 900), (stored!.RequestsPerMinute, stored.TokensPerMinute));
    }

    [Fact]
    public async Task UpdateQuotasAsync_NegativeQuota_IsRefused()
    {
        var owner = await _db.AddInstructorAsync();
        var classroom = await _db.AddClassAsync(owner);

        var e = await Assert.ThrowsAsync<ClassroomException>(() =>
            _db.Classrooms.UpdateQuotasAsync(classroom.Id, owner.Id, new QuotaPolicy(-1, 0), CancellationToken.None));

        Assert.Equal(ClassroomException.InvalidQuota, e.Code);
    }

    [Fact]
    public async Task ResetAttemptsAsync_StudentOfTheClass_ResetsTheirSubmissionsOnly()
    {
        var owner = await _db.AddInstructorAsync("owner");
        var classroom = await _db.AddClassAsync(owner);
        var ada = await _db.JoinAsync(classroom, "Ada");
        var bob = await _db.JoinAsync(classroom, "Bob");
        var payload = Workbench.Lab.Grading.SubmissionPayload.FromFiles(new Dictionary<string, string> { ["Solution.cs"] = "// 1" });
        await _db.Store.CreateSubmissionAsync(ada.Id, "lab", "ex", payload, CancellationToken.None);
        await _db.Store.CreateSubmissionAsync(ada.Id, "lab", "ex", payload, CancellationToken.None);
        await _db.Store.CreateSubmissionAsync(bob.Id, "lab", "ex", payload, CancellationToken.None);

        var reset = await _db.Classrooms.ResetAttemptsAsync(classroom.Id, owner.Id, ada.Id, "lab", "ex", CancellationToken.None);

        Assert.Equal(2, reset);
        Assert.All(await _db.Store.ListSubmissionsAsync(ada.Id, "lab", "ex", CancellationToken.None), s => Assert.True(s.IsReset));
        Assert.All(await _db.Store.ListSubmissionsAsync(bob.Id, "lab", "ex", CancellationToken.None), s => Assert.False(s.IsReset));
    }

    [Fact]
    public async Task ResetAttemptsAsync_OtherInstructorOrStudentOutsideTheClass_ReturnsNullAndResetsNothing()
    {
        var owner = await _db.AddInstructorAsync("owner");
        var other = await _db.AddInstructorAsync("other");
        var classroom = await _db.AddClassAsync(owner);
        var elsewhere = await _db.JoinAsync(await _db.AddClassAsync(other), "Eve");
        var ada = await _db.JoinAsync(classroom, "Ada");
        var payload = Workbench.Lab.Grading.SubmissionPayload.FromFiles(new Dictionary<string, string> { ["Solution.cs"] = "// 1" });
        await _db.Store.CreateSubmissionAsync(ada.Id, "lab", "ex", payload, CancellationToken.None);
        await _db.Store.CreateSubmissionAsync(elsewhere.Id, "lab", "ex", payload, CancellationToken.None);

        Assert.Null(await _db.Classrooms.ResetAttemptsAsync(classroom.Id, other.Id, ada.Id, "lab", "ex", CancellationToken.None));
        Assert.Null(await _db.Classrooms.ResetAttemptsAsync(classroom.Id, owner.Id, elsewhere.Id, "lab", "ex", CancellationToken.None));

        Assert.False((await _db.Store.ListSubmissionsAsync(ada.Id, "lab", "ex", CancellationToken.None)).Single().IsReset);
        Assert.False((await _db.Store.ListSubmissionsAsync(elsewhere.Id, "lab", "ex", CancellationToken.None)).Single().IsReset);
    }
}
