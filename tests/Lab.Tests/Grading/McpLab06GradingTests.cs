using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Lab 06's exercises as the content loader reads them from the repository's <c>labs/</c>, graded through
/// the real compiler, sandbox (the submission as an MCP stdio server) and the grader's MCP client.</summary>
[Collection(GradingCollection.Name)]
public sealed class McpLab06GradingTests(GradingFixture fixture, ITestOutputHelper output)
{
    private const string LabId = "06-mcp";

    private static LabDefinition Lab => RealLabs.Get(LabId);

    private static ExerciseDefinition Tool => Lab.FindExercise("mcp-tool")!;

    private static ExerciseDefinition Resource => Lab.FindExercise("mcp-resource")!;

    [Fact]
    public void Validate_Lab06_HasNoErrorsAndEmbedsTheMcpWidgets()
    {
        var errors = LabCatalogLoader.Validate(RealLabs.ContentDirectory, LabWidgets.Names);

        Assert.DoesNotContain(errors, e => e.File.StartsWith(LabId + "/", StringComparison.Ordinal));
        Assert.Equal(6, Lab.Order);
        Assert.Equal(["05-tool-calling"], Lab.Prerequisites);
        Assert.Equal(["mcp-tool", "mcp-resource", "quiz"], Lab.Exercises.Select(e => e.Id));
        Assert.Equal([ExerciseHost.McpServer, ExerciseHost.McpServer], Lab.Exercises.Where(e => e.Kind == ExerciseKind.Code).Select(e => e.Host));
        Assert.Empty(Tool.HarnessFilePaths);
        Assert.Equal([LabWidgets.McpServers, LabWidgets.McpTraffic, LabWidgets.McpToolTry, LabWidgets.McpToolLoop],
            Lab.Blocks.OfType<WidgetBlock>().Select(w => w.Name));
        Assert.Equal(["mcp-tool", "mcp-resource", "quiz"], Lab.Blocks.OfType<ExerciseBlock>().Select(b => b.ExerciseId));
    }

    [Fact]
    public async Task GradeAsync_ToolReference_PassesEveryCheck()
    {
        var result = await GradeAsync(Tool, RealLabs.Solution(Tool));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == Tool.MaxScore, Describe(result));
        Assert.Equal(5, result.Checks.Count);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_ToolStarter_FailsEveryCheckSayingWhy()
    {
        var result = await GradeAsync(Tool, RealLabs.Starter(Tool));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == 0, Describe(result));
        var messages = result.Checks.ToDictionary(c => c.Id, c => c.Message);
        Assert.Contains("slugify's description is missing", messages["listed"]);
        Assert.Contains("no property \"max_length\"", messages["input-schema"]);
        Assert.Contains("returned \"Hello, World!\", expected \"hello-world\"", messages["hidden-arguments"]);
        Assert.Contains("without isError", messages["bad-input"]);
    }

    [Fact]
    public async Task GradeAsync_ToolThatThrowsAPlainException_FailsOnlyTheBadInputCheck()
    {
        // The SDK turns any exception into isError, but only an McpException's message reaches the model.
        var solution = RealLabs.Solution(Tool, s => s.Replace("throw new McpException(", "throw new ArgumentException("));

        var result = await GradeAsync(Tool, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["bad-input"]), Describe(result));
        Assert.Contains("does not name \"max_length\"", result.Checks.Single(c => c.Id == "bad-input").Message);
    }

    [Fact]
    public async Task GradeAsync_ToolThatKeepsATrailingHyphen_FailsOnlyTheMaxLengthCheck()
    {
        var solution = RealLabs.Solution(Tool, s => s.Replace(".TrimEnd('-')", ""));

        var result = await GradeAsync(Tool, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["max-length"]), Describe(result));
        Assert.Contains("returned \"the-quick-\", expected \"the-quick\"", result.Checks.Single(c => c.Id == "max-length").Message);
    }

    [Fact]
    public async Task GradeAsync_ResourceReference_PassesEveryCheck()
    {
        var result = await GradeAsync(Resource, RealLabs.Solution(Resource));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == Resource.MaxScore, Describe(result));
        Assert.Equal(4, result.Checks.Count);
    }

    [Fact]
    public async Task GradeAsync_ResourceStarter_FailsEveryCheck()
    {
        var result = await GradeAsync(Resource, RealLabs.Starter(Resource));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == 0, Describe(result));
        Assert.Contains("has no template \"glossary://{term}\"", result.Checks.Single(c => c.Id == "template-listed").Message);
        Assert.Contains("Unknown resource URI", result.Checks.Single(c => c.Id == "reads-terms").Message);
    }

    [Fact]
    public async Task GradeAsync_ResourceThatAnswersUnknownTermsWithText_FailsTheUnknownTermCheckOnly()
    {
        var solution = RealLabs.Solution(Resource, s => s.Replace(
            ": throw new McpProtocolException($\"The glossary has no term '{term}' (see glossary://index).\", McpErrorCode.ResourceNotFound);",
            ": \"\";"));

        var result = await GradeAsync(Resource, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["unknown-term"]), Describe(result));
        Assert.Contains("must be a JSON-RPC error (resource not found)", result.Checks.Single(c => c.Id == "unknown-term").Message);
    }

    [Fact]
    public async Task GradeAsync_ResourceThatMatchesOnlyLowerCase_FailsTheAnyCaseCheckOnly()
    {
        var solution = RealLabs.Solution(Resource, s => s.Replace("var key = term.Trim().ToLowerInvariant();", "var key = term;"));

        var result = await GradeAsync(Resource, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["any-case"]), Describe(result));
    }

    [Fact]
    public async Task GradeAsync_QuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = Lab.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(Lab, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.Equal(5, quiz.Questions.Count);
    }

    private async Task<GradeResult> GradeAsync(ExerciseDefinition exercise, IReadOnlyDictionary<string, string> files)
    {
        var result = await fixture.Grader.GradeAsync(TestExercises.Submit(Lab, exercise, files), CancellationToken.None);
        output.WriteLine(Describe(result));
        return result;
    }

    private static string Describe(GradeResult result) =>
        result.Message + ": " + string.Join("; ", result.Checks.Select(c => $"{c.Id} {(c.Passed ? "passed" : "failed")} {c.Message}"));
}
