using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;
using Workbench.Lab.Tests.Storage;

namespace Workbench.Lab.Tests.Submissions;

/// <summary>
/// The submission pipeline end to end in a real host (<c>AddLabStorage</c>) on a real database, with a scripted
/// grader: submit → stored Pending → graded by the worker → events. Run on SQLite and PostgreSQL
/// (<see cref="SqliteGradingWorkerTests"/>, <see cref="PostgresGradingWorkerTests"/>).
/// </summary>
public abstract class GradingWorkerTests(DatabaseProvider provider) : IAsyncLifetime
{
    // A guard against a hang, not a performance assertion: grading here takes milliseconds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly CancellationToken None = CancellationToken.None;

    private TestDatabase _database = null!;
    private LabStore _store = null!;
    private UserAccount _student = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _store = await _database.CreateMigratedStoreAsync();
        _student = new UserAccount(Guid.NewGuid().ToString("N"), null, "Sam", LabRoles.Student, null, DateTimeOffset.UnixEpoch);
        await _store.CreateUserAsync(_student, None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SubmitAsync_WorkerRunning_StoresPendingThenGradesAndRaisesEvents()
    {
        var grader = ScriptedGrader.Passing();
        using var host = LabTestHost.Build(_database.ConnectionString, grader);
        var created = new ConcurrentQueue<Submission>();
        var graded = new TaskCompletionSource<Submission>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Events().SubmissionCreated += created.Enqueue;
        host.Events().SubmissionGraded += s => graded.TrySetResult(s);
        await host.StartAsync();

        var submission = await host.Submissions().SubmitAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, CodeFiles(), None);
        var announced = await graded.Task.WaitAsync(Patience);
        await host.StopAsync();

        Assert.Equal((SubmissionStatus.Pending, 1), (submission.Status, submission.Attempt));
        Assert.Equal([submission], created);
        var request = Assert.Single(grader.Requests);
        Assert.Equal((TestLabCatalog.CodeExerciseId, 1, _student.Id), (request.Exercise.Id, request.Attempt, request.UserId));
        Assert.Equal("// mine", request.Payload.Files["Solution.cs"]);
        Assert.Equal((submission.Id, SubmissionStatus.Graded), (announced.Id, announced.Status));
        var stored = await _store.FindSubmissionAsync(submission.Id, None);
        Assert.NotNull(stored);
        Assert.Equal(SubmissionStatus.Graded, stored.Status);
        Assert.Equal((GradeOutcome.Graded, 5, 5, 1), (stored.Result!.Outcome, stored.Result.Score, stored.Result.MaxScore, stored.Result.Attempt));
        Assert.Equal(["a", "b"], stored.Result.Checks.Select(c => c.Id));
    }

    [Fact]
    public async Task GradingWorker_StoppedMidGrade_LeavesGradingAndTheNextWorkerGradesIt()
    {
        var blocking = ScriptedGrader.Blocking();
        Submission submission;
        using (var first = LabTestHost.Build(_database.ConnectionString, blocking))
        {
            await first.StartAsync();
            submission = await first.Submissions().SubmitAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, CodeFiles(), None);
            await blocking.Started.WaitAsync(Patience);
            await first.StopAsync();
        }

        Assert.True(blocking.SawCancellation);
        _database.ClearPool();
        var interrupted = await _database.CreateStore().FindSubmissionAsync(submission.Id, None);
        Assert.Equal(SubmissionStatus.Grading, interrupted!.Status);
        Assert.Null(interrupted.Result);
        Assert.Equal([submission.Id], (await _store.ListUngradedSubmissionsAsync(None)).Select(s => s.Id));

        var passing = ScriptedGrader.Passing();
        using var second = LabTestHost.Build(_database.ConnectionString, passing);
        var graded = new TaskCompletionSource<Submission>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.Events().SubmissionGraded += s => graded.TrySetResult(s);
        await second.StartAsync();
        var announced = await graded.Task.WaitAsync(Patience);
        await second.StopAsync();

        Assert.Equal(submission.Id, announced.Id);
        Assert.Equal(submission.Attempt, Assert.Single(passing.Requests).Attempt);
        var stored = await _store.FindSubmissionAsync(submission.Id, None);
        Assert.Equal((SubmissionStatus.Graded, GradeOutcome.Graded, 5), (stored!.Status, stored.Result!.Outcome, stored.Result.Score));
        Assert.Empty(await _store.ListUngradedSubmissionsAsync(None));
    }

    [Fact]
    public async Task GradingWorker_GraderThrows_StoresErrorOutcomeWithSafeMessage()
    {
        using var host = LabTestHost.Build(_database.ConnectionString, ScriptedGrader.Throwing());
        var graded = new TaskCompletionSource<Submission>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Events().SubmissionGraded += s => graded.TrySetResult(s);
        await host.StartAsync();

        var submission = await host.Submissions().SubmitAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, CodeFiles(), None);
        var announced = await graded.Task.WaitAsync(Patience);
        await host.StopAsync();

        var stored = await _store.FindSubmissionAsync(submission.Id, None);
        Assert.Equal(SubmissionStatus.Graded, stored!.Status);
        var result = stored.Result!;
        Assert.Equal((GradeOutcome.Error, 0, 5, 1), (result.Outcome, result.Score, result.MaxScore, result.Attempt));
        Assert.Equal(GradingWorker.GraderFailedMessage, result.Message);
        Assert.DoesNotContain("secret", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(GradeOutcome.Error, announced.Result!.Outcome);
    }

    [Fact]
    public async Task GradingWorker_SubmissionsPendingAtStart_GradesEachOnce()
    {
        var stored = new List<Submission>();
        for (var i = 0; i < 3; i++)
        {
            stored.Add(await _store.CreateSubmissionAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, CodeFiles(), None));
        }
        var grader = ScriptedGrader.Passing();
        using var host = LabTestHost.Build(_database.ConnectionString, grader);
        var graded = new ConcurrentDictionary<string, int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Events().SubmissionGraded += s =>
        {
            graded.AddOrUpdate(s.Id, 1, (_, n) => n + 1);
            if (graded.Count == stored.Count) all.TrySetResult();
        };

        await host.StartAsync();
        await all.Task.WaitAsync(Patience);
        await host.StopAsync();

        Assert.Equal(stored.Select(s => s.Id).Order(), graded.Keys.Order());
        Assert.All(graded.Values, n => Assert.Equal(1, n));
        Assert.Equal(3, grader.Requests.Count);
        Assert.Empty(await _store.ListUngradedSubmissionsAsync(None));
    }

    [Fact]
    public async Task SubmitAsync_TwentyAtOnce_AllGradedOnceWithDistinctAttempts()
    {
        var grader = ScriptedGrader.Passing();
        using var host = LabTestHost.Build(_database.ConnectionString, grader, gradingConcurrency: 3);
        var graded = new ConcurrentDictionary<string, int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Events().SubmissionGraded += s =>
        {
            graded.AddOrUpdate(s.Id, 1, (_, n) => n + 1);
            if (graded.Count == 20) all.TrySetResult();
        };
        await host.StartAsync();

        var submissions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            host.Submissions().SubmitAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, CodeFiles(), None))));
        await all.Task.WaitAsync(Patience);
        await host.StopAsync();

        Assert.Equal(Enumerable.Range(1, 20), submissions.Select(s => s.Attempt).Order());
        Assert.Equal(submissions.Select(s => s.Id).Order(), graded.Keys.Order());
        Assert.All(graded.Values, n => Assert.Equal(1, n));
        Assert.Equal(20, grader.Requests.Count);
        var rows = await _store.ListSubmissionsAsync(_student.Id, TestLabCatalog.LabId, TestLabCatalog.CodeExerciseId, None);
        Assert.All(rows, s => Assert.Equal(s.Attempt, s.Result!.Attempt));
    }

    [Fact]
    public async Task GradingWorker_ExerciseNoLongerInCatalog_StoresErrorOutcome()
    {
        var orphan = await _store.CreateSubmissionAsync(_student.Id, "removed-lab", "gone", CodeFiles(), None);
        var grader = ScriptedGrader.Passing();
        using var host = LabTestHost.Build(_database.ConnectionString, grader);
        var graded = new TaskCompletionSource<Submission>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Events().SubmissionGraded += s => graded.TrySetResult(s);

        await host.StartAsync();
        var announced = await graded.Task.WaitAsync(Patience);
        await host.StopAsync();

        Assert.Equal(orphan.Id, announced.Id);
        Assert.Equal(GradeOutcome.Error, announced.Result!.Outcome);
        Assert.Contains("no longer exists", announced.Result.Message);
        Assert.Empty(grader.Requests);
    }

    private static SubmissionPayload CodeFiles() =>
        SubmissionPayload.FromFiles(new Dictionary<string, string> { ["Solution.cs"] = "// mine", ["Helper.cs"] = "// helper" });
}

/// <summary><see cref="GradingWorkerTests"/> on SQLite.</summary>
public sealed class SqliteGradingWorkerTests() : GradingWorkerTests(DatabaseProvider.Sqlite);

/// <summary><see cref="GradingWorkerTests"/> on PostgreSQL.</summary>
public sealed class PostgresGradingWorkerTests() : GradingWorkerTests(DatabaseProvider.PostgreSql);
