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
    private readonly StringBuilder _content = new();
    private readonly List<ParsedToolCall> _calls = [];

    /// <summary>The text outside the calls, in order, unchanged.</summary>
    public string Content => _content.ToString();

    /// <summary>The calls found so far, in order.</summary>
    public IReadOnlyList<ParsedToolCall> ToolCalls => _calls;

    /// <summary>Reads the next piece of the reply; it may end anywhere, even inside a tag.</summary>
    public void Feed(string chunk)
    {
        // This starter is the parser of a server that does not know the format: everything is content.
        // That is exactly the silent failure of a wrong --tool-call-parser: the call markup reaches the user as text.
        //
        // TODO 1. Keep the text you cannot classify yet between calls (a StringBuilder field): a chunk may end
        //         with "<tool" or "<tool_ca", which may or may not become "<tool_call>".
        // TODO 2. Outside a call: everything before "<tool_call>" is content; after it you are inside a call.
        //         Keep back only a tail that could still be the start of "<tool_call>"; the rest is content.
        // TODO 3. Inside a call: collect text up to "</tool_call>". Then parse the body (without the tags) with
        //         JsonDocument: a JSON object with a string "name" and an object "arguments" is a call
        //         (Arguments = arguments.GetRawText()). Anything else (malformed JSON, no name) goes back into
        //         the content unchanged, tags included.
        _content.Append(chunk);
    }

    /// <summary>The reply is complete: a call still open is read as if it were closed (models often stop before
    /// <c>&lt;/tool_call&gt;</c>), and any text kept back becomes content.</summary>
    public void Finish()
    {
        // TODO 4. A call still open at the end: parse what you have as in TODO 3 (a call, or content with its
        //         "<tool_call>" tag). Text kept back outside a call is content.
    }
}
