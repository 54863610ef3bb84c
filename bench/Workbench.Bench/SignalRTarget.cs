using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Bench;

/// <summary>(c) The web app's SignalR hub: <c>/hubs/generation</c> <c>StreamChat(ChatStreamRequest)</c>, one connection
/// kept open across runs (as a browser keeps its connection).</summary>
internal sealed class SignalRTarget(SignalRJsonClient client) : IStreamTarget
{
    public string Name => "SignalR hub /hubs/generation (web app)";

    public async Task<StreamMeasurement> RunAsync(BenchPrompt prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = prompt.System },
                new JsonObject { ["role"] = "user", ["content"] = prompt.User }),
            ["maxTokens"] = maxTokens,
            ["temperature"] = 0,
            ["topK"] = 0,
            ["topP"] = 1,
            ["minP"] = 0,
            ["repeatPenalty"] = 1,
        };
        var ids = new List<int>(maxTokens);
        var clock = Stopwatch.StartNew();
        double first = double.NaN, last = double.NaN, finishedAt = double.NaN;
        double? serverPromptTps = null;
        int promptTokens = prompt.TokenIds.Count, completionTokens = -1;
        await foreach (var delta in client.StreamAsync("StreamChat", request, cancellationToken))
        {
            double now = clock.Elapsed.TotalMilliseconds;
            if (delta.TryGetProperty("tokenId", out var tokenId) && tokenId.ValueKind == JsonValueKind.Number)
            {
                if (ids.Count == 0) first = now;
                last = now;
                ids.Add(tokenId.GetInt32());
            }
            if (delta.TryGetProperty("finishReason", out var finish) && finish.ValueKind == JsonValueKind.String) finishedAt = now;
            if (delta.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                promptTokens = usage.GetProperty("promptTokens").GetInt32();
                completionTokens = usage.GetProperty("completionTokens").GetInt32();
            }
            if (delta.TryGetProperty("timings", out var timings) && timings.ValueKind == JsonValueKind.Object
                && timings.TryGetProperty("promptTokensPerSecond", out var pps) && pps.ValueKind == JsonValueKind.Number)
            {
                serverPromptTps = pps.GetDouble();
            }
        }
        if (completionTokens < 0) completionTokens = ids.Count;
        if (ids.Count == 0) first = last = finishedAt;
        return new StreamMeasurement(promptTokens, completionTokens, first, last - first, serverPromptTps, ids);
    }
}
