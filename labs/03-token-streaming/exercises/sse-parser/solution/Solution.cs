using System.Text;
using System.Text.Json;

/// <summary>
/// Rebuilds the assistant's message from the raw bytes of a streamed chat completion
/// (<c>POST /v1/chat/completions</c> with <c>"stream": true</c>), fed in pieces as they arrive.
/// </summary>
public sealed class SseChatParser
{
    private readonly List<byte> _line = [];         // the unfinished line's bytes, carried between Feed calls
    private readonly StringBuilder _data = new();   // the current event's data lines, joined with "\n"
    private readonly StringBuilder _content = new();
    private bool _eventHasData;

    /// <summary>The assistant's text so far: every <c>choices[0].delta.content</c>, in order.</summary>
    public string Content => _content.ToString();

    /// <summary>The stream's <c>finish_reason</c> once an event carried one; null before.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>True once <c>data: [DONE]</c> has been read; later bytes are ignored.</summary>
    public bool IsDone { get; private set; }

    /// <summary>Reads the next bytes of the response body, exactly as they arrived.</summary>
    /// <param name="chunk">Any number of bytes; it may end in the middle of a line or of a UTF-8 character.</param>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        foreach (var b in chunk)
        {
            if (IsDone) return;
            if (b != (byte)'\n')
            {
                _line.Add(b);
                continue;
            }
            // The line is complete, so it holds whole UTF-8 characters: decode it only now.
            var bytes = _line.ToArray();
            var length = bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes.Length - 1 : bytes.Length;
            _line.Clear();
            ReadLine(Encoding.UTF8.GetString(bytes, 0, length));
        }
    }

    private void ReadLine(string line)
    {
        if (line.Length == 0)
        {
            EndEvent();
            return;
        }
        if (line[0] == ':') return; // a comment, such as ": keep-alive"

        var colon = line.IndexOf(':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? "" : line[(colon + 1)..];
        if (value.StartsWith(' ')) value = value[1..];
        if (field != "data") return; // event, id, retry: not needed to rebuild the message

        if (_eventHasData) _data.Append('\n');
        _data.Append(value);
        _eventHasData = true;
    }

    private void EndEvent()
    {
        if (!_eventHasData) return;
        var data = _data.ToString();
        _data.Clear();
        _eventHasData = false;
        if (data == "[DONE]")
        {
            IsDone = true;
            return;
        }

        using var json = JsonDocument.Parse(data);
        if (!json.RootElement.TryGetProperty("choices", out var choices) || choices.GetArrayLength() == 0) return; // the usage event
        var choice = choices[0];
        if (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content)
            && content.ValueKind == JsonValueKind.String)
        {
            _content.Append(content.GetString());
        }
        if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
        {
            FinishReason = finish.GetString();
        }
    }
}
