using System.Text;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>One message of the conversation as the chat page shows it. Mutated only on the circuit's
/// synchronization context; <see cref="Version"/> increases on every change so views re-render only then.</summary>
/// <param name="role"><c>user</c>, <c>assistant</c> or <c>tool</c> (a tool's result in a tool turn).</param>
public sealed class ChatTurn(string role)
{
    private readonly StringBuilder _content = new();

    /// <summary><c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public string Role { get; } = role;

    /// <summary>For an assistant reply in a tool turn: the calls it made, in order (parsed by
    /// <c>ToolCallSession</c>: arguments are compact JSON object texts); empty otherwise.</summary>
    public List<ToolCall> ToolCalls { get; } = [];

    /// <summary>For a <c>tool</c> message: the id of the call it answers (<c>tool_call_id</c>); null otherwise.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>For a <c>tool</c> message: the tool's name as the model wrote it; null otherwise.</summary>
    public string? ToolName { get; init; }

    /// <summary>For a <c>tool</c> message: whether the result is an error (unknown tool, invalid arguments, the tool
    /// failed or timed out); the model reads it all the same.</summary>
    public bool IsToolError { get; set; }

    /// <summary>For a <c>tool</c> message: how long the call ran, in milliseconds (0 when the tool never ran); null
    /// while it runs.</summary>
    public double? ToolMilliseconds { get; set; }

    /// <summary>The finish reason as the wire writes it: <c>tool_calls</c> for a reply with calls (unless cancelled),
    /// else <c>stop</c>, <c>length</c> or <c>cancelled</c>; null while streaming.</summary>
    public string? FinishText => FinishReason switch
    {
        null => null,
        _ when WireFinishReason is { } wire => wire,
        Engine.Inference.FinishReason.Cancelled => "cancelled",
        _ when ToolCalls.Count > 0 => "tool_calls",
        var reason => reason.Value.ToString().ToLowerInvariant(),
    };

    /// <summary>A remote backend's <c>finish_reason</c> as it sent it (<c>stop</c>, <c>length</c>,
    /// <c>content_filter</c>, …); shown instead of <see cref="FinishReason"/>'s text when set.</summary>
    public string? WireFinishReason { get; set; }

    /// <summary>A remark shown under the message (the tool turn hit its step cap), or null.</summary>
    public string? Notice { get; set; }

    /// <summary>The message text (for a reply: the text streamed so far).</summary>
    public string Content => _content.ToString();

    /// <summary>The sampled tokens of a reply with their alternatives (empty for user turns).</summary>
    public List<SampledToken> Tokens { get; } = [];

    /// <summary>Whether the reply is still streaming.</summary>
    public bool IsStreaming { get; set; }

    /// <summary>Why the reply ended, once it has.</summary>
    public FinishReason? FinishReason { get; set; }

    /// <summary>A safe error message when generation failed.</summary>
    public string? Error { get; set; }

    /// <summary>True when the history strategy left this message out of the last call (outside the sliding window,
    /// or replaced by the summary): it stays on screen but the model no longer reads it.</summary>
    public bool IsOmitted { get; set; }

    /// <summary>Live and final statistics of a reply.</summary>
    public ChatStats Stats { get; set; } = new();

    /// <summary>Whether the turn goes into the next call's history: a message without an error that has text, calls,
    /// or is a tool result (whose text may be empty).</summary>
    public bool IsSendable => Error is null && (Content.Length > 0 || ToolCalls.Count > 0 || Role == HistoryMessage.ToolRole);

    /// <summary>The turn as a history message (assistant tool calls and a tool result's call id kept).</summary>
    public HistoryMessage ToHistoryMessage() => Role == HistoryMessage.ToolRole
        ? HistoryMessage.Tool(ToolCallId ?? "", Content)
        : new HistoryMessage(Role, Content) { ToolCalls = [.. ToolCalls] };

    /// <summary>Changes on every mutation (used by <c>ShouldRender</c>).</summary>
    public int Version { get; private set; }

    /// <summary>Appends text to the message.</summary>
    /// <param name="text">Text to append.</param>
    public void Append(string text) => _content.Append(text);

    /// <summary>Marks the turn changed.</summary>
    public void Touch() => Version++;
}
