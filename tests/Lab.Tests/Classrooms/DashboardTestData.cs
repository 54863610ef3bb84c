using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;
using Workbench.Lab.Tests.Quotas;

namespace Workbench.Lab.Tests.Classrooms;

/// <summary>
/// Two labs built in code and a class with three students whose submissions are stored in a real SQLite database:
/// <list type="bullet">
/// <item>Lab A (<c>lab-a</c>): code exercise <c>code</c> (checks c1 = 2, c2 = 3 points) and quiz <c>quiz</c>
/// (questions q1, q2, 1 point each); max 7.</item>
/// <item>Lab B (<c>lab-b</c>): property exercise <c>prop</c> (check p1 = 4 points); max 4.</item>
/// <item>Ada: code 2 then 5 points (attempt 2 passes both), quiz 1 point (q1 only); lab B: a compile error.</item>
/// <item>Bob: code 5 then 2 points (attempt 2 fails c2), quiz 2 points; lab B: one pending submission.</item>
/// <item>Cy: nothing.</item>
/// </list>
/// </summary>
public sealed class DashboardTestData
{
    public required ClassroomTestStore Db { get; init; }
    public required ManualTimeProvider Time { get; init; }
    public required IReadOnlyList<LabDefinition> Labs { get; init; }
    public required UserAccount Instructor { get; init; }
    public required Classroom Class { get; init; }
    public required UserAccount Ada { get; init; }
    public required UserAccount Bob { get; init; }
    public required UserAccount Cy { get; init; }

    public ILabCatalog Catalog => new Catalog_(Labs);

    public static async Task<DashboardTestData> CreateAsync(string? adaName = null)
    {
        var time = new ManualTimeProvider();
        var db = await ClassroomTestStore.CreateAsync(time);
        var instructor = await db.AddInstructorAsync();
        var classroom = await db.AddClassAsync(instructor);
        var ada = await db.JoinAsync(classroom, adaName ?? "Ada");
        var bob = await db.JoinAsync(classroom, "Bob");
        var cy = await db.JoinAsync(classroom, "Cy");
        var data = new DashboardTestData { Db = db, Time = time, Labs = BuildLabs(), Instructor = instructor, Class = classroom, Ada = ada, Bob = bob, Cy = cy };

        await data.GradedAsync(ada, "lab-a", "code", GradeOutcome.Graded, ("c1", 2, true), ("c2", 3, false));
        await data.GradedAsync(ada, "lab-a", "code", GradeOutcome.Graded, ("c1", 2, true), ("c2", 3, true));
        await data.GradedAsync(ada, "lab-a", "quiz", GradeOutcome.Graded, ("q1", 1, true), ("q2", 1, false));
        await data.GradedAsync(ada, "lab-b", "prop", GradeOutcome.CompileError);
        await data.GradedAsync(bob, "lab-a", "code", GradeOutcome.Graded, ("c1", 2, true), ("c2", 3, true));
        await data.GradedAsync(bob, "lab-a", "code", GradeOutcome.Graded, ("c1", 2, true), ("c2", 3, false));
        await data.GradedAsync(bob, "lab-a", "quiz", GradeOutcome.Graded, ("q1", 1, true), ("q2", 1, true));
        time.Advance(TimeSpan.FromSeconds(1));
        await db.Store.CreateSubmissionAsync(bob.Id, "lab-b", "prop", Files(), CancellationToken.None);
        return data;
    }

    /// <summary>Stores a submission and its grade: each check (id, points, passed).</summary>
    public async Task<Submission> GradedAsync(UserAccount student, string labId, string exerciseId, GradeOutcome outcome, params (string Id, int Points, bool Passed)[] checks)
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        var submission = await Db.Store.CreateSubmissionAsync(student.Id, labId, exerciseId, Files(), CancellationToken.None);
        var results = checks.Select(c => new CheckResult(c.Id, "Check " + c.Id, c.Passed, c.Passed ? "ok" : "failed", c.Passed ? c.Points : 0, c.Points)).ToList();
        var max = Labs.Single(l => l.Id == labId).FindExercise(exerciseId)!.MaxScore;
        var result = new GradeResult(outcome, results.Sum(r => r.Points), max, TimeSpan.FromMilliseconds(250), submission.Attempt, results, [], "graded");
        await Db.Store.CompleteSubmissionAsync(submission.Id, result, CancellationToken.None);
        return submission;
    }

    private static SubmissionPayload Files() => SubmissionPayload.FromFiles(new Dictionary<string, string> { ["Solution.cs"] = "// code" });

    private static IReadOnlyList<LabDefinition> BuildLabs()
    {
        ExerciseDefinition code = new()
        {
            Id = "code", Title = "Code", Kind = ExerciseKind.Code, InstructionsHtml = "", DirectoryPath = "/labs/a/exercises/code",
            Checks = [new CheckDefinition("c1", "Calls the endpoint", 2), new CheckDefinition("c2", "Returns the text", 3)],
        };
        ExerciseDefinition quiz = new()
        {
            Id = "quiz", Title = "Quiz", Kind = ExerciseKind.Quiz, InstructionsHtml = "", DirectoryPath = "/labs/a/exercises/quiz",
            Questions =
            [
                new QuizQuestion("q1", QuizQuestionKind.Single, "<p>Which <strong>role</strong> sets behaviour?</p>", ["system", "user"], 1, [0], null, 0, null),
                new QuizQuestion("q2", QuizQuestionKind.Numeric, "<p>How many tokens?</p>", [], 1, [], 210, 0, null),
            ],
        };
        ExerciseDefinition prop = new()
        {
            Id = "prop", Title = "Grammar", Kind = ExerciseKind.Property, InstructionsHtml = "", DirectoryPath = "/labs/b/exercises/prop",
            Target = PropertyTarget.Grammar, Checks = [new CheckDefinition("p1", "Valid JSON", 4)],
        };
        return
        [
            new LabDefinition("lab-a", "Lab A", 1, 30, "A.", [], [], [], [], [code, quiz], "/labs/a"),
            new LabDefinition("lab-b", "Lab B, with a comma", 2, 30, "B.", [], [], [], [], [prop], "/labs/b"),
        ];
    }

    private sealed class Catalog_(IReadOnlyList<LabDefinition> labs) : ILabCatalog
    {
        public IReadOnlyList<LabDefinition> Labs => labs;

        public LabDefinition? FindLab(string labId) => labs.FirstOrDefault(l => l.Id == labId);
    }
}
