using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Workbench.LabSdk;

/// <summary>
/// <see cref="IChatClient"/> over OpenAI's Chat Completions wire format (<c>POST v1/chat/completions</c>), written
/// out by hand so it can be read: the request is a JSON object with <c>model</c>, <c>messages</c> and the sampling
/// fields; the answer's <c>choices[0].message.content</c>, <c>finish_reason</c> and <c>usage</c> become a
/// <see cref="ChatResponse"/>. Streaming sends <c>"stream": true</c> and reads server-sent events
/// (<c>data: {chunk}</c> … <c>data: [DONE]</c>), each chunk's <c>choices[0].delta.content</c> becoming an update.
/// A JSON <see cref="ChatOptions.ResponseFormat"/> is sent as <c>response_format</c>.
/// </summary>
internal sealed class LabChatClient(HttpClient http, string model) : IChatClient
{
    private const string Path = "v1/chat/completions";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var content = ToContent(BuildRequest(messages, options, stream: false));
        using var response = await http.PostAsync(Path, content, cancellationToken).ConfigureAwait(false);
        var json = await ReadSuccessBodyAsync(response, "POST /" + Path, cancellationToken).ConfigureAwait(false);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var choice = root.GetProperty("choices")[0];
        var text = choice.GetProperty("message").GetProperty("content").GetString() ?? "";
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = GetString(root, "id"),
            ModelId = GetString(root, "model"),
            CreatedAt = root.TryGetProperty("created", out var created) ? DateTimeOffset.FromUnixTimeSeconds(created.GetInt64()) : null,
            FinishReason = ToFinishReason(choice),
            Usage = root.TryGetProperty("usage", out var usage) ? ToUsage(usage) : null,
            RawRepresentation = json,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = ToContent(BuildRequest(messages, options, stream: true)) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            await ReadSuccessBodyAsync(response, "POST /" + Path, cancellationToken).ConfigureAwait(false); // throws

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue; // blank lines end events; comments
            var data = line["data:".Length..].Trim();
            if (data == "[DONE]") yield break;

            using var chunk = JsonDocument.Parse(data);
            var root = chunk.RootElement;
            var update = new ChatResponseUpdate { Role = ChatRole.Assistant, ResponseId = GetString(root, "id"), ModelId = GetString(root, "model") };
            if (root.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                if (choice.TryGetProperty("delta", out var delta) && GetString(delta, "content") is { Length: > 0 } text)
                    update.Contents.Add(new TextContent(text));
                update.FinishReason = ToFinishReason(choice);
            }
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                update.Contents.Add(new UsageContent(ToUsage(usage)));
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata("workbench-lab", http.BaseAddress, model);
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    /// <summary>The answer's body when the status is 2xx; otherwise an <see cref="HttpRequestException"/> carrying
    /// the server's <c>error.message</c> (OpenAI's error envelope) or the raw body.</summary>
    internal static async Task<string> ReadSuccessBodyAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return body;
        var message = body;
        try
        {
            using var error = JsonDocument.Parse(body);
            if (error.RootElement.TryGetProperty("error", out var e) && GetString(e, "message") is { } text) message = text;
        }
        catch (JsonException)
        {
        }
        throw new HttpRequestException($"{what} answered {(int)response.StatusCode}: {message}", null, response.StatusCode);
    }

    private JsonObject BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var array = new JsonArray();
        foreach (var message in messages)
            array.Add(new JsonObject { ["role"] = message.Role.Value, ["content"] = message.Text });

        var request = new JsonObject { ["model"] = options?.ModelId ?? model, ["messages"] = array };
        if (stream)
        {
            request["stream"] = true;
            request["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        if (options is null) return request;
        if (options.MaxOutputTokens is { } maxTokens) request["max_tokens"] = maxTokens;
        if (options.Temperature is { } temperature) request["temperature"] = temperature;
        if (options.TopP is { } topP) request["top_p"] = topP;
        if (options.TopK is { } topK) request["top_k"] = topK;
        if (options.Seed is { } seed) request["seed"] = seed;
        if (options.PresencePenalty is { } presence) request["presence_penalty"] = presence;
        if (options.FrequencyPenalty is { } frequency) request["frequency_penalty"] = frequency;
        if (options.StopSequences is { Count: > 0 } stop) request["stop"] = new JsonArray(stop.Select(s => (JsonNode?)s).ToArray());
        if (options.ResponseFormat is ChatResponseFormatJson json) request["response_format"] = ToResponseFormat(json);
        foreach (var (key, value) in options.AdditionalProperties ?? [])
            request[key] = JsonSerializer.SerializeToNode(value);
        return request;
    }

    /// <summary>OpenAI <c>response_format</c>: <c>{"type":"json_object"}</c> without a schema, else
    /// <c>{"type":"json_schema","json_schema":{"name","description","schema","strict":true}}</c>.</summary>
    private static JsonObject ToResponseFormat(ChatResponseFormatJson json)
    {
        if (json.Schema is not { } schema) return new JsonObject { ["type"] = "json_object" };
        var spec = new JsonObject { ["name"] = json.SchemaName ?? "response" };
        if (json.SchemaDescription is { } description) spec["description"] = description;
        spec["schema"] = JsonNode.Parse(schema.GetRawText());
        spec["strict"] = true;
        return new JsonObject { ["type"] = "json_schema", ["json_schema"] = spec };
    }

    private static StringContent ToContent(JsonObject request) =>
        new(request.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static ChatFinishReason? ToFinishReason(JsonElement choice) =>
        GetString(choice, "finish_reason") is { } reason ? new ChatFinishReason(reason) : null;

    private static UsageDetails ToUsage(JsonElement usage) => new()
    {
        InputTokenCount = usage.TryGetProperty("prompt_tokens", out var prompt) ? prompt.GetInt64() : null,
        OutputTokenCount = usage.TryGetProperty("completion_tokens", out var completion) ? completion.GetInt64() : null,
        TotalTokenCount = usage.TryGetProperty("total_tokens", out var total) ? total.GetInt64() : null,
    };

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
