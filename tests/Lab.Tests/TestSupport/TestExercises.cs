using Workbench.Lab.Content;
using Workbench.Lab.Grading;

namespace Workbench.Lab.Tests.TestSupport;

/// <summary>Exercises built in code for grader tests (the real lab 01 comes from <see cref="GradingFixture.Lab01"/>).</summary>
public static class TestExercises
{
    /// <summary>A lab holding <paramref name="exercise"/>, for <see cref="GradingRequest"/>.</summary>
    public static LabDefinition LabOf(ExerciseDefinition exercise) =>
        new("test-lab", "Test lab", 1, 5, "A lab for tests.", [], [], [], [], [exercise], exercise.DirectoryPath);

    /// <summary>The harness of <see cref="Code"/> exercises unless a test gives its own: the operation <c>run</c>
    /// awaits <c>Solution.RunAsync(HarnessContext)</c> and returns its result when it is a <c>Task&lt;string&gt;</c>
    /// (null otherwise).</summary>
    public const string DefaultHarness = """
        using System.Text.Json.Nodes;
        using Workbench.LabSdk;

        public static class TestHarness
        {
            [HarnessOperation("run")]
            public static async Task<JsonNode?> Run(JsonNode? input, HarnessContext context)
            {
                Task task = Solution.RunAsync(context);
                await task;
                return task is Task<string> text ? JsonValue.Create(text.Result) : null;
            }
        }
        """;

    /// <summary>
    /// A code exercise whose student file is <c>Solution.cs</c>, whose harness is <paramref name="harnessSource"/>
    /// (<see cref="DefaultHarness"/> when null; written to <c>harness/Harness.cs</c>) and whose hidden checks are
    /// <paramref name="checksSource"/> (written to <c>checks/Checks.cs</c> under <paramref name="directory"/>).
    /// Each check runs <c>trials</c> times with threshold 1.
    /// </summary>
    public static ExerciseDefinition Code(string directory, string checksSource, SandboxLimits? limits, params (string Id, int Points, int Trials)[] checks) =>
        Code(directory, null, checksSource, limits, checks);

    /// <inheritdoc cref="Code(string, string, SandboxLimits?, ValueTuple{string, int, int}[])"/>
    public static ExerciseDefinition Code(string directory, string? harnessSource, string checksSource, SandboxLimits? limits, params (string Id, int Points, int Trials)[] checks)
    {
        var checksFile = Path.Combine(directory, "checks", "Checks.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(checksFile)!);
        File.WriteAllText(checksFile, checksSource);
        var harnessFile = Path.Combine(directory, "harness", "Harness.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(harnessFile)!);
        File.WriteAllText(harnessFile, harnessSource ?? DefaultHarness);
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
            HarnessFilePaths = [harnessFile],
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
