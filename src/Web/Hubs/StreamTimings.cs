namespace Workbench.Web.Hubs;

/// <summary>Latency and throughput of a finished stream, measured by the engine.</summary>
/// <param name="TtftMs">Time to first token, milliseconds.</param>
/// <param name="PromptMs">Prompt decode time, milliseconds.</param>
/// <param name="GenerationMs">First to last sampled token, milliseconds.</param>
/// <param name="PromptTokensPerSecond">Prompt tokens per second.</param>
/// <param name="GenerationTokensPerSecond">Generated tokens per second.</param>
public sealed record StreamTimings(double TtftMs, double PromptMs, double GenerationMs, double PromptTokensPerSecond, double GenerationTokensPerSecond);
