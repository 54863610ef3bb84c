using Workbench.Lab.Content;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Content;

/// <summary>The content loader on MCP-server code exercises (yaml <c>host</c>) and on the real lab 06.</summary>
public sealed class McpExerciseContentTests
{
    private const string Yaml = "id: c\ntitle: C\nkind: code\ninstructions: I\nstarter: [Solution.cs]\nchecks:\n  - { id: x, title: X }\n";

    [Fact]
    public void Load_Lab06_HasItsMcpServerExercisesWithoutHarnessAndItsQuiz()
    {
        var errors = LabCatalogLoader.Validate(RealLabs.ContentDirectory, LabWidgets.Names);
        var lab = RealLabs.Get("06-mcp");

        Assert.DoesNotContain(errors, e => e.File.StartsWith("06-mcp/", StringComparison.Ordinal));
        Assert.Equal("MCP — tools between processes", lab.Title);
        Assert.All(lab.Exercises.Where(e => e.Kind == ExerciseKind.Code), e =>
        {
            Assert.Equal(ExerciseHost.McpServer, e.Host);
            Assert.Empty(e.HarnessFilePaths);
            Assert.NotNull(e.SolutionDirectoryPath);
        });
        Assert.Equal(ExerciseHost.Harness, RealLabs.Get("05-tool-calling").FindExercise("tool-call-parser")!.Host);
    }

    [Fact]
    public void Load_McpServerHost_NeedsNoHarnessAndAcceptsOneWithoutOperations()
    {
        using var noHarness = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "c")),
            ("l/exercises/c/exercise.yaml", Yaml + "host: mcp-server\n"),
            ("l/exercises/c/starter/Solution.cs", "// start"),
            ("l/exercises/c/checks/Checks.cs", "[Check(\"x\")] Task X(CheckContext c) => c.Mcp.ListToolsAsync();"));
        using var plainHarness = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "c")),
            ("l/exercises/c/exercise.yaml", Yaml + "host: mcp-server\nharness: [Glossary.cs]\n"),
            ("l/exercises/c/starter/Solution.cs", "// start"),
            ("l/exercises/c/harness/Glossary.cs", "static class Glossary { }"),
            ("l/exercises/c/checks/Checks.cs", "[Check(\"x\")] Task X(CheckContext c) => c.Mcp.ListToolsAsync();"));

        Assert.Empty(Validate(noHarness));
        Assert.Empty(Validate(plainHarness));
        var exercise = LabCatalogLoader.Load(plainHarness.Root, LabWidgets.Names).Single().Exercises.Single();
        Assert.Equal(ExerciseHost.McpServer, exercise.Host);
        Assert.Equal([Path.Combine(plainHarness.Root, "l", "exercises", "c", "harness", "Glossary.cs")], exercise.HarnessFilePaths);
    }

    [Fact]
    public void Validate_UnknownHostOrHarnessHostWithoutHarness_IsAnErrorAtItsLine()
    {
        using var unknown = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "c")),
            ("l/exercises/c/exercise.yaml", Yaml + "host: mcp-client\n"),
            ("l/exercises/c/starter/Solution.cs", "// start"),
            ("l/exercises/c/checks/Checks.cs", "[Check(\"x\")] Task X(CheckContext c) => Task.CompletedTask;"));
        using var harnessHost = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "c")),
            ("l/exercises/c/exercise.yaml", Yaml + "host: harness\n"),
            ("l/exercises/c/starter/Solution.cs", "// start"),
            ("l/exercises/c/checks/Checks.cs", "[Check(\"x\")] Task X(CheckContext c) => Task.CompletedTask;"));

        Assert.Contains(Validate(unknown), e => e.ToString() == "l/exercises/c/exercise.yaml:8: unknown host 'mcp-client' (known: harness, mcp-server)");
        Assert.Contains(Validate(harnessHost), e => e.File == "l/exercises/c/exercise.yaml" && e.Message.Contains("'harness'", StringComparison.Ordinal));
    }

    private static IReadOnlyList<ContentError> Validate(TempLabs labs) => LabCatalogLoader.Validate(labs.Root, LabWidgets.Names);
}
