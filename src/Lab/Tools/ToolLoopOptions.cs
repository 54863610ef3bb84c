namespace Workbench.Lab.Tools;

/// <summary>Limits of one <see cref="ToolLoop"/> run.</summary>
public sealed class ToolLoopOptions
{
    /// <summary>Model requests at most (1..50). Default 5.</summary>
    public int MaxIterations { get; init; } = 5;

    /// <summary>Wall time one tool call may take (100 ms .. 5 min); past it the call's token is cancelled and the
    /// model gets a timeout error as the result. Default 10 s.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called after each step (on the loop's thread), so a UI can show the trace as it grows; null = none.</summary>
    public Action<ToolLoopStep>? StepCompleted { get; init; }

    /// <summary>Checks the ranges above.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxIterations, 50, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(ToolTimeout, TimeSpan.FromMilliseconds(100), nameof(ToolTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ToolTimeout, TimeSpan.FromMinutes(5), nameof(ToolTimeout));
    }
}
