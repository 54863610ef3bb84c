using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Grading;

/// <summary>What the dispatcher adds: attempt and duration, and errors that are not the student's fault.</summary>
[Collection(GradingCollection.Name)]
public sealed class ExerciseGraderTests(GradingFixture fixture) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GradeAsync_Quiz_StampsAttemptAndDuration()
    {
        var quiz = fixture.Lab01.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(
            new GradingRequest(fixture.Lab01, quiz, SubmissionPayload.FromAnswers(new Dictionary<string, QuizAnswer>()), 7, null), CancellationToken.None);

        Assert.Equal(7, result.Attempt);
        Assert.True(result.Duration > TimeSpan.Zero);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Equal("Not answered.", c.Message));
    }

    [Fact]
    public async Task GradeAsync_CheckWithoutAMethod_IsAGradingError()
    {
        var exercise = TestExercises.Code(_directory.Path, "namespace Hidden; public static class Empty { }", null, ("missing", 1, 1));

        var result = await fixture.Grader.GradeAsync(TestExercises.SubmitSolution(exercise, "public static class Solution { }"), CancellationToken.None);

        Assert.Equal(GradeOutcome.Error, result.Outcome);
        Assert.Equal("Grading could not run: Exercise 'test-code': the checks file has no [Check(\"missing\")] method.", result.Message);
    }

    [Fact]
    public async Task GradeAsync_NoModelLoaded_IsAGradingErrorNotAFailure()
    {
        await using var empty = new LlamaEngine(TestModels.Options());
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IInferenceEngine>(empty)
            .AddLabGrading();
        services.AddOptions<LabOptions>().Configure(o => { o.DataDirectory = _directory.Path; o.ModelWaitSeconds = 1; });
        await using var provider = services.BuildServiceProvider();
        var chatRequest = fixture.Lab01.FindExercise("chat-request")!;
        var solution = File.ReadAllText(Path.Combine(chatRequest.SolutionDirectoryPath!, "Solution.cs"));

        var result = await provider.GetRequiredService<IExerciseGrader>().GradeAsync(
            TestExercises.Submit(fixture.Lab01, chatRequest, new Dictionary<string, string> { ["Solution.cs"] = solution }), CancellationToken.None);

        Assert.Equal(GradeOutcome.Error, result.Outcome);
        Assert.StartsWith("Grading could not run: No model is loaded", result.Message);
    }

    [Fact]
    public async Task GradeAsync_Cancelled_Throws()
    {
        var exercise = fixture.Lab01.FindExercise("chat-request")!;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Grader.GradeAsync(
            TestExercises.Submit(fixture.Lab01, exercise, new Dictionary<string, string>()), cancelled.Token));
    }
}
