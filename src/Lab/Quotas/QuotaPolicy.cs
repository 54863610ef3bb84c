namespace Workbench.Lab.Quotas;

/// <summary>
/// A class's engine quotas, applied to each student separately over a sliding 60-second window.
/// </summary>
/// <param name="RequestsPerMinute">Generation requests a student may start per minute; 0 = unlimited.</param>
/// <param name="TokensPerMinute">Tokens (prompt + completion) a student may use per minute; 0 = unlimited.
/// Requests in progress count with their reservation (their <c>max_tokens</c>, see
/// <see cref="EngineAccessGate.EnterAsync(EngineCaller, int, CancellationToken)"/>) until they are settled with their
/// real usage, so parallel requests cannot overrun the quota together; a request is refused when charged plus
/// reserved tokens plus its own reservation exceed this. (Prompt tokens are charged when a request ends.)</param>
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
