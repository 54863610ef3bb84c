using Workbench.Lab.Grading;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Storage;

public abstract partial class LabStoreTests
{
    [Fact]
    public async Task SubmissionLifecycle_PendingGradingGraded_RoundTripsPayloadResultAndGrades()
    {
        var student = await AddUserAsync(Student("Sam"));
        var payload = new SubmissionPayload(
            new Dictionary<string, string> { ["Solution.cs"] = "class Solution { /* é ✓ {\"json\"} */ }\n", ["Extra.cs"] = "" },
            new Dictionary<string, QuizAnswer> { ["q1"] = new([0, 2], null), ["q2"] = new(null, 3.25) });

        var created = await Store.CreateSubmissionAsync(student.Id, "01-chat", "chat-request", payload, None);
        Assert.Equal((SubmissionStatus.Pending, 1, false), (created.Status, created.Attempt, created.IsReset));
        Assert.Null(created.GradedAt);
        Assert.Null(created.Result);
        var pending = await Store.FindSubmissionAsync(created.Id, None);
        Assert.NotNull(pending);
        Assert.Equal(created with { Payload = pending.Payload }, pending);
        AssertSamePayload(payload, pending.Payload);

        await Store.MarkGradingAsync(created.Id, None);
        Assert.Equal(SubmissionStatus.Grading, (await Store.FindSubmissionAsync(created.Id, None))!.Status);

        var result = new GradeResult(
            GradeOutcome.Graded, 2, 5, TimeSpan.FromTicks(12_345_678_9), 1,
            [
                new CheckResult("sends-system-and-user", "Sends a system and a user message", true, "ok", 2, 2),
                new CheckResult("returns-text", "Returns the assistant's text", false, "Expected \"cat\", got ''.", 0, 3, 1, 2),
            ],
            [new CompileDiagnostic("Solution.cs", 3, 5, 3, 9, "warning", "CS0168", "The variable 'x' is declared but never used")],
            "1 of 2 checks passed");
        await Store.CompleteSubmissionAsync(created.Id, result, None);

        var graded = await Store.FindSubmissionAsync(created.Id, None);
        Assert.NotNull(graded);
        Assert.Equal(SubmissionStatus.Graded, graded.Status);
        Assert.NotNull(graded.GradedAt);
        Assert.True(graded.GradedAt > graded.CreatedAt);
        Assert.Equal(TimeSpan.Zero, graded.GradedAt.Value.Offset);
        AssertSameResult(result, graded.Result);
        Assert.Equal(
            result.Checks.Select((c, i) => (i, c.Id, c.Passed, c.Points, c.MaxPoints, c.Message)),
            await ReadGradesAsync(created.Id));
    }

    [Fact]
    public async Task CompleteSubmissionAsync_Again_ReplacesTheGrade()
    {
        var student = await AddUserAsync(Student("Sam"));
        var submission = await Store.CreateSubmissionAsync(student.Id, "lab", "ex", FilesPayload("a"), None);
        await Store.CompleteSubmissionAsync(submission.Id, PassingResult(1), None);

        var error = new GradeResult(GradeOutcome.Error, 0, 5, TimeSpan.FromSeconds(1), 1, [], [], "engine down");
        await Store.CompleteSubmissionAsync(submission.Id, error, None);

        AssertSameResult(error, (await Store.FindSubmissionAsync(submission.Id, None))!.Result);
        Assert.Empty(await ReadGradesAsync(submission.Id));
    }

    [Fact]
    public async Task CompleteSubmissionAsync_UnknownSubmission_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.CompleteSubmissionAsync("missing", PassingResult(1), None));
    }

    [Fact]
    public async Task MarkGradingAsync_GradedSubmission_StaysGraded()
    {
        var student = await AddUserAsync(Student("Sam"));
        var submission = await Store.CreateSubmissionAsync(student.Id, "lab", "ex", FilesPayload("a"), None);
        await Store.CompleteSubmissionAsync(submission.Id, PassingResult(1), None);

        await Store.MarkGradingAsync(submission.Id, None);

        Assert.Equal(SubmissionStatus.Graded, (await Store.FindSubmissionAsync(submission.Id, None))!.Status);
    }

    [Fact]
    public async Task CreateSubmissionAsync_Sequential_NumbersAttemptsPerUserAndExercise()
    {
        var sam = await AddUserAsync(Student("Sam"));
        var kim = await AddUserAsync(Student("Kim"));

        var attempts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            attempts.Add((await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload($"v{i}"), None)).Attempt);
        }

        Assert.Equal([1, 2, 3], attempts);
        Assert.Equal(1, (await Store.CreateSubmissionAsync(sam.Id, "lab", "other", FilesPayload("o"), None)).Attempt);
        Assert.Equal(1, (await Store.CreateSubmissionAsync(sam.Id, "lab2", "ex", FilesPayload("o"), None)).Attempt);
        Assert.Equal(1, (await Store.CreateSubmissionAsync(kim.Id, "lab", "ex", FilesPayload("o"), None)).Attempt);
    }

    [Fact]
    public async Task CreateSubmissionAsync_TwentyInParallel_GetDistinctConsecutiveAttempts()
    {
        var sam = await AddUserAsync(Student("Sam"));

        var submissions = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload($"v{i}"), None))));

        Assert.Equal(Enumerable.Range(1, 20), submissions.Select(s => s.Attempt).Order());
        var stored = await Store.ListSubmissionsAsync(sam.Id, "lab", "ex", None);
        Assert.Equal(Enumerable.Range(1, 20), stored.Select(s => s.Attempt).Order());
        Assert.All(submissions, s => Assert.Equal(s.Attempt, stored.Single(x => x.Id == s.Id).Attempt));
    }

    [Fact]
    public async Task CreateSubmissionAsync_UnknownUser_ThrowsStoreException()
    {
        await Assert.ThrowsAsync<StoreException>(() => Store.CreateSubmissionAsync("nobody", "lab", "ex", FilesPayload("a"), None));
    }

    [Fact]
    public async Task ListUngradedSubmissionsAsync_PendingAndGrading_OldestFirst()
    {
        var sam = await AddUserAsync(Student("Sam"));
        var kim = await AddUserAsync(Student("Kim"));
        var first = await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload("1"), None);
        var second = await Store.CreateSubmissionAsync(kim.Id, "lab", "ex", FilesPayload("2"), None);
        var third = await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload("3"), None);
        await Store.MarkGradingAsync(second.Id, None);
        await Store.MarkGradingAsync(third.Id, None);
        await Store.CompleteSubmissionAsync(third.Id, PassingResult(2), None);

        var ungraded = await Store.ListUngradedSubmissionsAsync(None);

        Assert.Equal([(first.Id, SubmissionStatus.Pending), (second.Id, SubmissionStatus.Grading)], ungraded.Select(s => (s.Id, s.Status)));
    }

    [Fact]
    public async Task ListSubmissionsAsync_Filters_ReturnNewestFirst()
    {
        var sam = await AddUserAsync(Student("Sam"));
        var a1 = await Store.CreateSubmissionAsync(sam.Id, "lab", "a", FilesPayload("1"), None);
        var b1 = await Store.CreateSubmissionAsync(sam.Id, "lab", "b", FilesPayload("2"), None);
        var a2 = await Store.CreateSubmissionAsync(sam.Id, "lab", "a", FilesPayload("3"), None);
        var other = await Store.CreateSubmissionAsync(sam.Id, "lab2", "a", FilesPayload("4"), None);

        Assert.Equal([other.Id, a2.Id, b1.Id, a1.Id], (await Store.ListSubmissionsAsync(sam.Id, null, null, None)).Select(s => s.Id));
        Assert.Equal([a2.Id, b1.Id, a1.Id], (await Store.ListSubmissionsAsync(sam.Id, "lab", null, None)).Select(s => s.Id));
        Assert.Equal([a2.Id, a1.Id], (await Store.ListSubmissionsAsync(sam.Id, "lab", "a", None)).Select(s => s.Id));
        Assert.Empty(await Store.ListSubmissionsAsync("someone-else", null, null, None));
    }

    [Fact]
    public async Task ListClassSubmissionsAsync_EnrolledStudentsOnly_NewestFirstUpToLimit()
    {
        var teacher = await AddUserAsync(Instructor("teacher"));
        var classroom = Class(teacher, "ABCD2345");
        var otherClass = Class(teacher, "WXYZ6789");
        await Store.CreateClassAsync(classroom, None);
        await Store.CreateClassAsync(otherClass, None);
        var sam = await AddUserAsync(Student("Sam"));
        var kim = await AddUserAsync(Student("Kim"));
        var outsider = await AddUserAsync(Student("Out"));
        await Store.EnrolAsync(classroom.Id, sam.Id, None);
        await Store.EnrolAsync(classroom.Id, kim.Id, None);
        await Store.EnrolAsync(otherClass.Id, outsider.Id, None);
        var s1 = await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload("1"), None);
        await Store.CreateSubmissionAsync(outsider.Id, "lab", "ex", FilesPayload("x"), None);
        var k1 = await Store.CreateSubmissionAsync(kim.Id, "lab", "ex", FilesPayload("2"), None);
        var s2 = await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload("3"), None);

        Assert.Equal([s2.Id, k1.Id, s1.Id], (await Store.ListClassSubmissionsAsync(classroom.Id, 10, None)).Select(s => s.Id));
        Assert.Equal([s2.Id, k1.Id], (await Store.ListClassSubmissionsAsync(classroom.Id, 2, None)).Select(s => s.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListClassSubmissionsAsync(classroom.Id, 0, None));
    }

    [Fact]
    public async Task ResetAttemptsAsync_MarksEachOnce_AndNumberingContinues()
    {
        var sam = await AddUserAsync(Student("Sam"));
        var first = await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload("1"), None);
        await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload("2"), None);
        var otherExercise = await Store.CreateSubmissionAsync(sam.Id, "lab", "other", FilesPayload("3"), None);
        await Store.CompleteSubmissionAsync(first.Id, PassingResult(1), None);

        Assert.Equal(2, await Store.ResetAttemptsAsync(sam.Id, "lab", "ex", None));
        Assert.Equal(0, await Store.ResetAttemptsAsync(sam.Id, "lab", "ex", None));

        Assert.All(await Store.ListSubmissionsAsync(sam.Id, "lab", "ex", None), s => Assert.True(s.IsReset));
        Assert.False((await Store.FindSubmissionAsync(otherExercise.Id, None))!.IsReset);
        Assert.Equal(SubmissionStatus.Graded, (await Store.FindSubmissionAsync(first.Id, None))!.Status);
        var next = await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload("4"), None);
        Assert.Equal((3, false), (next.Attempt, next.IsReset));
    }

    [Fact]
    public async Task ListCheckPassCountsAsync_LatestCountedAttemptPerStudent_CountsItsChecks()
    {
        var teacher = await AddUserAsync(Instructor("teacher"));
        var classroom = Class(teacher, "ABCD2345");
        await Store.CreateClassAsync(classroom, None);
        var sam = await AddUserAsync(Student("Sam"));
        var kim = await AddUserAsync(Student("Kim"));
        var outsider = await AddUserAsync(Student("Out"));
        await Store.EnrolAsync(classroom.Id, sam.Id, None);
        await Store.EnrolAsync(classroom.Id, kim.Id, None);

        // Sam: attempt 1 passes a only, attempt 2 passes both, attempt 3 is an Error (not counted).
        await GradeAsync(sam, Checks(true, false));
        await GradeAsync(sam, Checks(true, true));
        var error = await Store.CreateSubmissionAsync(sam.Id, "lab", "ex", FilesPayload("e"), None);
        await Store.CompleteSubmissionAsync(error.Id, new GradeResult(GradeOutcome.Error, 0, 5, TimeSpan.Zero, 3, [], [], "down"), None);
        // Kim: attempt 1 passes both but was reset; attempt 2 fails both.
        await GradeAsync(kim, Checks(true, true));
        await Store.ResetAttemptsAsync(kim.Id, "lab", "ex", None);
        await GradeAsync(kim, Checks(false, false));
        // Kim's pending attempt and an outsider's pass do not count.
        await Store.CreateSubmissionAsync(kim.Id, "lab", "ex", FilesPayload("p"), None);
        await GradeAsync(outsider, Checks(true, true));

        var rates = await Store.ListCheckPassCountsAsync(classroom.Id, None);

        Assert.Equal([new CheckPassCount("lab", "ex", "b-second", 1, 2), new CheckPassCount("lab", "ex", "a-first", 1, 2)], rates);
        Assert.Equal(0.5, rates[0].Rate);
    }

    private async Task GradeAsync(UserAccount user, IReadOnlyList<CheckResult> checks)
    {
        var submission = await Store.CreateSubmissionAsync(user.Id, "lab", "ex", FilesPayload("x"), None);
        var result = new GradeResult(GradeOutcome.Graded, checks.Sum(c => c.Points), 5, TimeSpan.FromSeconds(1), submission.Attempt, checks, [], "");
        await Store.CompleteSubmissionAsync(submission.Id, result, None);
    }

    // Deliberately not in id order: pass rates keep the checks' definition order.
    private static IReadOnlyList<CheckResult> Checks(bool b, bool a) =>
    [
        new("b-second", "B", b, b ? "ok" : "no", b ? 3 : 0, 3),
        new("a-first", "A", a, a ? "ok" : "no", a ? 2 : 0, 2),
    ];

    private async Task<List<(int, string, bool, int, int, string)>> ReadGradesAsync(string submissionId) =>
        [.. (await QueryAsync<GradeRow>(
                "SELECT position AS Position, check_id AS CheckId, passed AS Passed, points AS Points, max_points AS MaxPoints, message AS Message " +
                "FROM grades WHERE submission_id = @submissionId ORDER BY position",
                new { submissionId }))
            .Select(g => (g.Position, g.CheckId, g.Passed, g.Points, g.MaxPoints, g.Message))];

    protected static SubmissionPayload FilesPayload(string content) =>
        SubmissionPayload.FromFiles(new Dictionary<string, string> { ["Solution.cs"] = content });

    protected static GradeResult PassingResult(int attempt) => new(
        GradeOutcome.Graded, 5, 5, TimeSpan.FromMilliseconds(1500), attempt,
        [new CheckResult("a", "Check A", true, "ok", 2, 2), new CheckResult("b", "Check B", true, "ok", 3, 3, 2, 2)],
        [],
        "2 of 2 checks passed");

    internal static void AssertSameResult(GradeResult expected, GradeResult? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Checks = [], Diagnostics = [] }, actual with { Checks = [], Diagnostics = [] });
        Assert.Equal(expected.Checks, actual.Checks);
        Assert.Equal(expected.Diagnostics, actual.Diagnostics);
    }

    internal static void AssertSamePayload(SubmissionPayload expected, SubmissionPayload actual)
    {
        Assert.Equal(expected.Files.OrderBy(f => f.Key, StringComparer.Ordinal), actual.Files.OrderBy(f => f.Key, StringComparer.Ordinal));
        Assert.Equal(
            expected.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value.Choices?.ToArray(), a.Value.Number)),
            actual.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value.Choices?.ToArray(), a.Value.Number)));
    }
}
