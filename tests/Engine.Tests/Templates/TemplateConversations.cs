using System.Text.Json.Nodes;
using Workbench.Engine.Templates;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Templates;

/// <summary>The real chat templates in ../shared/templates and the conversations every one is rendered with:
/// system+user, user with two tools, a tool loop (content null, and ""; an assistant <c>tool_calls</c> turn with OpenAI string
/// arguments and its <c>tool</c> result; ids of 9 alphanumerics, as Mistral requires), a multi-turn chat without
/// the generation prompt, and the kwargs variants (Qwen3 <c>enable_thinking=false</c>, Llama 3.x
/// <c>date_string</c>).</summary>
public static class TemplateConversations
{
    /// <summary>The time <c>strftime_now</c> sees in every case.</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 7, 14, 5, 9, TimeSpan.Zero);

    /// <summary>Folder of the shared templates.</summary>
    public static string TemplatesFolder => Path.GetFullPath(Path.Combine(TestModels.RepoRoot, "..", "shared", "templates"));

    /// <summary>Template file names (without <c>.jinja</c>).</summary>
    public static IReadOnlyList<string> TemplateNames =>
        Directory.GetFiles(TemplatesFolder, "*.jinja").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList()!;

    /// <summary>The template's text, byte for byte.</summary>
    public static string Template(string name) => File.ReadAllText(Path.Combine(TemplatesFolder, name + ".jinja"));

    /// <summary>Conversation names for <paramref name="template"/>: the four shared ones plus its kwargs variants.</summary>
    public static IEnumerable<string> ConversationsFor(string template)
    {
        yield return "system-user";
        yield return "tools";
        yield return "tool-loop";
        yield return "tool-loop-empty-content";
        yield return "multi-turn";
        if (template.StartsWith("qwen3", StringComparison.Ordinal)) yield return "no-thinking";
        if (template.StartsWith("llama3", StringComparison.Ordinal)) yield return "date-string";
    }

    private static JsonObject Msg(string role, string? content) => new() { ["role"] = role, ["content"] = content };

    /// <summary>The OpenAI-shaped tool definitions: get_weather{city, unit enum} and calculate{expression}.</summary>
    public static JsonArray Tools() => (JsonArray)JsonNode.Parse("""
        [{"type": "function", "function": {"name": "get_weather", "description": "Get the current weather in a city.",
          "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name, e.g. Zürich"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}},
         {"type": "function", "function": {"name": "calculate", "description": "Evaluate an arithmetic expression.",
          "parameters": {"type": "object", "properties": {"expression": {"type": "string"}}, "required": ["expression"]}}}]
        """)!;

    /// <summary>The input of conversation <paramref name="name"/>.</summary>
    public static ChatTemplateInput Input(string name)
    {
        const string Bos = "<|bos|>", Eos = "<|eos|>";
        switch (name)
        {
            case "system-user":
                return new([Msg("system", "You are a helpful assistant."), Msg("user", "Hello! Tell me a story about a café.")],
                    null, true, Bos, Eos, Now);
            case "tools":
                return new([Msg("user", "What is the weather in Zürich?")], Tools(), true, Bos, Eos, Now);
            case "tool-loop":
                var call = new JsonObject
                {
                    ["role"] = "assistant",
                    ["content"] = null,
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "a1b2c3d4e",
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{\"city\": \"Zürich\", \"unit\": \"celsius\"}" },
                    }),
                };
                var result = new JsonObject { ["role"] = "tool", ["tool_call_id"] = "a1b2c3d4e", ["name"] = "get_weather", ["content"] = "{\"temperature\": 21.5, \"sky\": \"sunny\"}" };
                return new([Msg("system", "You can call tools."), Msg("user", "What is the weather in Zürich?"), call, result],
                    Tools(), true, Bos, Eos, Now);
            case "tool-loop-empty-content": // as llama-server passes a null content: several templates need a string
                var input = Input("tool-loop");
                var messages = (JsonArray)input.Messages.DeepClone();
                messages[2]!["content"] = "";
                return input with { Messages = messages };
            case "multi-turn":
                return new([Msg("system", "Be brief."), Msg("user", "Hi"), Msg("assistant", "Hello! How can I help?"),
                    Msg("user", "Count to three.")], null, false, Bos, Eos, Now);
            case "no-thinking":
                return Input("system-user") with { Kwargs = new JsonObject { ["enable_thinking"] = false } };
            case "date-string":
                return Input("tools") with { Kwargs = new JsonObject { ["date_string"] = "01 Jan 2025" } };
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown conversation");
        }
    }

    /// <summary>The variables transformers renders with, for the reference renderers (arguments still strings:
    /// the renderers parse them as llama-server does).</summary>
    public static JsonObject Context(ChatTemplateInput input)
    {
        var context = new JsonObject
        {
            ["messages"] = input.Messages.DeepClone(),
            ["tools"] = input.Tools?.DeepClone(),
            ["documents"] = null,
            ["add_generation_prompt"] = input.AddGenerationPrompt,
            ["bos_token"] = input.BosToken,
            ["eos_token"] = input.EosToken,
        };
        foreach (var (k, v) in input.Kwargs ?? []) context[k] = v?.DeepClone();
        return context;
    }
}
