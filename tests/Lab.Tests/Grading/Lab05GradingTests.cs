using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Lab 05's exercises as the content loader reads them from the repository's <c>labs/</c>, graded on the
/// real compiler and sandbox (the parser) and on stories260K (the tool schema's forced calls).</summary>
[Collection(Stories260KGradingCollection.Name)]
public sealed class Lab05GradingTests(Stories260KGradingFixture fixture, ITestOutputHelper output)
{
    private const string LabId = "05-tool-calling";

    private static LabDefinition Lab => RealLabs.Get(LabId);

    private static ExerciseDefinition Parser => Lab.FindExercise("tool-call-parser")!;

    private static ExerciseDefinition ToolSchema => Lab.FindExercise("tool-schema")!;

    [Fact]
    public void Validate_Lab05_HasNoErrorsAndEmbedsTheToolWidgets()
    {
        var errors = LabCatalogLoader.Validate(RealLabs.ContentDirectory, LabWidgets.Names);

        Assert.DoesNotContain(errors, e => e.File.StartsWith(LabId + "/", StringComparison.Ordinal));
        Assert.Equal(5, Lab.Order);
        Assert.Equal(["04-structured-output"], Lab.Prerequisites);
        Assert.Equal(["tool-call-parser", "tool-schema", "quiz"], Lab.Exercises.Select(e => e.Id));
        Assert.Equal([ExerciseKind.Code, ExerciseKind.Property, ExerciseKind.Quiz], Lab.Exercises.Select(e => e.Kind));
        Assert.Equal(PropertyTarget.ToolSchema, ToolSchema.Target);
        Assert.Equal([LabWidgets.ToolDefinitions, LabWidgets.ToolFormatGallery, LabWidgets.ToolParserMatching, LabWidgets.ToolLoopTrace],
            Lab.Blocks.OfType<WidgetBlock>().Select(w => w.Name));
        Assert.Equal(["tool-call-parser", "tool-schema", "quiz"], Lab.Blocks.OfType<ExerciseBlock>().Select(b => b.ExerciseId));
    }

    [Fact]
    public async Task GradeAsync_ParserReference_PassesEveryCheck()
    {
        var result = await GradeAsync(Parser, RealLabs.Solution(Parser));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == Parser.MaxScore, Describe(result));
        Assert.All(result.Checks, c => Assert.Equal(c.Trials, c.TrialsPassed));
        Assert.Equal(7, result.Checks.Count);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_ParserStarter_CompilesAndFailsEveryCheckWithACall()
    {
        // The starter is the wrong parser: everything is content. Only the check without calls passes.
        var result = await GradeAsync(Parser, RealLabs.Starter(Parser));

        RealLabs.AssertGraded(result);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["plain-text"], result.Checks.Where(c => c.Passed).Select(c => c.Id));
        Assert.All(result.Checks.Where(c => !c.Passed), c => Assert.Contains("your parser found 0 call(s)", c.Message));
        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task GradeAsync_ParserThatDoesNotHoldBackHalfATag_FailsOnlyTheStreamingCheck()
    {
        var solution = RealLabs.Solution(Parser, s => s.Replace("var keep = PartialTagLength(text, Open);", "var keep = 0;"));

        var result = await GradeAsync(Parser, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["streaming-cuts"]), Describe(result));
        Assert.Contains("one character per Feed", result.Checks.Single(c => c.Id == "streaming-cuts").Message);
    }

    [Fact]
    public async Task GradeAsync_ParserThatDropsAnUnclosedCall_FailsTheRescueCheck()
    {
        var solution = RealLabs.Solution(Parser, s => s.Replace("if (_inCall) EndCall(_pending.ToString(), closed: false);", "if (_inCall) { }"));

        var result = await GradeAsync(Parser, solution);

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.Contains("unclosed-call", failed);
        Assert.DoesNotContain("real-outputs", failed);
        Assert.DoesNotContain("multiple-calls", failed);
    }

    [Fact]
    public async Task GradeAsync_ParserThatDropsMalformedCalls_FailsTheMalformedCheck()
    {
        var solution = RealLabs.Solution(Parser, s => s.Replace("_content.Append(Open).Append(body);", "").Replace("if (closed) _content.Append(Close);", ""));

        var result = await GradeAsync(Parser, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["malformed"]), Describe(result));
    }

    [Fact]
    public async Task GradeAsync_ToolSchemaReference_PassesEveryCheck()
    {
        var result = await GradeAsync(ToolSchema, RealLabs.Solution(ToolSchema));

        Assert.True(result.Score == ToolSchema.MaxScore, Describe(result));
        Assert.All(result.Checks, c => Assert.Equal(c.Trials, c.TrialsPassed));
    }

    [Fact]
    public async Task GradeAsync_ToolSchemaStarter_FailsEveryCheck()
    {
        var result = await GradeAsync(ToolSchema, RealLabs.Starter(ToolSchema));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == 0, Describe(result));
        Assert.All(result.Checks, c => Assert.False(c.Passed));
    }

    [Fact]
    public async Task GradeAsync_ToolSchemaWithoutPartySizeBounds_FailsThePartySizeCheck()
    {
        var loose = RealLabs.Solution(ToolSchema, s => s.Replace("\"minimum\": 1, \"maximum\": 12", "\"minimum\": 0, \"maximum\": 999"));

        var result = await GradeAsync(ToolSchema, loose);

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.True(failed.SequenceEqual(["party-size", "nothing-else"]), Describe(result));
        Assert.Contains("book_table's arguments", result.Checks.Single(c => c.Id == "party-size").Message);
        Assert.Contains("/party_size", result.Checks.Single(c => c.Id == "party-size").Message);
    }

    [Fact]
    public async Task GradeAsync_ToolSchemaWithExtraArguments_FailsTheNothingElseCheckOnly()
    {
        var open = RealLabs.Solution(ToolSchema, s => s.Replace("\"enum\": [\"indoor\", \"terrace\", \"bar\"] }", "\"enum\": [\"indoor\", \"terrace\", \"bar\"] },\n        \"notes\": { \"const\": \"window seat\" }")
            .Replace("\"required\": [\"restaurant\", \"party_size\", \"date\", \"time\"]", "\"required\": [\"restaurant\", \"party_size\", \"date\", \"time\", \"notes\"]"));

        var result = await GradeAsync(ToolSchema, open);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["nothing-else"]), Describe(result));
    }

    [Theory]
    [InlineData("{\"type\": \"object\", \"properties\": {}}", "must be an OpenAI tool")]
    [InlineData("{\"type\": \"function\", \"function\": {\"name\": \"book table\"}}", "function.name")]
    [InlineData("{\"type\": \"function\", \"function\": {\"name\": \"book_table\", \"parameters\": {\"type\": \"array\"}}}", "must be an object schema")]
    [InlineData("{\"type\": \"function\", \"function\": {\"name\": \"book_table\", \"parameters\": {\"type\": \"object\", \"properties\": {\"time\": {\"type\": \"string\", \"pattern\": \"^[0-2][0-9]:[0-5][0-9]$\"}}}}}", "pattern")]
    [InlineData("{\"type\": \"function\",", "not valid JSON")]
    public async Task GradeAsync_ToolDefinitionTheGraderCannotUse_FailsEveryCheckSayingWhy(string definition, string reason)
    {
        var result = await GradeAsync(ToolSchema, new Dictionary<string, string> { ["book_table.json"] = definition });

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Contains(reason, c.Message));
    }

    [Fact]
    public async Task GradeAsync_QuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = Lab.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(Lab, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.Equal(6, quiz.Questions.Count);
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
