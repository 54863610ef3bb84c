using System.Text.Json;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Grading;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Classrooms;

/// <summary><see cref="ClassDashboardBuilder"/> on submissions stored in a real SQLite database (<see cref="DashboardTestData"/>).</summary>
public sealed class ClassDashboardBuilderTests : IAsyncLifetime
{
    private DashboardTestData _data = null!;

    public async Task InitializeAsync() => _data = await DashboardTestData.CreateAsync();

    public async Task DisposeAsync() => await _data.Db.DisposeAsync();

    private Task<ClassDashboard?> BuildAsync(string? instructorId = null) =>
        new ClassDashboardBuilder(_data.Db.Store, _data.Catalog, _data.Db.Classrooms, _data.Time)
            .BuildAsync(_data.Class.Id, instructorId ?? _data.Instructor.Id, CancellationToken.None);

    [Fact]
    public async Task BuildAsync_Matrix_SumsTheBestScorePerExerciseAndCountsAttempts()
    {
        var dashboard = (await BuildAsync())!;

        Assert.Equal(["lab-a", "lab-b"], dashboard.Labs.Select(l => l.LabId));
        Assert.Equal([7, 4], dashboard.Labs.Select(l => l.MaxScore));
        Assert.Equal(["Ada", "Bob", "Cy"], dashboard.Students.Select(s => s.DisplayName));

        var ada = dashboard.Students[0];
        Assert.Equal((6, 7, 3, ProgressStatus.InProgress), Cell(ada.Labs[0]));
        Assert.Equal((0, 4, 1, ProgressStatus.InProgress), Cell(ada.Labs[1])); // a compile error scores 0
        Assert.Equal(ProgressStatus.Complete, ada.Labs[0].Exercises.Single(e => e.ExerciseId == "code").Status);
        Assert.Equal((6, 11), (ada.TotalScore, ada.TotalMaxScore));

        var bob = dashboard.Students[1];
        Assert.Equal((7, 7, 3, ProgressStatus.Complete), Cell(bob.Labs[0])); // best of 5 and 2, plus the quiz's 2
        Assert.Equal((0, 4, 1, ProgressStatus.InProgress), Cell(bob.Labs[1])); // pending: attempted, nothing scored

        var cy = dashboard.Students[2];
        Assert.All(cy.Labs, l => Assert.Equal((0, 0, ProgressStatus.NotStarted), (l.Score, l.Attempts, l.Status)));
    }

    [Fact]
    public async Task BuildAsync_PassRates_CountEachStudentsLatestScoredSubmission()
    {
        var dashboard = (await BuildAsync())!;

        var rates = dashboard.PassRates.ToDictionary(r => $"{r.LabId}/{r.ExerciseId}/{r.CheckId}");
        Assert.Equal(["lab-a/code/c1", "lab-a/code/c2", "lab-a/quiz/q1", "lab-a/quiz/q2", "lab-b/prop/p1"], rates.Keys);
        Assert.Equal((2, 2, 1.0), Rate(rates["lab-a/code/c1"]));
        Assert.Equal((1, 2, 0.5), Rate(rates["lab-a/code/c2"])); // Ada's latest passes, Bob's latest fails
        Assert.Equal((2, 2, 1.0), Rate(rates["lab-a/quiz/q1"]));
        Assert.Equal((1, 2, 0.5), Rate(rates["lab-a/quiz/q2"]));
        Assert.Equal((0, 1, 0.0), Rate(rates["lab-b/prop/p1"])); // Ada's compile error; Bob's is still pending
        Assert.Equal("Which role sets behaviour?", rates["lab-a/quiz/q1"].Title);
        Assert.Equal("Returns the text", rates["lab-a/code/c2"].Title);
    }

    [Fact]
    public async Task BuildAsync_AfterAReset_TheResetAttemptsNoLongerCount()
    {
        await _data.Db.Classrooms.ResetAttemptsAsync(_data.Class.Id, _data.Instructor.Id, _data.Bob.Id, "lab-a", "code", CancellationToken.None);

        var dashboard = (await BuildAsync())!;

        var bob = dashboard.Students.Single(s => s.DisplayName == "Bob");
        Assert.Equal((2, 7, 1, ProgressStatus.InProgress), Cell(bob.Labs[0]));
        Assert.Equal(ProgressStatus.NotStarted, bob.Labs[0].Exercises.Single(e => e.ExerciseId == "code").Status);
        var c2 = dashboard.PassRates.Single(r => r.CheckId == "c2");
        Assert.Equal((1, 1, 1.0), Rate(c2)); // only Ada's counts now
        Assert.Equal(2, dashboard.RecentSubmissions.Count(r => r.IsReset));
    }

    [Fact]
    public async Task BuildAsync_RecentSubmissions_NewestFirstWithNamesTitlesAndStatus()
    {
        var dashboard = (await BuildAsync())!;

        Assert.Equal(8, dashboard.RecentSubmissions.Count);
        var newest = dashboard.RecentSubmissions[0];
        Assert.Equal(("Bob", "Lab B, with a comma", "Grammar", 1, null, 4, SubmissionStatus.Pending),
            (newest.StudentName, newest.LabTitle, newest.ExerciseTitle, newest.Attempt, newest.Score, newest.MaxScore, newest.Status));
        var bobsSecond = dashboard.RecentSubmissions[1];
        Assert.Equal(("Bob", "quiz", 2, GradeOutcome.Graded), (bobsSecond.StudentName, bobsSecond.ExerciseId, bobsSecond.Score!.Value, bobsSecond.Outcome!.Value));
        Assert.Equal(dashboard.RecentSubmissions.OrderByDescending(r => r.CreatedAt).Select(r => r.SubmissionId), dashboard.RecentSubmissions.Select(r => r.SubmissionId));
    }

    [Fact]
    public async Task BuildAsync_AnotherInstructor_ReturnsNull()
    {
        var other = await _data.Db.AddInstructorAsync("other");

        Assert.Null(await BuildAsync(other.Id));
    }

    [Fact]
    public async Task Serialize_Dashboard_WritesStatusesInKebabCase()
    {
        var json = JsonSerializer.Serialize((await BuildAsync())!, JsonSerializerOptions.Web);

        Assert.Contains("\"status\":\"not-started\"", json);
        Assert.Contains("\"status\":\"in-progress\"", json);
        Assert.Contains("\"status\":\"pending\"", json);
        Assert.Contains("\"outcome\":\"compile-error\"", json);
    }

    private static (int, int, int, ProgressStatus) Cell(LabProgress p) => (p.Score, p.MaxScore, p.Attempts, p.Status);

    private static (int, int, double?) Rate(CheckPassRate r) => (r.Passed, r.Graded, r.Rate);
}
