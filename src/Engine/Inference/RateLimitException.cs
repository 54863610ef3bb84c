namespace Workbench.Engine.Inference;

/// <summary>
/// A caller has used up a quota (requests or tokens per minute) and must wait. Thrown by quota-enforcing
/// decorators of <see cref="IInferenceEngine"/> before any work starts; the OpenAI-compatible API answers it with
/// HTTP 429 and code <c>rate_limit_exceeded</c>, as OpenAI's API does. The message is safe to show to users, for
/// example <c>You have used 1,000 of your 1,000 tokens per minute; try again in 12 s.</c>
/// </summary>
public sealed class RateLimitException : EngineException
{
    /// <summary><see cref="Limit"/> for a requests-per-minute quota (OpenAI's error <c>type</c> <c>requests</c>).</summary>
    public const string Requests = "requests";

    /// <summary><see cref="Limit"/> for a tokens-per-minute quota (OpenAI's error <c>type</c> <c>tokens</c>).</summary>
    public const string Tokens = "tokens";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A message safe to show to users, saying which quota and when to retry.</param>
    /// <param name="retryAfter">How long until a retry can succeed (≥ 0; zero when unknown).</param>
    /// <param name="limit"><see cref="Requests"/> or <see cref="Tokens"/>.</param>
    public RateLimitException(string message, TimeSpan retryAfter, string limit = Requests) : base(message)
    {
        RetryAfter = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
        Limit = limit;
    }

    /// <summary>How long until a retry can succeed; zero when unknown (an error rebuilt from an HTTP answer).</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>Which quota was hit: <see cref="Requests"/> or <see cref="Tokens"/>.</summary>
    public string Limit { get; }
}
