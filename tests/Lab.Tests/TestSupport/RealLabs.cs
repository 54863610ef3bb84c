using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;

namespace Workbench.Lab.Tests.TestSupport;

/// <summary>The repository's <c>labs/</c> as the content loader reads them (loaded once per test process), and the
/// submissions the lab grading tests build from their starters, reference solutions and quiz keys.</summary>
public static class RealLabs
{
    private static readonly Lazy<IReadOnlyList<LabDefinition>> All = new(() => LabCatalogLoader.Load(ContentDirectory, LabWidgets.Names));

    /// <summary>The repository's <c>labs/</c> (<c>LabOptions.ContentDirectory</c>).</summary>
    public static string ContentDirectory => Path.Combine(TestModels.RepoRoot, "labs");

    /// <summary>The lab with id <paramref name="labId"/>, for example <c>02-chat-history</c>.</summary>
    public static LabDefinition Get(string labId) => All.Value.Single(l => l.Id == labId);

    /// <summary>The exercise's starter files (name → content), as a student first sees them.</summary>
    public static Dictionary<string, string> Starter(ExerciseDefinition exercise) =>
        exercise.StarterFiles.ToDictionary(f => f.Name, f => f.Content);

    /// <summary>The reference solution of a one-file exercise (its starter file's name → the solution's content),
    /// changed by <paramref name="edit"/> when given; asserts that the edit changed something.</summary>
    public static Dictionary<string, string> Solution(ExerciseDefinition exercise, Func<string, string>? edit = null)
    {
        var name = exercise.StarterFiles.Single().Name;
        var text = File.ReadAllText(Path.Combine(exercise.SolutionDirectoryPath!, name));
        var edited = edit is null ? text : edit(text);
        Assert.True(edit is null || edited != text, "the edit did not change the reference solution");
        return new Dictionary<string, string> { [name] = edited };
    }

    /// <summary>Asserts the submission was graded (not a grading error), naming the grader's message when it was not,
    /// so an infrastructure failure says what went wrong.</summary>
    public static void AssertGraded(GradeResult result) =>
        Assert.True(result.Outcome == GradeOutcome.Graded, $"expected a graded result, got {result.Outcome}: {result.Message}");

    /// <summary>Asserts what grading an untouched code starter gives: graded, 0 points, and every check failed with
    /// the starter's <c>NotImplementedException: TODO</c> at its line of <c>Solution.cs</c>.</summary>
    public static void AssertEveryCheckFailsAtTheTodo(GradeResult result, IReadOnlyDictionary<string, string> starter)
    {
        AssertGraded(result);
        Assert.Equal(0, result.Score);
        var throwLine = starter["Solution.cs"].Split('\n').ToList().FindIndex(l => l.Contains("throw new NotImplementedException")) + 1;
        Assert.All(result.Checks, c =>
        {
            Assert.False(c.Passed);
            Assert.Contains("NotImplementedException: TODO", c.Message);
            Assert.EndsWith($"(at Solution.cs:{throwLine})", c.Message);
        });
    }

    /// <summary>A grading request answering every question of <paramref name="quiz"/> with its key.</summary>
    public static GradingRequest SubmitCorrectAnswers(LabDefinition lab, ExerciseDefinition quiz)
    {
        var answers = quiz.Questions.ToDictionary(q => q.Id, q => q.Kind == QuizQuestionKind.Numeric
            ? new QuizAnswer(null, q.Answer)
            : new QuizAnswer(q.CorrectChoices, null));
        return new GradingRequest(lab, quiz, SubmissionPayload.FromAnswers(answers), 1, "test-user");
    }
}
