using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;
using Workbench.Lab.Tests.Storage;

namespace Workbench.Lab.Tests.Submissions;

/// <summary>What <see cref="SubmissionService.SubmitAsync"/> accepts and refuses (SQLite; no worker running, so
/// accepted submissions stay queued).</summary>
public sealed class SubmissionServiceTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private TestDatabase _database = null!;
    private LabStore _store = null!;
    private GradingQueue _queue = null!;
    private SubmissionEvents _events = null!;
    private SubmissionService _service = null!;
    private UserAccount _student = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _store = await _database.CreateMigratedStoreAsync();
        _queue = new GradingQueue();
        _events = new SubmissionEvents(NullLogger<SubmissionEvents>.Instance);
        _service = new SubmissionService(new TestLabCatalog(), _store, _queue, _events, NullLogger<SubmissionService>.Instance);
        _student = new UserAccount(Guid.NewGuid().ToString("N"), null, "Sam", LabRoles.Student, null, DateTimeOffset.UnixEpoch);
        await _store.CreateUserAsync(_student, None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SubmitAsync_ValidFiles_StoresPendingQueuesAndRaisesCreated()
    {
        Submission? announced = null;
        _events.SubmissionCreated += s => announced = s;

        var submission = await SubmitCodeAsync(new() { ["Solution.cs"] = "a", ["Helper.cs"] = "b" });

        Assert.Equal(SubmissionStatus.Pending, submission.Status);
        Assert.Same(submission, announced);
        Assert.Equal(1, _queue.Count);
        Assert.Equal(SubmissionStatus.Pending, (await _store.FindSubmissionAsync(submission.Id, None))!.Status);
    }

    [Fact]
    public async Task SubmitAsync_FilesAtTheSizeLimit_AreAccepted()
    {
        var half = new string('x', SubmissionService.MaxFilesSizeInBytes / 2);

        var submission = await SubmitCodeAsync(new() { ["Solution.cs"] = half, ["Helper.cs"] = half });

        Assert.Equal(1, submission.Attempt);
    }

    [Fact]
    public async Task SubmitAsync_FilesOverTheSizeLimit_AreRefused()
    {
        // 'é' is 2 UTF-8 bytes: the limit is on bytes, not characters.
        var e = await Assert.ThrowsAsync<InvalidSubmissionException>(() =>
            SubmitCodeAsync(new() { ["Solution.cs"] = new string('é', SubmissionService.MaxFilesSizeInBytes / 4 + 1), ["Helper.cs"] = new string('é', SubmissionService.MaxFilesSizeInBytes / 4) }));

        Assert.Contains("256 KiB", e.Message);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("no-such-lab", TestLabCatalog.CodeExerciseId, "There is no lab 'no-such-lab'.")]
    [InlineData(TestLabCatalog.LabId, "no-such-exercise", "Lab 'lab-1' has no exercise 'no-such-exercise'.")]
    public async Task SubmitAsync_UnknownLabOrExercise_IsRefused(string labId, string exerciseId, string message)
    {
        var e = await Assert.ThrowsAsync<InvalidSubmissionException>(() => _service.SubmitAsync(_student.Id, labId, exerciseId, Files(new() { ["Solution.cs"] = "" }), None));

        Assert.Equal(message, e.Message);
        Assert.IsAssignableFrom<ArgumentException>(e);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task SubmitAsync_FileNotAmongTheStarterFiles_IsRefused()
    {
        var e = await Assert.ThrowsAsync<InvalidSubmissionException>(() =>
            SubmitCodeAsync(new() { ["Solution.cs"] = "", ["Helper.cs"] = "", ["Evil.cs"] = "" }));

        Assert.Equal("Exercise 'code-1' has no file named 'Evil.cs'; its files are 'Helper.cs', 'Solution.cs'.", e.Message);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task SubmitAsync_StarterFileMissing_IsRefused()
    {
        var e = await Assert.ThrowsAsync<InvalidSubmissionException>(() => SubmitCodeAsync(new() { ["Solution.cs"] = "" }));

        Assert.Contains("'Helper.cs'", e.Message);
    }

    [Fact]
    public async Task SubmitAsync_AnswersToACodeExercise_AreRefused()
    {
        var payload = new SubmissionPayload(
            new Dictionary<string, string> { ["Solution.cs"] = "", ["Helper.cs"] = "" },
            new Dictionary<string, QuizAnswer> { ["single"] = new([1], null) });

        await Assert.ThrowsAsync<InvalidSubmissionException>(() =>
            _service.SubmitAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, payload, None));
    }

    [Fact]
    public async Task SubmitAsync_ValidQuizAnswers_AreStored()
    {
        var answers = new Dictionary<string, QuizAnswer> { ["single"] = new([1], null), ["multi"] = new([], null), ["number"] = new(null, 41.9) };

        var submission = await SubmitQuizAsync(answers);

        LabStoreTests.AssertSamePayload(SubmissionPayload.FromAnswers(answers), (await _store.FindSubmissionAsync(submission.Id, None))!.Payload);
    }

    [Theory]
    [InlineData("nope", new[] { 0 }, null, "Quiz 'quiz-1' has no question 'nope'.")]
    [InlineData("single", new[] { 0, 1 }, null, "Question 'single' takes exactly one option.")]
    [InlineData("single", null, 1.0, "Question 'single' takes a choice of options.")]
    [InlineData("multi", new[] { 0, 3 }, null, "Question 'multi' has options 0..2, each chosen at most once.")]
    [InlineData("multi", new[] { 2, 2 }, null, "Question 'multi' has options 0..2, each chosen at most once.")]
    [InlineData("number", null, null, "Question 'number' takes a number.")]
    [InlineData("number", null, double.NaN, "Question 'number' takes a number.")]
    public async Task SubmitAsync_MalformedQuizAnswer_IsRefused(string questionId, int[]? choices, double? number, string message)
    {
        var e = await Assert.ThrowsAsync<InvalidSubmissionException>(() =>
            SubmitQuizAsync(new Dictionary<string, QuizAnswer> { [questionId] = new(choices, number) }));

        Assert.Equal(message, e.Message);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task SubmitAsync_FilesToAQuiz_AreRefused()
    {
        await Assert.ThrowsAsync<InvalidSubmissionException>(() =>
            _service.SubmitAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.QuizId, Files(new() { ["Solution.cs"] = "" }), None));
    }

    [Fact]
    public async Task SubmitAsync_UnknownUser_ThrowsStoreException()
    {
        await Assert.ThrowsAsync<StoreException>(() =>
            _service.SubmitAsync("nobody", TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, Files(new() { ["Solution.cs"] = "", ["Helper.cs"] = "" }), None));

        Assert.Equal(0, _queue.Count);
    }

    private Task<Submission> SubmitCodeAsync(Dictionary<string, string> files) =>
        _service.SubmitAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, Files(files), None);

    private Task<Submission> SubmitQuizAsync(Dictionary<string, QuizAnswer> answers) =>
        _service.SubmitAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.QuizId, SubmissionPayload.FromAnswers(answers), None);

    private static SubmissionPayload Files(Dictionary<string, string> files) => SubmissionPayload.FromFiles(files);

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty(await _store.ListSubmissionsAsync(_student.Id, null, null, None));
        Assert.Equal(0, _queue.Count);
    }
}
