using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.Content;

/// <summary>Single validation rules and parsing details, each on a small lab written to a temporary folder.</summary>
public sealed class LabCatalogLoaderRulesTests
{
    private const string PropertyYaml = """
        id: p
        title: P
        kind: property
        target: system-prompt
        instructions: Write a system prompt.
        starter: [prompt.txt, extra.txt]
        checks:
          - id: c
            title: C
            prompt: Hi
            system: Ignored here.
            seeds: [1, 2]
            trials: 3
            max_tokens: 0
            finish_reason: done
        """;

    [Fact]
    public void Validate_PropertyCheckMistakes_ReportsEachAtItsLine()
    {
        using var labs = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "p")),
            ("l/exercises/p/exercise.yaml", PropertyYaml),
            ("l/exercises/p/starter/prompt.txt", "Be brief."),
            ("l/exercises/p/starter/extra.txt", ""));

        var errors = Validate(labs);

        AssertErrors(errors,
            "l/exercises/p/exercise.yaml:6: a property exercise has exactly one starter file",
            "l/exercises/p/exercise.yaml:11: 'system' has no effect when the target is system-prompt",
            "l/exercises/p/exercise.yaml:12: seeds has 2 values but trials is 3",
            "l/exercises/p/exercise.yaml:14: max_tokens must be within 1..4096, got 0",
            "l/exercises/p/exercise.yaml:15: finish_reason must be 'stop' or 'length', got 'done'");
    }

    [Fact]
    public void Validate_WidgetOptionMistakes_AreReported()
    {
        using var labs = new TempLabs(("l/lab.md", TempLabs.FrontMatter("l") + """
            :::widget wire-inspector extra words
            user:
            :::
            :::widget chat-playground { system: [ }
            :::widget chat-playground
            :::
            """));

        var errors = Validate(labs);

        AssertErrors(errors,
            "l/lab.md:9: unexpected text 'extra words' after the widget name",
            "l/lab.md:10: widget option 'user' has no value",
            "l/lab.md:12: invalid YAML in widget options");
    }

    [Fact]
    public void Load_WidgetWithNoOptionLines_HasEmptyOptions()
    {
        using var labs = new TempLabs(("l/lab.md", TempLabs.FrontMatter("l") + ":::widget chat-playground\n:::\n"));

        var widget = Assert.IsType<WidgetBlock>(Assert.Single(LabCatalogLoader.Load(labs.Root, LabWidgets.Names)[0].Blocks));

        Assert.Equal((LabWidgets.ChatPlayground, 9), (widget.Name, widget.Line));
        Assert.Empty(widget.Options);
    }

    [Fact]
    public void Validate_ExerciseListedTwiceAndSelfPrerequisite_AreReported()
    {
        using var labs = new TempLabs(
            ("l/lab.md", "---\nid: l\ntitle: T\norder: 1\nminutes: 5\nsummary: S.\nprerequisites: [l]\nexercises: [q, q]\n---\n"),
            ("l/exercises/q/exercise.yaml", "id: q\ntitle: Q\nkind: quiz\nquestions:\n  - { id: a, kind: numeric, prompt: N, answer: 1 }\n"));

        var errors = Validate(labs);

        AssertErrors(errors,
            "l/lab.md:7: a lab cannot be its own prerequisite",
            "l/lab.md:8: exercise 'q' is listed twice");
    }

    [Fact]
    public void Validate_StarterNameWithFolderAndChecksFileOutsideExercise_AreReported()
    {
        using var labs = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "c")),
            ("l/exercises/c/exercise.yaml", "id: c\ntitle: C\nkind: code\ninstructions: I\nstarter: [../Solution.cs]\nchecks_file: ../Checks.cs\nharness: [H.cs]\nchecks:\n  - { id: x, title: X }\n"),
            ("l/exercises/c/harness/H.cs", "[HarnessOperation(\"x\")] static JsonNode? X(JsonNode? i, HarnessContext c) => i;"));

        var errors = Validate(labs);

        AssertErrors(errors,
            "l/exercises/c/exercise.yaml:5: starter file '../Solution.cs' must be a plain file name",
            "l/exercises/c/exercise.yaml:6: checks_file '../Checks.cs' must be a path inside the exercise folder");
    }

    [Fact]
    public void Validate_CodeExerciseHarness_MustBeListedExistAndDeclareTheOperationsTheChecksCall()
    {
        const string Yaml = "id: c\ntitle: C\nkind: code\ninstructions: I\nstarter: [Solution.cs]\nchecks:\n  - { id: x, title: X }\n";
        using var noHarness = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "c")),
            ("l/exercises/c/exercise.yaml", Yaml),
            ("l/exercises/c/starter/Solution.cs", "// start"),
            ("l/exercises/c/checks/Checks.cs", "[Check(\"x\")] Task X(CheckContext c) => c.CallAsync(\"run\");"));
        using var noOperation = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "c")),
            ("l/exercises/c/exercise.yaml", Yaml + "harness: [H.cs]\n"),
            ("l/exercises/c/starter/Solution.cs", "// start"),
            ("l/exercises/c/harness/H.cs", "static class H { }"),
            ("l/exercises/c/checks/Checks.cs", "[Check(\"x\")] Task X(CheckContext c) => c.CallAsync<int>(\"run\", null);"));

        Assert.Contains(Validate(noHarness), e => e.File == "l/exercises/c/exercise.yaml" && e.Message.Contains("'harness'", StringComparison.Ordinal));
        AssertErrors(Validate(noOperation),
            "l/exercises/c/checks/Checks.cs:1: the checks call harness operation 'run', which the harness does not declare",
            "l/exercises/c/exercise.yaml:8: the harness declares no [HarnessOperation(\"name\")] method");
    }

    [Fact]
    public void Load_CustomChecksFileWithoutSolutionFolder_UsesItAndHasNoSolution()
    {
        using var labs = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "c")),
            ("l/exercises/c/exercise.yaml", "id: c\ntitle: C\nkind: code\ninstructions: I\nstarter: [Solution.cs]\nchecks_file: hidden/MyChecks.cs\nharness: [H.cs]\nchecks:\n  - { id: x, title: X }\n"),
            ("l/exercises/c/harness/H.cs", "[HarnessOperation(\"x\")] static JsonNode? X(JsonNode? i, HarnessContext c) => i;"),
            ("l/exercises/c/starter/Solution.cs", "// start"),
            ("l/exercises/c/hidden/MyChecks.cs", "[Check(\"x\")] void X(CheckContext c) { }"));

        var exercise = LabCatalogLoader.Load(labs.Root, LabWidgets.Names)[0].Exercises.Single();

        Assert.Equal(Path.Combine(labs.Root, "l", "exercises", "c", "hidden", "MyChecks.cs"), exercise.ChecksFilePath);
        Assert.Equal([Path.Combine(labs.Root, "l", "exercises", "c", "harness", "H.cs")], exercise.HarnessFilePaths);
        Assert.Null(exercise.SolutionDirectoryPath);
        Assert.Equal(SandboxLimits.Default, exercise.Limits);
        Assert.Equal(new CheckDefinition("x", "X", 1), Assert.Single(exercise.Checks));
    }

    [Fact]
    public void Load_Footnotes_RenderInTheLastMarkdownChunk()
    {
        using var labs = new TempLabs(("l/lab.md", TempLabs.FrontMatter("l") + """
            ## First

            A claim.[^1]

            :::widget chat-playground
            :::

            The end.

            [^1]: The source.
            """));

        var markdown = LabCatalogLoader.Load(labs.Root, LabWidgets.Names)[0].Blocks.OfType<MarkdownBlock>().ToList();

        Assert.Equal(2, markdown.Count);
        Assert.Contains("<h2 id=\"first\">First</h2>", markdown[0].Html);
        Assert.Contains("fnref:1", markdown[0].Html);
        Assert.DoesNotContain("The source.", markdown[0].Html);
        Assert.Contains("The source.", markdown[1].Html);
        Assert.Equal(16, markdown[1].Line);
    }

    [Fact]
    public void Validate_DuplicateYamlKey_IsReported()
    {
        using var labs = new TempLabs(("l/lab.md", "---\nid: l\ntitle: T\ntitle: U\norder: 1\nminutes: 5\nsummary: S.\n---\n"));

        var error = Assert.Single(Validate(labs));

        Assert.Equal("l/lab.md", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("title", error.Message);
    }

    private static IReadOnlyList<ContentError> Validate(TempLabs labs) => LabCatalogLoader.Validate(labs.Root, LabWidgets.Names);

    /// <summary>Exactly one error per expectation, in order, each <c>file:line: message</c> starting with it.</summary>
    private static void AssertErrors(IReadOnlyList<ContentError> errors, params string[] expected)
    {
        var actual = errors.Select(e => e.ToString()).ToList();
        Assert.True(actual.Count == expected.Length && actual.Zip(expected).All(p => p.First.StartsWith(p.Second, StringComparison.Ordinal)),
            $"expected:\n{string.Join('\n', expected)}\nactual:\n{string.Join('\n', actual)}");
    }
}
