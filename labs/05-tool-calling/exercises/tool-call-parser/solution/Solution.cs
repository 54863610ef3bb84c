using System.Text;
using System.Text.Json;

/// <summary>One call the parser found: the function's name and its arguments as JSON text.</summary>
/// <param name="Name">The function name, for example <c>get_current_temperature</c>.</param>
/// <param name="Arguments">The arguments object as JSON text, for example <c>{"unit": "celsius"}</c>.</param>
public sealed record ParsedToolCall(string Name, string Arguments);

/// <summary>
/// Reads a model's reply in the Hermes tool-call format (Hermes 2/3, Qwen2.5, Qwen3) as it streams in:
/// <c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c> blocks become <see cref="ToolCalls"/>,
/// every other character stays in <see cref="Content"/>.
/// </summary>
public sealed class HermesToolCallParser
{
    private const string Open = "<tool_call>";
    private const string Close = "</tool_call>";

    private readonly StringBuilder _content = new();
    private readonly StringBuilder _pending = new();   // text not yet known to be content or part of a call
    private readonly List<ParsedToolCall> _calls = [];
    private bool _inCall;                              // an opening tag was read, its closing tag not yet

    /// <summary>The text outside the calls, in order, unchanged.</summary>
    public string Content => _content.ToString();

    /// <summary>The calls found so far, in order.</summary>
    public IReadOnlyList<ParsedToolCall> ToolCalls => _calls;

    /// <summary>Reads the next piece of the reply; it may end anywhere, even inside a tag.</summary>
    public void Feed(string chunk)
    {
        _pending.Append(chunk);
        while (true)
        {
            var text = _pending.ToString();
            if (!_inCall)
            {
                var open = text.IndexOf(Open, StringComparison.Ordinal);
                if (open < 0)
                {
                    // Keep back a tail that may be the start of "<tool_call>"; the rest is content for sure.
                    var keep = PartialTagLength(text, Open);
                    _content.Append(text, 0, text.Length - keep);
                    _pending.Remove(0, text.Length - keep);
                    return;
                }
                _content.Append(text, 0, open);
                _pending.Remove(0, open + Open.Length);
                _inCall = true;
            }
            else
            {
                var close = text.IndexOf(Close, StringComparison.Ordinal);
                if (close < 0) return; // the call is not finished: wait for more
                EndCall(text[..close], closed: true);
                _pending.Remove(0, close + Close.Length);
                _inCall = false;
            }
        }
    }

    /// <summary>The reply is complete: a call still open is read as if it were closed (models often stop before
    /// <c>&lt;/tool_call&gt;</c>), and any text kept back becomes content.</summary>
    public void Finish()
    {
        if (_inCall) EndCall(_pending.ToString(), closed: false);
        else _content.Append(_pending);
        _pending.Clear();
        _inCall = false;
    }

    /// <summary>A call's body: a call when it is a JSON object with a string "name" and an object "arguments";
    /// otherwise the whole block, tags included, goes back into the content so that nothing is lost.</summary>
    private void EndCall(string body, bool closed)
    {
        if (TryReadCall(body) is { } call)
        {
            _calls.Add(call);
            return;
        }
        _content.Append(Open).Append(body);
        if (closed) _content.Append(Close);
    }

    private static ParsedToolCall? TryReadCall(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && root.TryGetProperty("arguments", out var arguments) && arguments.ValueKind == JsonValueKind.Object)
                return new ParsedToolCall(name.GetString()!, arguments.GetRawText());
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>The length of the longest end of <paramref name="text"/> that is a start of <paramref name="tag"/>.</summary>
    private static int PartialTagLength(string text, string tag)
    {
        for (var length = Math.Min(tag.Length - 1, text.Length); length > 0; length--)
        {
            if (text.EndsWith(tag[..length], StringComparison.Ordinal)) return length;
        }
        return 0;
    }
}
