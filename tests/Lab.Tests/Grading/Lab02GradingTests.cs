using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Lab 02's exercises as the content loader reads them from the repository's <c>labs/</c>, graded on the
/// real compiler and sandbox (the sliding-window checks are pure code: no model call).</summary>
[Collection(GradingCollection.Name)]
public sealed class Lab02GradingTests(GradingFixture fixture)
{
    private const string LabId = "02-chat-history";

    private static LabDefinition Lab => RealLabs.Get(LabId);

    private static ExerciseDefinition SlidingWindow => Lab.FindExercise("sliding-window")!;

    [Fact]
    public void Validate_Lab02_HasNoErrorsAndEmbedsTheHistoryWidgets()
    {
        var errors = LabCatalogLoader.Validate(RealLabs.ContentDirectory, LabWidgets.Names);

        Assert.DoesNotContain(errors, e => e.File.StartsWith(LabId + "/", StringComparison.Ordinal));
        Assert.Equal(["sliding-window", "cost-quiz"], Lab.Exercises.Select(e => e.Id));
        Assert.Equal([ExerciseKind.Code, ExerciseKind.Quiz], Lab.Exercises.Select(e => e.Kind));
        Assert.Equal([LabWidgets.ContextGauge, LabWidgets.HistoryStrategies, LabWidgets.ForgettingDemo],
            Lab.Blocks.OfType<WidgetBlock>().Select(w => w.Name));
        Assert.Equal(["sliding-window", "cost-quiz"], Lab.Blocks.OfType<ExerciseBlock>().Select(b => b.ExerciseId));
        Assert.Contains("01-chat-completions", Lab.Prerequisites);
    }

    [Fact]
    public async Task GradeAsync_SlidingWindowReference_PassesEveryCheck()
    {
        var result = await GradeAsync(RealLabs.Solution(SlidingWindow));

        RealLabs.AssertGraded(result);
        Assert.All(result.Checks, c => Assert.True(c.Passed, $"{c.Id}: {c.Message}"));
        Assert.Equal(SlidingWindow.MaxScore, result.Score);
        Assert.Equal(5, result.Checks.Count);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_SlidingWindowStarter_FailsEveryCheckNamingTheTodo()
    {
        var starter = RealLabs.Starter(SlidingWindow);

        var result = await GradeAsync(starter);

        RealLabs.AssertEveryCheckFailsAtTheTodo(result, starter);
    }

    [Fact]
    public async Task GradeAsync_WindowThatSplitsToolGroups_FailsTheToolCheck()
    {
        var solution = RealLabs.Solution(SlidingWindow, s => s.Replace("var start = UnitStart(messages, end - 1);", "var start = end - 1;"));

        var result = await GradeAsync(solution);

        RealLabs.AssertGraded(result);
        var tools = Assert.Single(result.Checks, c => c.Id == "tool-call-pairs");
        Assert.False(tools.Passed);
        Assert.Contains("The tool result alone would fit, but not with the call that asked for it", tools.Message);
        Assert.True(result.Checks.Single(c => c.Id == "newest-within-budget").Passed);
        Assert.True(result.Checks.Single(c => c.Id == "keeps-system-prompt").Passed);
    }

    [Fact]
    public async Task GradeAsync_WindowThatSkipsOverLongMessages_FailsTheOverLongCheck()
    {
        var solution = RealLabs.Solution(SlidingWindow, s => s.Replace("if (used + cost > tokenBudget) break;", "if (used + cost > tokenBudget) { end = start; continue; }"));

        var result = await GradeAsync(solution);

        var overLong = Assert.Single(result.Checks, c => c.Id == "over-long-message");
        Assert.False(overLong.Passed);
        Assert.Contains("An over-long message in the middle ends the window", overLong.Message);
        Assert.True(result.Score < SlidingWindow.MaxScore);
    }

    [Fact]
    public async Task GradeAsync_WindowThatReturnsInsteadOfThrowing_FailsOnlyTheOverLongCheck()
    {
        var solution = RealLabs.Solution(SlidingWindow, s => s.Replace("if ((hasConversation && !keptAny)", "if (tokenBudget < 0 && (hasConversation && !keptAny)"));

        var result = await GradeAsync(solution);

        var failed = result.Checks.Where(c => !c.Passed).ToList();
        Assert.True(failed.Count is 1 or 2, string.Join("; ", failed.Select(c => $"{c.Id}: {c.Message}")));
        Assert.Equal("over-long-message", failed[0].Id);
        Assert.Contains("throw ContextWindowExceededException", failed[0].Message);
        Assert.All(failed.Skip(1), c => Assert.Equal("random-histories", c.Id));
    }

    [Fact]
    public async Task GradeAsync_CostQuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = Lab.FindExercise("cost-quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(Lab, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.Equal(5, quiz.Questions.Count);
    }

    [Fact]
    public void CostQuiz_NumericAnswers_MatchTheResendArithmetic()
    {
        var quiz = Lab.FindExercise("cost-quiz")!;
        // 10 requests, 50-token user messages and replies, no system prompt: request k sends 2k - 1 messages.
        var full = Enumerable.Range(1, 10).Sum(k => (2 * k - 1) * 50);
        var windowed = Enumerable.Range(1, 10).Sum(k => Math.Min((2 * k - 1) * 50, 200));

        Assert.Equal(full, quiz.Questions.Single(q => q.Id == "ten-turns").Answer);
        Assert.Equal(windowed, quiz.Questions.Single(q => q.Id == "ten-turns-window").Answer);
    }

    private Task<GradeResult> GradeAsync(IReadOnlyDictionary<string, string> files) =>
        fixture.Grader.GradeAsync(TestExercises.Submit(Lab, SlidingWindow, files), CancellationToken.None);
}
