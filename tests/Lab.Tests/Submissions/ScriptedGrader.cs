using System.Collections.Concurrent;
using Workbench.Lab.Grading;

namespace Workbench.Lab.Tests.Submissions;

/// <summary>A stand-in for the real grader (a neighbour's double): records requests and answers from a script.</summary>
public sealed class ScriptedGrader(Func<GradingRequest, CancellationToken, Task<GradeResult>> grade) : IExerciseGrader
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<GradingRequest> Requests { get; } = new();

    /// <summary>Completes when the first request arrives.</summary>
    public Task Started => _started.Task;

    /// <summary>Set when a request's token was cancelled while grading.</summary>
    public bool SawCancellation { get; private set; }

    /// <summary>Passes every check of code exercises (full points).</summary>
    public static ScriptedGrader Passing() => new((request, _) => Task.FromResult(Pass(request)));

    /// <summary>Grades nothing until cancelled (a grade interrupted by shutdown).</summary>
    public static ScriptedGrader Blocking() => new(async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    /// <summary>Fails with an internal message that must not reach the student.</summary>
    public static ScriptedGrader Throwing() => new((_, _) => throw new InvalidOperationException("secret internal detail: /srv/keys"));

    public async Task<GradeResult> GradeAsync(GradingRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        _started.TrySetResult();
        try
        {
            return await grade(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SawCancellation = true;
            throw;
        }
    }

    public static GradeResult Pass(GradingRequest request) => new(
        GradeOutcome.Graded,
        request.Exercise.MaxScore,
        request.Exercise.MaxScore,
        TimeSpan.FromMilliseconds(5),
        request.Attempt,
        [.. request.Exercise.Checks.Select(c => new CheckResult(c.Id, c.Title, true, "ok", c.Points, c.Points))],
        [],
        "all checks passed");
}
