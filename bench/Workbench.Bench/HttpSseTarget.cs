using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Bench;

/// <summary>(b) <c>POST /v1/chat/completions</c> with <c>stream: true</c>, read as SSE frames as they arrive.</summary>
internal sealed class HttpSseTarget(HttpClient http, string name) : IStreamTarget
{
    private string? _modelId;

    public string Name => name;

    public async Task<StreamMeasurement> RunAsync(BenchPrompt prompt, int maxTokens, CancellationToken cancellationToken)
    {
        _modelId ??= await GetModelIdAsync(cancellationToken);
        var body = new JsonObject
        {
            ["model"] = _modelId,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = prompt.System },
                new JsonObject { ["role"] = "user", ["content"] = prompt.User }),
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["max_tokens"] = maxTokens,
            ["temperature"] = 0,
            ["top_k"] = 0,
            ["top_p"] = 1,
            ["min_p"] = 0,
            ["repeat_penalty"] = 1,
        };

        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{Name}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));

        double first = double.NaN, last = double.NaN, finishedAt = double.NaN, serverPromptTps = double.NaN;
        int contentChunks = 0, completionTokens = -1, promptTokens = prompt.TokenIds.Count;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            double now = clock.Elapsed.TotalMilliseconds;
            string data = line[5..].Trim();
            if (data == "[DONE]") break;
            using var chunk = JsonDocument.Parse(data);
            var root = chunk.RootElement;
            if (root.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{Name}: stream error {error}");
            if (root.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                && choices[0].TryGetProperty("delta", out var delta)
                && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                && content.GetString()!.Length > 0)
            {
                if (contentChunks++ == 0) first = now;
                last = now;
            }
            if (root.TryGetProperty("choices", out var finishChoices) && finishChoices.GetArrayLength() > 0
                && finishChoices[0].TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                finishedAt = now;
            }
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                completionTokens = usage.GetProperty("completion_tokens").GetInt32();
                promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
            }
            if (root.TryGetProperty("timings", out var timings) && timings.ValueKind == JsonValueKind.Object
                && timings.TryGetProperty("prompt_per_second", out var pps) && pps.ValueKind == JsonValueKind.Number)
            {
                serverPromptTps = pps.GetDouble();
            }
        }
        if (completionTokens < 0) completionTokens = contentChunks; // no usage chunk: count content chunks
        if (contentChunks == 0) first = last = finishedAt;          // the only token's text was empty (held back)
        return new StreamMeasurement(promptTokens, completionTokens, first, last - first,
            double.IsNaN(serverPromptTps) ? null : serverPromptTps);
    }

    private async Task<string> GetModelIdAsync(CancellationToken cancellationToken)
    {
        using var models = JsonDocument.Parse(await http.GetStringAsync("v1/models", cancellationToken));
        return models.RootElement.GetProperty("data")[0].GetProperty("id").GetString()!;
    }
}
