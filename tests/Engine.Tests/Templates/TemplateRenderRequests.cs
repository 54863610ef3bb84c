using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Templates;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Tests.Templates;

/// <summary>The conversations of <see cref="TemplateConversations"/> as the engine receives them: a
/// <see cref="ChatRenderRequest"/> of <see cref="PromptMessage"/>s and <see cref="ToolDefinition"/>s with the same
/// BOS/EOS overrides, clock and kwargs. A null content becomes "" (as <see cref="PromptMessage"/> carries it), so the
/// conversation with a null content is not among <see cref="Conversations"/>.</summary>
public static class TemplateRenderRequests
{
    /// <summary>The conversations of <paramref name="template"/> the engine can carry unchanged.</summary>
    public static IEnumerable<string> Conversations(string template) =>
        TemplateConversations.ConversationsFor(template).Where(c => c != "tool-loop");

    /// <summary>(template, conversation) pairs for every shared template.</summary>
    public static Xunit.TheoryData<string, string> Cases()
    {
        var data = new Xunit.TheoryData<string, string>();
        foreach (var t in TemplateConversations.TemplateNames)
            foreach (var c in Conversations(t)) data.Add(t, c);
        return data;
    }

    /// <summary>The request for conversation <paramref name="conversation"/> with <paramref name="templateSource"/>.</summary>
    public static ChatRenderRequest Request(string conversation, string? templateSource)
    {
        ChatTemplateInput input = TemplateConversations.Input(conversation);
        return new ChatRenderRequest
        {
            Messages = input.Messages.Select(m => ToMessage(m!.AsObject())).ToList(),
            Tools = input.Tools?.Select(t => ToTool(t!["function"]!.AsObject())).ToList() ?? [],
            AddGenerationPrompt = input.AddGenerationPrompt,
            TemplateSource = templateSource,
            BosToken = input.BosToken,
            EosToken = input.EosToken,
            Now = input.Now,
            TemplateVariables = input.Kwargs?.ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value)),
        };
    }

    private static PromptMessage ToMessage(JsonObject m) => new((string)m["role"]!, (string?)m["content"] ?? "")
    {
        ToolCalls = m["tool_calls"]?.AsArray().Select(c => new ToolCall((string)c!["id"]!, (string)c["function"]!["name"]!,
            (string)c["function"]!["arguments"]!)).ToList(),
        ToolCallId = (string?)m["tool_call_id"],
        Name = (string?)m["name"],
    };

    private static ToolDefinition ToTool(JsonObject f) =>
        new((string)f["name"]!, (string?)f["description"], JsonSerializer.SerializeToElement(f["parameters"]));
}
