namespace Workbench.Engine.Requests;

/// <summary>
/// The one place for the limits a generation request must respect (OpenAI's Chat Completions reference, and
/// llama-server's where OpenAI has none). <see cref="RequestValidator"/> enforces them for the HTTP API and the hub;
/// the engine and the chat page read them from here. Sampling defaults and ranges live in
/// <see cref="Sampling.SamplingOptions"/>.
/// </summary>
public static class RequestLimits
{
    /// <summary>Most stop strings per request (OpenAI <c>stop</c>: up to 4).</summary>
    public const int MaxStopStrings = 4;

    /// <summary>Most alternatives reported per token (OpenAI <c>top_logprobs</c>: 0–20).</summary>
    public const int MaxTopLogprobs = 20;

    /// <summary>Largest seed; seeds are 0–4294967295 (llama.cpp's <c>uint32_t</c>), −1 or null = random.</summary>
    public const long MaxSeed = uint.MaxValue;

    /// <summary>Most <c>logit_bias</c> entries (OpenAI's documented limit: 300 tokens).</summary>
    public const int MaxLogitBiasEntries = 300;

    /// <summary>The <c>logit_bias</c> value range, inclusive (OpenAI: −100 to 100).</summary>
    public const float MinLogitBias = -100, MaxLogitBias = 100;

    /// <summary>Most tools per request (OpenAI: 128 functions).</summary>
    public const int MaxTools = 128;

    /// <summary>OpenAI's rule for a function (tool) name: 1–64 of <c>a-z A-Z 0-9 _ -</c>.</summary>
    public const string ToolNamePattern = "^[a-zA-Z0-9_-]{1,64}$";
}
