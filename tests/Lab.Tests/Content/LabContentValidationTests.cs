using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.Content;

/// <summary>
/// Validation of broken content (the fixture labs under TestContent/invalid): every error is found in one pass
/// and located by file (relative to the labs root) and line.
/// </summary>
public sealed class LabContentValidationTests
{
    private const string CodeBroken = "exercises-bad/exercises/code-broken/exercise.yaml";
    private const string PropertyBroken = "exercises-bad/exercises/property-broken/exercise.yaml";
    private const string QuizBroken = "exercises-bad/exercises/quiz-broken/exercise.yaml";

    private static readonly IReadOnlyList<ContentError> Errors =
        LabCatalogLoader.Validate(ContentTestPaths.Fixture("invalid"), LabWidgets.Names);

    /// <summary>Every error the invalid fixture must produce: file, line and a fragment of the message.</summary>
    public static TheoryData<string, int, string> ExpectedErrors => new()
    {
        // front matter
        { "bad-front/lab.md", 2, "id 'Bad Front' must be lowercase letters, digits and hyphens" },
        { "bad-front/lab.md", 2, "missing required key 'title'" },
        { "bad-front/lab.md", 2, "missing required key 'summary'" },
        { "bad-front/lab.md", 3, "'order' must be an integer, got 'abc'" },
        { "bad-front/lab.md", 4, "minutes must be at least 1, got 0" },
        { "bad-front/lab.md", 5, "unknown key 'summry' in the front matter (did you mean 'summary'?)" },
        { "bad-front/lab.md", 6, "'objectives' must be a list" },
        { "bad-front/lab.md", 7, "unknown prerequisite lab 'no-such-lab'" },
        { "bad-front/lab.md", 7, "unknown prerequisite lab 'bad-front'" },
        { "no-front/lab.md", 1, "lab.md must start with YAML front matter" },
        { "unclosed-front/lab.md", 1, "the front matter is not closed" },
        { "no-lab-md/lab.md", 0, "every lab folder needs a lab.md" },
        { "dup-b/lab.md", 6, "duplicate lab id 'dup' (also used by dup-a/lab.md)" },
        // exercises listed vs folders, and the body's directives
        { "body/lab.md", 7, "exercise folder 'exercises/unlisted' is not listed" },
        { "body/lab.md", 7, "exercise 'missing-folder' has no folder exercises/missing-folder/" },
        { "exercises-bad/lab.md", 14, "exercise 'ghost' has no folder exercises/ghost/" },
        { "exercises-bad/exercises/no-yaml/exercise.yaml", 0, "every exercise folder needs an exercise.yaml" },
        { "body/lab.md", 11, "':::exercise nope' names an exercise not listed in the front matter's exercises (known: present, missing-folder)" },
        { "body/lab.md", 13, "unknown widget 'wire-inspektor' (known: agent-experiment, agent-run, chat-playground, context-gauge, forgetting-demo, grammar-steps, history-strategies, mcp-servers, mcp-tool-loop, mcp-tool-try, mcp-traffic, precision-picture, quant-compare, quantize, schema-modes, stream-compare, tool-definitions, tool-format-gallery, tool-loop-trace, tool-parser-matching, training-run, vram-calculator, weight-view, wire-inspector)" },
        { "body/lab.md", 18, "invalid YAML in widget options" },
        { "body/lab.md", 22, "widget options must be a YAML mapping" },
        { "body/lab.md", 29, "unknown directive ':::frobnicate'" },
        { "body/lab.md", 31, "':::' closes no widget block" },
        { "body/lab.md", 34, "exercise 'present' is already placed at line 33" },
        { "body/lab.md", 35, "':::exercise' takes exactly one exercise id" },
        { "body/lab.md", 37, "widget block ':::widget chat-playground' is not closed" },
        // exercise.yaml: common
        { "exercises-bad/exercises/unknown-kind/exercise.yaml", 3, "unknown kind 'essay' (known: code, property, quiz, training)" },
        { "exercises-bad/exercises/wrong-id/exercise.yaml", 1, "id 'other-id' must equal the exercise's folder name 'wrong-id'" },
        // code
        { CodeBroken, 5, "starter file 'Solution.cs' not found in solution/" },
        { CodeBroken, 5, "starter file 'Missing.cs' not found in starter/" },
        { CodeBroken, 5, "starter file 'Missing.cs' not found in solution/" },
        { CodeBroken, 8, "check 'undeclared' has no [Check(\"undeclared\")] method in checks/Checks.cs" },
        { CodeBroken, 9, "duplicate check id 'declared' (first at line 7)" },
        { CodeBroken, 10, "points must be 0 or more, got -1" },
        { CodeBroken, 11, "trials must be at least 1, got 0" },
        { CodeBroken, 12, "pass_threshold must be in (0, 1], got 1.5" },
        { CodeBroken, 13, "unknown key 'pionts' in a code check (did you mean 'points'?)" },
        { CodeBroken, 14, "'wall_seconds' must be greater than 0" },
        { CodeBroken, 15, "harness file 'Nope.cs' not found (expected exercises-bad/exercises/code-broken/harness/Nope.cs)" },
        { "exercises-bad/exercises/code-broken/checks/Checks.cs", 3, "the checks call harness operation 'missing-op', which the harness does not declare" },
        { "exercises-bad/exercises/code-no-checks/exercise.yaml", 1, "checks file 'checks/Checks.cs' not found" },
        // property
        { PropertyBroken, 4, "unknown target 'vibes' (known: grammar, system-prompt, sampling, json-schema, tool-schema)" },
        { PropertyBroken, 8, "a property check needs a 'prompt'" },
        { PropertyBroken, 11, "a property check needs at least one expectation" },
        { PropertyBroken, 17, "invalid regex" },
        // quiz
        { QuizBroken, 9, "a single-choice question has exactly one answer, got 2" },
        { QuizBroken, 14, "answer index 5 is out of range (options are 0..2)" },
        { QuizBroken, 15, "a numeric question needs an 'answer'" },
        { QuizBroken, 22, "tolerance must be 0 or more, got -1" },
        { QuizBroken, 23, "duplicate question id 'two-answers' (first at line 5)" },
    };

    [Theory]
    [MemberData(nameof(ExpectedErrors))]
    public void Validate_InvalidFixture_ReportsErrorAtFileAndLine(string file, int line, string fragment)
    {
        Assert.True(Errors.Any(e => e.File == file && e.Line == line && e.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected {file}:{line}: ...{fragment}... among:\n{string.Join('\n', Errors)}");
    }

    [Fact]
    public void Validate_InvalidFixture_ReportsEveryErrorAndNothingElse()
    {
        Assert.Equal(ExpectedErrors.Count(), Errors.Count);
    }

    [Fact]
    public void Validate_InvalidFixture_OrdersErrorsByFileThenLine()
    {
        var ordered = Errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line);

        Assert.Equal(ordered, Errors);
    }

    [Fact]
    public void Load_InvalidFixture_ThrowsWithEveryErrorInTheMessage()
    {
        var ex = Assert.Throws<LabContentException>(() => LabCatalogLoader.Load(ContentTestPaths.Fixture("invalid"), LabWidgets.Names));

        Assert.Equal(Errors, ex.Errors);
        Assert.Contains("body/lab.md:13: unknown widget 'wire-inspektor'", ex.Message);
        Assert.Contains("no-lab-md/lab.md: missing file", ex.Message);
    }

    [Fact]
    public void Validate_WidgetNotInKnownSet_IsUnknown()
    {
        var errors = LabCatalogLoader.Validate(ContentTestPaths.Fixture("valid"), new HashSet<string> { LabWidgets.WireInspector });

        var error = Assert.Single(errors);
        Assert.Equal(new ContentError("intro/lab.md", 27, "unknown widget 'chat-playground' (known: wire-inspector)"), error);
    }

    [Fact]
    public void Validate_MissingLabsFolder_ReportsIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "wb-no-such-labs-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Single(LabCatalogLoader.Validate(missing, LabWidgets.Names));
        Assert.Equal((missing, 0), (error.File, error.Line));
    }
}
