using Workbench.Lab.Content;
using Workbench.Lab.Grading;

namespace Workbench.Lab.Tests.TestSupport;

/// <summary>Exercises built in code for grader tests (the real lab 01 comes from <see cref="GradingFixture.Lab01"/>).</summary>
public static class TestExercises
{
    /// <summary>A lab holding <paramref name="exercise"/>, for <see cref="GradingRequest"/>.</summary>
    public static LabDefinition LabOf(ExerciseDefinition exercise) =>
        new("test-lab", "Test lab", 1, 5, "A lab for tests.", [], [], [], [], [exercise], exercise.DirectoryPath);

    /// <summary>
    /// A code exercise whose student file is <c>Solution.cs</c> and whose hidden checks are
    /// <paramref name="checksSource"/> (written to <c>checks/Checks.cs</c> under <paramref name="directory"/>).
    /// Each check runs <c>trials</c> times with threshold 1.
    /// </summary>
    public static ExerciseDefinition Code(string directory, string checksSource, SandboxLimits? limits, params (string Id, int Points, int Trials)[] checks)
    {
        var checksFile = Path.Combine(directory, "checks", "Checks.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(checksFile)!);
        File.WriteAllText(checksFile, checksSource);
        return new ExerciseDefinition
        {
            Id = "test-code",
            Title = "Test code exercise",
            Kind = ExerciseKind.Code,
            InstructionsHtml = "",
            DirectoryPath = directory,
            StarterFiles = [new StarterFile("Solution.cs", "")],
            Checks = [.. checks.Select(c => new CheckDefinition(c.Id, $"Check {c.Id}", c.Points, c.Trials))],
            ChecksFilePath = checksFile,
            Limits = limits ?? SandboxLimits.Default,
        };
    }

    /// <summary>A grading request submitting <paramref name="files"/> (name → content).</summary>
    public static GradingRequest Submit(LabDefinition lab, ExerciseDefinition exercise, IReadOnlyDictionary<string, string> files, int attempt = 1) =>
        new(lab, exercise, SubmissionPayload.FromFiles(files), attempt, "test-user");

    /// <summary>A grading request submitting one <c>Solution.cs</c>.</summary>
    public static GradingRequest SubmitSolution(ExerciseDefinition exercise, string solution) =>
        Submit(LabOf(exercise), exercise, new Dictionary<string, string> { ["Solution.cs"] = solution });
}
