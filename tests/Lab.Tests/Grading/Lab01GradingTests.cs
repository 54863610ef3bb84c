using System.Diagnostics;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Lab 01's exercises as the content loader reads them, graded on the real engine and sandbox.</summary>
[Collection(GradingCollection.Name)]
public sealed class Lab01GradingTests(GradingFixture fixture, ITestOutputHelper output)
{
    private ExerciseDefinition ChatRequest => fixture.Lab01.FindExercise("chat-request")!;

    [Fact]
    public async Task GradeAsync_ReferenceSolution_PassesEveryCheck()
    {
        var result = await GradeAsync(RealLabs.Solution(ChatRequest));

        Assert.True(result.Outcome == GradeOutcome.Graded, result.Message);
        Assert.All(result.Checks, c => Assert.True(c.Passed, $"{c.Id}: {c.Message}"));
        Assert.All(result.Checks, c => Assert.Equal(2, c.TrialsPassed));
        Assert.Equal(ChatRequest.MaxScore, result.Score);
        Assert.Equal($"All 4 checks passed ({ChatRequest.MaxScore}/{ChatRequest.MaxScore} points)", result.Message);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_ReferenceSolutionWarm_ReportsTheGradingLatency()
    {
        var files = RealLabs.Solution(ChatRequest);
        await GradeAsync(files); // warm: Roslyn, the gateway, the engine

        var clock = Stopwatch.StartNew();
        var result = await GradeAsync(files, attempt: 2);
        clock.Stop();

        Assert.Equal(ChatRequest.MaxScore, result.Score);
        Assert.Equal(2, result.Attempt);
        Assert.InRange(result.Duration, TimeSpan.FromTicks(1), clock.Elapsed);
        output.WriteLine($"lab 01 chat-request, reference solution, warm grading latency: {result.Duration.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task GradeAsync_Starter_FailsEveryCheckNamingTheTodo()
    {
        var starter = RealLabs.Starter(ChatRequest);

        var result = await GradeAsync(starter);

        RealLabs.AssertEveryCheckFailsAtTheTodo(result, starter);
        Assert.All(result.Checks, c => Assert.StartsWith("trial 1 of 2: NotImplementedException: TODO", c.Message));
        Assert.Equal($"0 of 4 checks passed (0/{ChatRequest.MaxScore} points)", result.Message);
    }

    [Fact]
    public async Task GradeAsync_CompileError_ReturnsTheDiagnosticsAndRunsNoCheck()
    {
        var starter = ChatRequest.StarterFiles.Single().Content;
        var lines = starter.Split('\n').ToList();
        var throwLine = lines.FindIndex(l => l.Contains("throw new NotImplementedException"));
        lines.Insert(throwLine, "        var count = 1 +;");

        var result = await GradeAsync(new Dictionary<string, string> { ["Solution.cs"] = string.Join('\n', lines) });

        Assert.Equal(GradeOutcome.CompileError, result.Outcome);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == "error");
        Assert.Equal(("Solution.cs", throwLine + 1, 24, "CS1525"), (error.File, error.Line, error.Column, error.Code));
        Assert.Equal($"Your code does not compile: 1 error; the first is Solution.cs({throwLine + 1},24): CS1525 {error.Message}", result.Message);
        Assert.All(result.Checks, c => Assert.Equal("not run: the code does not compile", c.Message));
        Assert.Equal(0, result.Score);
    }

    [Fact]
    public async Task GradeAsync_RenamedMethod_SaysWhichMemberTheChecksUse()
    {
        var result = await GradeAsync(RealLabs.Solution(ChatRequest, s => s.Replace("AskAsync", "QueryAsync")));

        Assert.Equal(GradeOutcome.CompileError, result.Outcome);
        Assert.Contains("the checks use Solution.AskAsync", result.Message);
        Assert.All(result.Checks, c => Assert.False(c.Passed));
    }

    [Fact]
    public async Task GradeAsync_OnlyTheUserMessage_FailsTheMessagesCheckAndPassesTheOthers()
    {
        var solution = RealLabs.Solution(ChatRequest, s => s.Replace("new JsonObject { [\"role\"] = \"system\", [\"content\"] = system },", ""));

        var result = await GradeAsync(solution);

        var failed = result.Checks.Where(c => !c.Passed).ToList();
        Assert.True(failed.Count == 1, string.Join("; ", failed.Select(c => $"{c.Id}: {c.Message}")));
        var messages = failed[0];
        Assert.Equal("sends-system-and-user", messages.Id);
        Assert.Equal("trial 1 of 2: The request has 1 messages; expected 2 (system, then user).", messages.Message);
    }

    [Fact]
    public async Task GradeAsync_QuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = fixture.Lab01.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(fixture.Lab01, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.InRange(quiz.Questions.Count, 4, 5);
        Assert.Contains(quiz.Questions, q => q.Kind == QuizQuestionKind.Numeric);
    }

    [Fact]
    public async Task GradeAsync_CutTheReplyReference_PassesEveryCheck()
    {
        var exercise = fixture.Lab01.FindExercise("cut-the-reply")!;
        var files = new Dictionary<string, string> { ["sampling.json"] = File.ReadAllText(Path.Combine(exercise.SolutionDirectoryPath!, "sampling.json")) };

        var result = await fixture.Grader.GradeAsync(TestExercises.Submit(fixture.Lab01, exercise, files, 1), CancellationToken.None);

        Assert.True(result.Score == exercise.MaxScore, string.Join("; ", result.Checks.Select(c => $"{c.Id}: {c.Passed} {c.Message}")));
        Assert.Equal(3, exercise.Checks.Count);
    }

    [Fact]
    public async Task GradeAsync_CutTheReplyStarter_FailsTheLengthAndDeterminismChecks()
    {
        var exercise = fixture.Lab01.FindExercise("cut-the-reply")!;
        var files = RealLabs.Starter(exercise);

        var result = await fixture.Grader.GradeAsync(TestExercises.Submit(fixture.Lab01, exercise, files, 1), CancellationToken.None);

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.Contains("at-most-12", failed);
        Assert.Contains("same-every-time", failed);
        Assert.Contains(result.Checks, c => c.Id == "same-every-time" && c.Message.Contains("differs from seed 1", StringComparison.Ordinal));
        Assert.True(result.Score < exercise.MaxScore);
    }

    private Task<GradeResult> GradeAsync(IReadOnlyDictionary<string, string> files, int attempt = 1) =>
        fixture.Grader.GradeAsync(TestExercises.Submit(fixture.Lab01, ChatRequest, files, attempt), CancellationToken.None);
}
