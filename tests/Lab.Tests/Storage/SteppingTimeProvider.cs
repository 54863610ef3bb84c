namespace Workbench.Lab.Tests.Storage;

/// <summary>A clock that moves one second forward at every reading, so stored times are distinct and ordered.</summary>
public sealed class SteppingTimeProvider : TimeProvider
{
    private long _readings;

    public DateTimeOffset Start { get; } = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Start.AddSeconds(Interlocked.Increment(ref _readings));
}
