using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Engine.Conversation;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Requests;

// Messages and tools: OpenAI Chat Completions reference, "messages", "tools", "tool_choice".
public static partial class RequestValidator
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    /// <summary>The messages: roles known, <c>tool_calls</c> only on assistant messages with ids, names and JSON
    /// object arguments, every <c>tool</c> message answering an earlier call.</summary>
    private static List<PromptMessage> ValidateMessages(IReadOnlyList<ChatRequestMessage> messages)
    {
        if (messages.Count == 0)
            throw RequestValidationException.Invalid("messages", "'messages' must be a non-empty array of {role, content} objects.");
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PromptMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var at = $"messages[{i}]";
            var message = messages[i] ?? throw RequestValidationException.Invalid(at, $"'{at}' must be an object.");
            var role = message.Role;
            if (role is null || !Roles.Contains(role))
                throw RequestValidationException.Invalid($"{at}.role", $"'{at}.role' must be one of system, developer, user, assistant, tool; got '{role}'.");
            if (message.ToolCalls is { Count: > 0 } && role != "assistant")
                throw RequestValidationException.Invalid($"{at}.tool_calls", $"'{at}.tool_calls' is only allowed on an assistant message; this one is '{role}'.");
            var calls = message.ToolCalls is { Count: > 0 } ? ValidateToolCalls(message.ToolCalls, at, callIds) : null;

            string? toolCallId = null;
            if (role == "tool")
            {
                toolCallId = message.ToolCallId;
                if (string.IsNullOrEmpty(toolCallId))
                    throw RequestValidationException.Invalid($"{at}.tool_call_id", $"'{at}.tool_call_id' is required on a tool message: the id of the call it answers.");
                if (!callIds.Contains(toolCallId))
                    throw RequestValidationException.Invalid($"{at}.tool_call_id", $"'{at}.tool_call_id' '{toolCallId}' answers no earlier assistant tool call.");
            }
            result.Add(new PromptMessage(role == "developer" ? "system" : role, message.Content ?? "")
            {
                ToolCalls = calls,
                ToolCallId = toolCallId,
                Name = role == "tool" && !string.IsNullOrEmpty(message.Name) ? message.Name : null,
            });
        }
        return result;
    }

    private static List<ToolCall> ValidateToolCalls(IReadOnlyList<ChatRequestToolCall> calls, string at, HashSet<string> callIds)
    {
        var result = new List<ToolCall>(calls.Count);
        for (var j = 0; j < calls.Count; j++)
        {
            var path = $"{at}.tool_calls[{j}]";
            var call = calls[j] ?? throw RequestValidationException.Invalid(path, $"'{path}' must be an object.");
            if (string.IsNullOrEmpty(call.Id))
                throw RequestValidationException.Invalid($"{path}.id", $"'{path}.id' is required.");
            if (call.Type is not (null or "function"))
                throw RequestValidationException.Invalid($"{path}.type", $"'{path}.type' must be 'function'; got '{call.Type}'.");
            if (call.Name is null || !ToolName().IsMatch(call.Name))
                throw RequestValidationException.Invalid($"{path}.function.name", $"'{path}.function.name' must be 1 to 64 characters of a-z, A-Z, 0-9, '_' and '-'.");
            if (!IsJsonObject(call.Arguments))
                throw RequestValidationException.Invalid($"{path}.function.arguments", $"'{path}.function.arguments' must be a JSON object written as a string, for example \"{{\\\"city\\\": \\\"Paris\\\"}}\".");
            callIds.Add(call.Id);
            result.Add(new ToolCall(call.Id, call.Name, call.Arguments!));
        }
        return result;
    }

    /// <summary>The tools: type function, a valid unique name, an object schema the grammar converter supports.</summary>
    private static List<ToolDefinition> ValidateTools(IReadOnlyList<ChatRequestTool>? tools)
    {
        if (tools is null) return [];
        if (tools.Count > RequestLimits.MaxTools)
            throw RequestValidationException.Invalid("tools", $"'tools' accepts at most {RequestLimits.MaxTools} functions.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ToolDefinition>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            var at = $"tools[{i}]";
            var tool = tools[i] ?? throw RequestValidationException.Invalid(at, $"'{at}' must be an object.");
            if (tool.Type != "function")
                throw RequestValidationException.Invalid($"{at}.type", $"'{at}.type' must be 'function'; got '{tool.Type}'.");
            if (!tool.HasFunction)
                throw RequestValidationException.Invalid($"{at}.function", $"'{at}.function' is required: {{name, description, parameters}}.");
            if (tool.Name is null || !ToolName().IsMatch(tool.Name))
                throw RequestValidationException.Invalid($"{at}.function.name", $"'{at}.function.name' must be 1 to 64 characters of a-z, A-Z, 0-9, '_' and '-'; got '{tool.Name}'.");
            if (!names.Add(tool.Name))
                throw RequestValidationException.Invalid($"{at}.function.name", $"'{at}.function.name' repeats '{tool.Name}': tool names must be unique.");
            result.Add(new ToolDefinition(tool.Name, tool.Description, ValidateParameters(tool.Parameters, $"{at}.function.parameters")));
        }
        return result;
    }

    /// <summary>An object schema (absent or <c>{}</c> = no parameters) whose keywords the converter supports.</summary>
    private static JsonElement ValidateParameters(JsonElement? parameters, string field)
    {
        if (parameters is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } schema) return EmptyObjectSchema;
        var isObjectSchema = schema.ValueKind == JsonValueKind.Object
            && (schema.TryGetProperty("type", out var type) ? type.ValueKind == JsonValueKind.String && type.GetString() == "object"
                : !schema.EnumerateObject().Any());
        if (!isObjectSchema)
        {
            throw new RequestValidationException(field, RequestValidationException.InvalidSchema,
                $"'{field}' must be an object JSON Schema ({{\"type\": \"object\", \"properties\": {{...}}}}).");
        }
        if (!schema.EnumerateObject().Any()) return EmptyObjectSchema;
        try
        {
            _ = JsonSchemaGrammar.ToGbnf(schema);
        }
        catch (JsonSchemaException e)
        {
            throw new RequestValidationException(field, e.Keyword is null ? RequestValidationException.InvalidSchema : RequestValidationException.UnsupportedSchema,
                $"'{field}' cannot be used: {DescribeSchemaError(e)}");
        }
        return schema.Clone();
    }

    /// <summary><c>tool_choice</c>: a mode string or a named function among <paramref name="tools"/>.</summary>
    private static ToolChoice ValidateToolChoice(JsonElement? choice, IReadOnlyList<ToolDefinition> tools)
    {
        if (choice is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value)
            return tools.Count > 0 ? ToolChoice.Auto : ToolChoice.None;
        const string Shape = "'tool_choice' must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": ...}}.";
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "none": return ToolChoice.None;
                case "auto": return tools.Count > 0 ? ToolChoice.Auto : ToolChoice.None;
                case "required":
                    if (tools.Count == 0) throw RequestValidationException.Invalid("tool_choice", "'tool_choice' \"required\" needs 'tools': send at least one tool.");
                    return ToolChoice.Required;
                default: throw RequestValidationException.Invalid("tool_choice", Shape);
            }
        }
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "function"
            || !value.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || !function.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            throw RequestValidationException.Invalid("tool_choice", Shape);
        }
        var name = nameElement.GetString()!;
        if (tools.Count == 0)
            throw RequestValidationException.Invalid("tool_choice", $"'tool_choice' names the function '{name}' but 'tools' is empty.");
        if (!tools.Any(t => t.Name == name))
        {
            throw RequestValidationException.Invalid("tool_choice.function.name",
                $"'tool_choice.function.name' '{name}' is not in 'tools' (sent: {string.Join(", ", tools.Select(t => t.Name))}).");
        }
        return ToolChoice.Function(name);
    }

    /// <summary>The message a client sees for a rejected schema: the converter's sentence, plus where in the schema
    /// (as a JSON Pointer fragment) when the sentence does not already say it.</summary>
    internal static string DescribeSchemaError(JsonSchemaException error)
    {
        var message = error.Message.TrimEnd();
        if (error.Path.Length > 0 && !message.Contains(error.Path, StringComparison.Ordinal))
            message += $" (at schema path '#{error.Path}')";
        return message;
    }

    private static bool IsJsonObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(RequestLimits.ToolNamePattern)]
    private static partial Regex ToolName();
}
