namespace Workbench.Lab.Quotas;

/// <summary>Who is using the engine, for quotas and fair queueing.</summary>
/// <param name="UserId">The user id (the anonymous bucket is <see cref="Anonymous"/>).</param>
/// <param name="ClassId">The class whose quotas apply, or null (no quotas: self-paced, instructors, tests).</param>
public sealed record EngineCaller(string UserId, string? ClassId)
{
    /// <summary>Engine use with no signed-in user (unlimited, but still queued fairly against others).</summary>
    public static EngineCaller Anonymous { get; } = new("anonymous", null);
}

/// <summary>
/// The caller of the current asynchronous flow (an <see cref="AsyncLocal{T}"/>), for code paths where no scoped
/// service knows the user (the grading gateway's HTTP requests from the sandbox).
/// </summary>
public static class EngineCallerContext
{
    private static readonly AsyncLocal<EngineCaller?> CurrentCaller = new();

    /// <summary>The caller set by <see cref="Begin"/> on this flow, or null.</summary>
    public static EngineCaller? Current => CurrentCaller.Value;

    /// <summary>Sets the caller until the returned scope is disposed.</summary>
    /// <param name="caller">The caller.</param>
    public static IDisposable Begin(EngineCaller caller)
    {
        var previous = CurrentCaller.Value;
        CurrentCaller.Value = caller;
        return new Scope(previous);
    }

    private sealed class Scope(EngineCaller? previous) : IDisposable
    {
        public void Dispose() => CurrentCaller.Value = previous;
    }
}
