using System.Buffers;
using System.Text.Json;

namespace Workbench.Web.Apis;

/// <summary>
/// Reads the tokens a relayed generation used, from copies of what the proxy forwards (the client's bytes are
/// never changed), so <see cref="EngineApiProxy"/> can charge them to the caller's tokens-per-minute quota.
/// <list type="bullet">
/// <item>A whole JSON answer (<see cref="AppendBody"/>): its <c>usage.total_tokens</c>; without usage, llama-server's
/// <c>timings.prompt_n + timings.predicted_n</c>; otherwise 0. At most <see cref="MaxBodyBytes"/> are kept; a
/// longer body is not parsed (charged 0).</item>
/// <item>An event stream (<see cref="ObserveEvents"/>): the <c>usage.total_tokens</c> of a chunk that carries
/// usage (<c>stream_options.include_usage</c>). Without one, an approximation: one token per chunk whose choices
/// carry text (<c>delta.content</c> or <c>text</c>), plus the prompt tokens when a chunk carries
/// <c>timings.prompt_n</c> (this engine puts its <c>timings</c> on the final chunk). A stream cut short (client
/// gone, worker died) is charged what was relayed.</item>
/// </list>
/// Not thread-safe: one meter per proxied request.
/// </summary>
internal sealed class ProxyUsageMeter
{
    /// <summary>The largest non-streaming body parsed for usage: 8 MiB.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] DataPrefix = "data:"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _body = new();
    private bool _bodyClosed;
    private int? _usageTotal;
    private int? _promptTokens;
    private int _contentChunks;

    /// <summary>Tokens to charge for what has been observed so far (≥ 0).</summary>
    public int Tokens
    {
        get
        {
            if (!_bodyClosed && _body.WrittenCount > 0) ReadBody();
            return Math.Max(0, _usageTotal ?? _contentChunks + (_promptTokens ?? 0));
        }
    }

    /// <summary>Keeps a copy of part of a non-streaming JSON body.</summary>
    /// <param name="bytes">The next bytes of the body.</param>
    public void AppendBody(ReadOnlySpan<byte> bytes)
    {
        if (_bodyClosed) return;
        if (_body.WrittenCount + bytes.Length > MaxBodyBytes)
        {
            _bodyClosed = true;
            _body.Clear();
            return;
        }
        _body.Write(bytes);
    }

    /// <summary>Reads one or more server-sent events (each ending in a blank line; the last may be cut off).</summary>
    /// <param name="events">The events' UTF-8 bytes, as relayed.</param>
    public void ObserveEvents(ReadOnlySpan<byte> events)
    {
        while (!events.IsEmpty)
        {
            var end = events.IndexOf(EventEnd);
            var sseEvent = end < 0 ? events : events[..end];
            events = end < 0 ? default : events[(end + EventEnd.Length)..];
            foreach (var range in sseEvent.Split((byte)'\n'))
            {
                var line = sseEvent[range].TrimEnd((byte)'\r');
                if (!line.StartsWith(DataPrefix)) continue;
                var data = line[DataPrefix.Length..].TrimStart((byte)' ');
                if (data.IsEmpty || data[0] != (byte)'{') continue; // [DONE]
                ObserveChunk(data);
            }
        }
    }

    private void ObserveChunk(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return;
            if (TotalTokensOf(root) is { } total) _usageTotal = total;
            if (root.TryGetProperty("timings", out var timings) && IntOf(timings, "prompt_n") is { } prompt) _promptTokens = prompt;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
                && choices.EnumerateArray().Any(HasText)) _contentChunks++;
        }
    }

    private void ReadBody()
    {
        try
        {
            using var document = JsonDocument.Parse(_body.WrittenMemory);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return;
            if (TotalTokensOf(root) is { } total) _usageTotal = total;
            else if (root.TryGetProperty("timings", out var timings)
                && IntOf(timings, "prompt_n") is { } prompt && IntOf(timings, "predicted_n") is { } predicted) _usageTotal = prompt + predicted;
        }
        catch (JsonException)
        {
            // Not JSON (or cut off): nothing to charge.
        }
        finally
        {
            _body.Clear();
            _bodyClosed = true; // parsed once
        }
    }

    private static int? TotalTokensOf(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) ? IntOf(usage, "total_tokens") : null;

    private static int? IntOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static bool HasText(JsonElement choice)
    {
        if (choice.ValueKind != JsonValueKind.Object) return false;
        var text = choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
            && delta.TryGetProperty("content", out var content) ? content
            : choice.TryGetProperty("text", out var completionText) ? completionText : default;
        return text.ValueKind == JsonValueKind.String && text.GetString()!.Length > 0;
    }
}
