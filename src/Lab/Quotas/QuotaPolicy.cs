namespace Workbench.Lab.Quotas;

/// <summary>
/// A class's engine quotas, applied to each student separately over a sliding 60-second window.
/// </summary>
/// <param name="RequestsPerMinute">Generation requests a student may start per minute; 0 = unlimited.</param>
/// <param name="TokensPerMinute">Tokens (prompt + completion) a student may use per minute; 0 = unlimited.
/// A request is refused once the window already holds this many tokens; the request that crosses the line
/// runs to completion (its size is unknown until it ends).</param>
public sealed record QuotaPolicy(int RequestsPerMinute, int TokensPerMinute)
{
    /// <summary>The largest accepted value of either quota (100,000,000).</summary>
    public const int MaxValue = 100_000_000;

    /// <summary>No limits (self-paced learners, instructors, callers outside a class).</summary>
    public static QuotaPolicy Unlimited { get; } = new(0, 0);

    /// <summary>The first problem with the values (each must be within 0..<see cref="MaxValue"/>), or null.</summary>
    public string? Validate()
    {
        if (RequestsPerMinute is < 0 or > MaxValue) return $"Requests per minute must be between 0 (unlimited) and {MaxValue:N0}.";
        if (TokensPerMinute is < 0 or > MaxValue) return $"Tokens per minute must be between 0 (unlimited) and {MaxValue:N0}.";
        return null;
    }
}
