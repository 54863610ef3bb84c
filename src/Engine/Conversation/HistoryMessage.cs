using System.Text;
using Workbench.Engine.Inference;

namespace Workbench.Engine.Conversation;

/// <summary>
/// One message of a chat history as a client keeps it (OpenAI's <c>messages[]</c> item): a role and text content,
/// plus, for an assistant turn that calls tools, its <c>tool_calls</c>, and for a <c>tool</c> message, the
/// <c>tool_call_id</c> it answers. Immutable; build with the factory methods.
/// </summary>
/// <remarks>
/// llama.cpp's built-in chat templates (<c>llama_chat_apply_template</c>) take only role and content, so
/// <see cref="ToPromptMessage"/> writes tool calls into the content in the Hermes / Qwen 2.5 style
/// (<c>&lt;tool_call&gt;{"name": ..., "arguments": ...}&lt;/tool_call&gt;</c>), which is what a tool-trained model
/// reads and writes. A tool call and its result are one unit for every history strategy: see
/// <see cref="HistoryGroups"/>.
/// </remarks>
/// <param name="Role"><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">The text content (may be empty for an assistant message that only calls tools).</param>
public sealed record HistoryMessage(string Role, string Content)
{
    /// <summary>The <c>system</c> role.</summary>
    public const string SystemRole = "system";
    /// <summary>The <c>user</c> role.</summary>
    public const string UserRole = "user";
    /// <summary>The <c>assistant</c> role.</summary>
    public const string AssistantRole = "assistant";
    /// <summary>The <c>tool</c> role (a tool's result).</summary>
    public const string ToolRole = "tool";

    /// <summary>For an assistant message: the tools it calls (empty otherwise).</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a <c>tool</c> message: the id of the call it answers; null otherwise.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>True for the summary card written by <see cref="SummarizeAndCompactStrategy"/>: a <c>system</c>
    /// message that stands for the older turns it replaced.</summary>
    public bool IsSummary { get; init; }

    /// <summary>Whether this is an assistant message with tool calls.</summary>
    public bool HasToolCalls => ToolCalls.Count > 0;

    /// <summary>A <c>system</c> message.</summary>
    /// <param name="content">The instructions.</param>
    public static HistoryMessage System(string content) => new(SystemRole, content);

    /// <summary>A <c>user</c> message.</summary>
    /// <param name="content">The text.</param>
    public static HistoryMessage User(string content) => new(UserRole, content);

    /// <summary>An <c>assistant</c> message.</summary>
    /// <param name="content">The reply text.</param>
    public static HistoryMessage Assistant(string content) => new(AssistantRole, content);

    /// <summary>An <c>assistant</c> message that calls tools.</summary>
    /// <param name="calls">At least one call.</param>
    /// <exception cref="ArgumentException"><paramref name="calls"/> is empty.</exception>
    public static HistoryMessage AssistantToolCalls(params ToolCall[] calls)
    {
        if (calls.Length == 0) throw new ArgumentException("An assistant tool-call message needs at least one call.", nameof(calls));
        return new(AssistantRole, "") { ToolCalls = calls };
    }

    /// <summary>A <c>tool</c> message: the result of the call <paramref name="toolCallId"/>.</summary>
    /// <param name="toolCallId">The <see cref="ToolCall.Id"/> answered.</param>
    /// <param name="content">The result (often JSON).</param>
    public static HistoryMessage Tool(string toolCallId, string content) => new(ToolRole, content) { ToolCallId = toolCallId };

    /// <summary>The summary card: a <c>system</c> message holding an LLM-written summary of older turns.</summary>
    /// <param name="summary">The summary text.</param>
    public static HistoryMessage SummaryCard(string summary) =>
        new(SystemRole, "Summary of the earlier conversation: " + summary) { IsSummary = true };

    /// <summary>The message as a chat template sees it: role and content, tool calls written into the content as
    /// <c>&lt;tool_call&gt;</c> blocks (one per call, JSON <c>{"name", "arguments"}</c>, after any text). The calls
    /// and a tool result's call id are also kept as <see cref="PromptMessage.ToolCalls"/> and
    /// <see cref="PromptMessage.ToolCallId"/>: <see cref="IInferenceEngine.ApplyChatTemplateAsync"/> renders roles and
    /// contents only, but the remote engine's worker validates the history as sent (every <c>tool</c> message answers
    /// an earlier call by id), so a history with tool results renders there as in-process.</summary>
    public PromptMessage ToPromptMessage()
    {
        if (Role == ToolRole && ToolCallId is not null) return new PromptMessage(Role, Content) { ToolCallId = ToolCallId };
        if (!HasToolCalls) return new PromptMessage(Role, Content);
        var text = new StringBuilder(Content);
        foreach (var call in ToolCalls)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append("<tool_call>\n{\"name\": \"").Append(call.Name).Append("\", \"arguments\": ")
                .Append(string.IsNullOrWhiteSpace(call.Arguments) ? "{}" : call.Arguments).Append("}\n</tool_call>");
        }
        return new PromptMessage(Role, text.ToString()) { ToolCalls = ToolCalls };
    }
}
