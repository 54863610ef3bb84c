using System.Text.Json.Nodes;

namespace Workbench.Lab.Training.Corpus;

/// <summary>One conversation of the tool-calling corpus, in the OpenAI chat completions wire shape.</summary>
/// <param name="Tools">The <c>tools</c> offered: entries <c>{"type": "function", "function": {"name", "description",
/// "parameters"}}</c>, the built-in tools' own names, descriptions and JSON schemas (<c>BuiltinTools</c>). May be
/// empty only in an extra corpus; the generator always offers at least one.</param>
/// <param name="Messages">The <c>messages</c>: an optional <c>system</c> message first, then <c>user</c>,
/// <c>assistant</c> (text, or <c>content: null</c> with <c>tool_calls: [{id, type: "function", function: {name,
/// arguments}}]</c>, <c>arguments</c> a JSON object as a string) and <c>tool</c> messages (<c>tool_call_id</c>,
/// <c>content</c> the result text).</param>
/// <param name="Expected">What the first assistant turn should do: the tool and arguments it calls, or no call.</param>
public sealed record CorpusConversation(IReadOnlyList<JsonObject> Tools, IReadOnlyList<JsonObject> Messages, CorpusExpectation Expected)
{
    /// <summary>The messages before the first assistant message: the prompt an evaluation sends.</summary>
    public IReadOnlyList<JsonObject> PromptMessages =>
        Messages.TakeWhile(m => (string?)m["role"] != "assistant").ToList();

    /// <summary>The text of the last user message before the first assistant turn ("" when none).</summary>
    public string FirstUserText =>
        PromptMessages.LastOrDefault(m => (string?)m["role"] == "user")?["content"]?.GetValue<string>() ?? "";

    /// <summary>The names of the offered tools, in order.</summary>
    public IReadOnlyList<string> ToolNames => Tools.Select(t => (string?)t["function"]?["name"] ?? "").ToList();
}

/// <summary>The expected first assistant turn of a <see cref="CorpusConversation"/>.</summary>
/// <param name="ToolName">The function called, or null when the right answer is a plain reply with no call.</param>
/// <param name="Arguments">The call's arguments (null when <paramref name="ToolName"/> is null).</param>
public sealed record CorpusExpectation(string? ToolName, JsonObject? Arguments)
{
    /// <summary>A plain reply, no tool call.</summary>
    public static CorpusExpectation NoCall { get; } = new(null, null);

    /// <summary>Whether a call is expected.</summary>
    public bool ExpectsCall => ToolName is not null;
}
