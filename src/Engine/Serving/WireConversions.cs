using Workbench.Engine.Inference;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

/// <summary>Engine records ↔ wire bodies (used by the server and by <see cref="RemoteInferenceEngine"/>).</summary>
internal static class WireConversions
{
    /// <summary>OpenAI's stand-in for a log-probability of −∞.</summary>
    public const float MinLogprob = -9999f;

    public static string ToWire(FinishReason reason) => reason switch
    {
        FinishReason.Stop => "stop",
        FinishReason.Length => "length",
        _ => "cancelled",
    };

    public static FinishReason? FromWire(string? reason) => reason switch
    {
        null => null,
        "length" => FinishReason.Length,
        "cancelled" => FinishReason.Cancelled,
        _ => FinishReason.Stop,
    };

    public static UsageBody ToWire(GenerationUsage usage) => new()
    {
        PromptTokens = usage.PromptTokens,
        CompletionTokens = usage.CompletionTokens,
        TotalTokens = usage.TotalTokens,
    };

    public static TimingsBody ToWire(GenerationTimings timings, GenerationUsage? usage) => new()
    {
        PromptN = usage?.PromptTokens ?? 0,
        PromptMs = timings.PromptDuration.TotalMilliseconds,
        PromptPerSecond = Finite(timings.PromptTokensPerSecond),
        PredictedN = usage?.CompletionTokens ?? 0,
        PredictedMs = timings.GenerationDuration.TotalMilliseconds,
        PredictedPerSecond = Finite(timings.GenerationTokensPerSecond),
        TtftMs = timings.TimeToFirstToken.TotalMilliseconds,
    };

    public static GenerationTimings FromWire(TimingsBody t) => new(
        TimeSpan.FromMilliseconds(t.TtftMs),
        TimeSpan.FromMilliseconds(t.PromptMs),
        TimeSpan.FromMilliseconds(t.PredictedMs),
        t.PromptPerSecond,
        t.PredictedPerSecond);

    public static TokenLogprobBody ToWire(SampledToken token) => new()
    {
        Id = token.Id,
        Token = token.Piece,
        Bytes = ToInts(token.Bytes),
        Logprob = Finite(token.Logprob),
        TopLogprobs = token.TopAlternatives
            .Select(a => new TopLogprobBody { Id = a.Id, Token = a.Piece, Bytes = ToInts(a.Bytes), Logprob = Finite(a.Logprob), Allowed = a.Allowed })
            .ToList(),
        GrammarAllowed = token.GrammarAllowed,
    };

    public static SampledToken FromWire(TokenLogprobBody t) => new(
        t.Id, t.Token, t.Logprob, ToBytes(t.Bytes),
        t.TopLogprobs.Select(a => new TokenAlternative(a.Id, a.Token, a.Logprob, ToBytes(a.Bytes)) { Allowed = a.Allowed }).ToList())
    {
        GrammarAllowed = t.GrammarAllowed,
    };

    private static int[] ToInts(byte[] bytes) => Array.ConvertAll(bytes, b => (int)b);

    private static byte[] ToBytes(int[]? ints) => ints is null ? [] : Array.ConvertAll(ints, i => (byte)i);

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static float Finite(float logprob) => float.IsFinite(logprob) ? logprob : MinLogprob;
}
