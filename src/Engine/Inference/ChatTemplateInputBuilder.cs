using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Templates;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Inference;

/// <summary>Turns a <see cref="ChatRenderRequest"/> into the <see cref="ChatTemplateInput"/> a Hugging Face template
/// reads: messages and tools as OpenAI JSON (the shapes llama-server and vLLM hand to the template).</summary>
internal static class ChatTemplateInputBuilder
{
    /// <summary>The input for <paramref name="request"/>; BOS/EOS text is the request's override, else
    /// <paramref name="bosToken"/> / <paramref name="eosToken"/> (the model's, empty when it has none).</summary>
    /// <exception cref="ChatTemplateException">A variable reuses a reserved name (<c>messages</c>, <c>tools</c>,
    /// <c>documents</c>, <c>add_generation_prompt</c>).</exception>
    public static ChatTemplateInput Build(ChatRenderRequest request, string bosToken, string eosToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonObject? kwargs = null;
        if (request.TemplateVariables is { Count: > 0 } variables)
        {
            kwargs = [];
            foreach (var (name, value) in variables)
            {
                if (name is "messages" or "tools" or "documents" or "add_generation_prompt")
                    throw new ChatTemplateException($"chat_template_kwargs.{name}: '{name}' is set by the request itself and cannot be a template variable.");
                kwargs[name] = ToNode(value);
            }
        }
        return new ChatTemplateInput(
            Messages(request.Messages),
            request.Tools.Count == 0 ? null : Tools(request.Tools),
            request.AddGenerationPrompt,
            request.BosToken ?? bosToken,
            request.EosToken ?? eosToken,
            request.Now,
            kwargs);
    }

    /// <summary>OpenAI messages: <c>{role, content, tool_calls?: [{id, type: "function", function: {name,
    /// arguments}}], tool_call_id?, name?}</c>; arguments stay JSON strings (the template gets them parsed).</summary>
    public static JsonArray Messages(IReadOnlyList<PromptMessage> messages)
    {
        var array = new JsonArray();
        foreach (var message in messages)
        {
            var item = new JsonObject { ["role"] = message.Role, ["content"] = message.Content };
            if (message.ToolCalls is { Count: > 0 } calls)
            {
                var list = new JsonArray();
                foreach (var call in calls)
                {
                    list.Add(new JsonObject
                    {
                        ["id"] = call.Id,
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
                    });
                }
                item["tool_calls"] = list;
            }
            if (message.ToolCallId is not null) item["tool_call_id"] = message.ToolCallId;
            if (message.Name is not null) item["name"] = message.Name;
            array.Add(item);
        }
        return array;
    }

    /// <summary>OpenAI tools: <c>{type: "function", function: {name, description?, parameters}}</c>, in order, the
    /// schema's keys as given.</summary>
    public static JsonArray Tools(IReadOnlyList<ToolDefinition> tools)
    {
        var array = new JsonArray();
        foreach (var tool in tools)
        {
            var function = new JsonObject { ["name"] = tool.Name };
            if (tool.Description is not null) function["description"] = tool.Description;
            function["parameters"] = ToNode(tool.Parameters);
            array.Add(new JsonObject { ["type"] = "function", ["function"] = function });
        }
        return array;
    }

    private static JsonNode? ToNode(JsonElement value) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : JsonNode.Parse(value.GetRawText());
}
