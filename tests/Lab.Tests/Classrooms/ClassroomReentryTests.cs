using Workbench.Engine.Inference;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Classrooms;

/// <summary>Issue 10 §12 and §19 in <see cref="ClassroomService"/> on a real SQLite database: re-entry codes, no
/// duplicate students, join and reset events, quota edits applied at once.</summary>
public sealed class ClassroomReentryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ClassroomTestStore _db = null!;

    public async Task InitializeAsync() => _db = await ClassroomTestStore.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task JoinAsync_NewStudent_IssuesAGroupedCodeAndStoresOnlyItsHash()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());

        var enrolment = await _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None);

        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", enrolment.ReentryCode);
        var stored = await _db.Store.FindUserAsync(enrolment.Student.Id, None);
        Assert.StartsWith("pbkdf2-sha256$", stored!.ReentryCodeHash);
        Assert.DoesNotContain(ReentryCodes.Normalize(enrolment.ReentryCode)!, stored.ReentryCodeHash!);
        Assert.NotNull(stored.ReentryCodeIssuedAt);
    }

    [Fact]
    public async Task JoinAsync_NameTakenInOtherCase_IsRefusedAndCreatesNoSecondStudent()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());
        await _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None);

        var e = await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.JoinAsync(classroom.JoinCode, " ada ", None));

        Assert.Equal(ClassroomException.NameTaken, e.Code);
        Assert.Contains("re-entry code", e.Message);
        Assert.Single(await _db.Store.ListStudentsAsync(classroom.Id, None));
    }

    [Fact]
    public async Task JoinAsync_SameNameConcurrently_LetsExactlyOneIn()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());

        var attempts = Enumerable.Range(0, 4).Select(_ => Task.Run(() => _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None))).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async t => { try { await t; return "in"; } catch (ClassroomException e) { return e.Code; } }));

        Assert.Equal(1, outcomes.Count(o => o == "in"));
        Assert.All(outcomes.Where(o => o != "in"), o => Assert.Equal(ClassroomException.NameTaken, o));
        Assert.Single(await _db.Store.ListStudentsAsync(classroom.Id, None));
    }

    [Fact]
    public async Task JoinAsync_SameNameInAnotherClass_IsAllowed()
    {
        var teacher = await _db.AddInstructorAsync();
        await _db.Classrooms.JoinAsync((await _db.AddClassAsync(teacher)).JoinCode, "Ada", None);

        var other = await _db.Classrooms.JoinAsync((await _db.AddClassAsync(teacher)).JoinCode, "Ada", None);

        Assert.Equal("Ada", other.Student.DisplayName);
    }

    [Fact]
    public async Task RejoinAsync_RightCodeTypedLoosely_ReturnsTheSameStudentWithTheirWork()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());
        var joined = await _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada Lovelace", None);
        await _db.Store.CreateSubmissionAsync(joined.Student.Id, "lab", "ex", Workbench.Lab.Grading.SubmissionPayload.FromFiles(new Dictionary<string, string> { ["a.cs"] = "x" }), None);
        var typed = joined.ReentryCode!.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();

        var back = await _db.Classrooms.RejoinAsync(classroom.JoinCode.ToLowerInvariant(), " ada lovelace ", typed, None);

        Assert.Equal(joined.Student.Id, back.Student.Id);
        Assert.Null(back.ReentryCode);
        Assert.Single(await _db.Store.ListSubmissionsAsync(back.Student.Id, null, null, None));
        Assert.Single(await _db.Store.ListStudentsAsync(classroom.Id, None));
    }

    [Theory]
    [InlineData("Ada", "wrong")]
    [InlineData("Ada", "AAAA-AAAA-AAAA")]
    [InlineData("Nobody", null)]
    [InlineData("", null)]
    public async Task RejoinAsync_WrongCodeOrUnknownName_GivesTheSameError(string name, string? code)
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());
        var joined = await _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None);

        var e = await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.RejoinAsync(classroom.JoinCode, name, code ?? joined.ReentryCode, None));

        Assert.Equal(ClassroomException.InvalidReentryCode, e.Code);
        Assert.StartsWith("That name and re-entry code do not match a student of this class.", e.Message);
    }

    [Fact]
    public async Task RejoinAsync_CodeOfAnotherClassmate_IsRefused()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());
        await _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None);
        var bob = await _db.Classrooms.JoinAsync(classroom.JoinCode, "Bob", None);

        var e = await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.RejoinAsync(classroom.JoinCode, "Ada", bob.ReentryCode, None));

        Assert.Equal(ClassroomException.InvalidReentryCode, e.Code);
    }

    [Fact]
    public async Task ResetReentryCodeAsync_ByOwner_IssuesANewCodeAndTheOldOneStopsWorking()
    {
        var teacher = await _db.AddInstructorAsync();
        var classroom = await _db.AddClassAsync(teacher);
        var joined = await _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None);

        var reset = await _db.Classrooms.ResetReentryCodeAsync(classroom.Id, teacher.Id, joined.Student.Id, None);

        Assert.NotNull(reset);
        Assert.NotEqual(joined.ReentryCode, reset.Value.ReentryCode);
        Assert.Equal(joined.Student.Id, (await _db.Classrooms.RejoinAsync(classroom.JoinCode, "Ada", reset.Value.ReentryCode, None)).Student.Id);
        var e = await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.RejoinAsync(classroom.JoinCode, "Ada", joined.ReentryCode, None));
        Assert.Equal(ClassroomException.InvalidReentryCode, e.Code);
        Assert.Equal(reset.Value.IssuedAt, (await _db.Store.FindUserAsync(joined.Student.Id, None))!.ReentryCodeIssuedAt);
    }

    [Fact]
    public async Task ResetReentryCodeAsync_OtherInstructorOrForeignStudent_ReturnsNullAndKeepsTheCode()
    {
        var teacher = await _db.AddInstructorAsync();
        var other = await _db.AddInstructorAsync("other");
        var classroom = await _db.AddClassAsync(teacher);
        var joined = await _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None);
        var stranger = await _db.Classrooms.JoinAsync((await _db.AddClassAsync(other)).JoinCode, "Eve", None);

        Assert.Null(await _db.Classrooms.ResetReentryCodeAsync(classroom.Id, other.Id, joined.Student.Id, None));
        Assert.Null(await _db.Classrooms.ResetReentryCodeAsync(classroom.Id, teacher.Id, stranger.Student.Id, None));
        Assert.Equal(joined.Student.Id, (await _db.Classrooms.RejoinAsync(classroom.JoinCode, "Ada", joined.ReentryCode, None)).Student.Id);
    }

    [Fact]
    public async Task JoinAndRejoin_RaiseStudentJoinedForTheClass()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());
        var seen = new List<StudentJoined>();
        _db.Events.StudentJoined += seen.Add;

        var joined = await _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None);
        await _db.Classrooms.RejoinAsync(classroom.JoinCode, "Ada", joined.ReentryCode, None);
        await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.JoinAsync(classroom.JoinCode, "Ada", None));

        Assert.Equal([new StudentJoined(classroom.Id, joined.Student.Id, true), new StudentJoined(classroom.Id, joined.Student.Id, false)], seen);
    }

    [Fact]
    public async Task ResetAttemptsAsync_RaisesAttemptsResetWithTheCount()
    {
        var teacher = await _db.AddInstructorAsync();
        var classroom = await _db.AddClassAsync(teacher);
        var ada = await _db.JoinAsync(classroom, "Ada");
        var payload = Workbench.Lab.Grading.SubmissionPayload.FromFiles(new Dictionary<string, string> { ["a.cs"] = "x" });
        await _db.Store.CreateSubmissionAsync(ada.Id, "lab", "ex", payload, None);
        await _db.Store.CreateSubmissionAsync(ada.Id, "lab", "ex", payload, None);
        var seen = new List<AttemptsReset>();
        _db.Events.AttemptsReset += seen.Add;

        await _db.Classrooms.ResetAttemptsAsync(classroom.Id, teacher.Id, ada.Id, "lab", "ex", None);

        Assert.Equal(new AttemptsReset(classroom.Id, ada.Id, "lab", "ex", 2), Assert.Single(seen));
    }

    [Fact]
    public async Task UpdateQuotasAsync_AppliesToTheGateAtOnce()
    {
        var teacher = await _db.AddInstructorAsync();
        var classroom = await _db.AddClassAsync(teacher, requestsPerMinute: 5);
        var ada = await _db.JoinAsync(classroom, "Ada");
        var gate = new EngineAccessGate(4, _db.Policies, _db.Time);
        var caller = new EngineCaller(ada.Id, classroom.Id);
        (await gate.EnterAsync(caller, None)).Dispose(); // caches the policy (5/min)

        var updated = await _db.Classrooms.UpdateQuotasAsync(classroom.Id, teacher.Id, new QuotaPolicy(1, 0), None);

        Assert.Equal(1, updated!.RequestsPerMinute);
        var e = await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(caller, None).AsTask());
        Assert.Contains("1 of your 1 requests per minute", e.Message);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, QuotaPolicy.MaxValue + 1)]
    public async Task UpdateQuotasAsync_OutOfRange_IsRefusedAndKeepsTheOldQuotas(int requests, int tokens)
    {
        var teacher = await _db.AddInstructorAsync();
        var classroom = await _db.AddClassAsync(teacher, requestsPerMinute: 5, tokensPerMinute: 100);

        var e = await Assert.ThrowsAsync<ClassroomException>(() => _db.Classrooms.UpdateQuotasAsync(classroom.Id, teacher.Id, new QuotaPolicy(requests, tokens), None));

        Assert.Equal(ClassroomException.InvalidQuota, e.Code);
        var stored = await _db.Store.FindClassAsync(classroom.Id, None);
        Assert.Equal((5, 100), (stored!.RequestsPerMinute, stored.TokensPerMinute));
    }
}
