using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Engine.Conversation;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Inference;

/// <summary>Microsoft.Extensions.AI shapes ↔ the engine's: messages with function calls and results, tools, tool
/// modes (<see cref="EngineChatClient"/>'s mapping).</summary>
internal static class EngineChatMessages
{
    /// <summary>One prompt message per chat message, except that each <see cref="FunctionResultContent"/> is its own
    /// <c>tool</c> message (OpenAI's shape); an assistant's <see cref="FunctionCallContent"/>s are its tool calls.</summary>
    public static List<PromptMessage> ToPromptMessages(IEnumerable<ChatMessage> messages)
    {
        var result = new List<PromptMessage>();
        foreach (var message in messages)
        {
            var results = message.Contents.OfType<FunctionResultContent>().ToList();
            var calls = message.Contents.OfType<FunctionCallContent>()
                .Select(c => new ToolCall(c.CallId, c.Name, SerializeArguments(c.Arguments))).ToList();
            var text = message.Text;
            if (results.Count > 0)
            {
                result.AddRange(results.Select(r => new PromptMessage("tool", ResultText(r.Result)) { ToolCallId = r.CallId }));
                if (text.Length == 0 && calls.Count == 0) continue;
            }
            var role = message.Role == ChatRole.Tool && results.Count > 0 ? "user" : message.Role.Value;
            result.Add(new PromptMessage(role, text) { ToolCalls = calls.Count > 0 ? calls : null });
        }
        return result;
    }

    /// <summary>The <see cref="AIFunctionDeclaration"/>s of <see cref="ChatOptions.Tools"/> (other tools are ignored).</summary>
    public static List<ToolDefinition> ToTools(ChatOptions? options) =>
        options?.Tools?.OfType<AIFunctionDeclaration>()
            .Select(f => new ToolDefinition(f.Name, string.IsNullOrEmpty(f.Description) ? null : f.Description, f.JsonSchema))
            .ToList() ?? [];

    /// <summary><see cref="ChatOptions.ToolMode"/> → <see cref="ToolChoice"/>: null / auto → auto (none without tools),
    /// none → none, required without a name → required, with one → that function.</summary>
    public static ToolChoice ToToolChoice(ChatOptions? options, IReadOnlyList<ToolDefinition> tools) => options?.ToolMode switch
    {
        _ when tools.Count == 0 => ToolChoice.None,
        NoneChatToolMode => ToolChoice.None,
        RequiredChatToolMode { RequiredFunctionName: { } name } => ToolChoice.Function(name),
        RequiredChatToolMode => ToolChoice.Required,
        _ => ToolChoice.Auto,
    };

    /// <summary>A parsed call as MEAI's <see cref="FunctionCallContent"/>, arguments as <see cref="JsonElement"/> values.</summary>
    public static FunctionCallContent ToFunctionCall(ToolCall call)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(call.Arguments))
        {
            foreach (var property in document.RootElement.EnumerateObject()) arguments[property.Name] = property.Value.Clone();
        }
        return new FunctionCallContent(call.Id, call.Name, arguments);
    }

    private static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null ? "{}" : JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };
}
