using System.Text.Json.Nodes;
using Workbench.Engine.Templates;
using Workbench.Engine.Tests.Templates;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary><c>POST /apply-template</c> and <c>GET /props</c> over the real API on stories260K (which carries no
/// chat template): tools, kwargs, <c>now</c>, a Jinja <c>chat_template</c>, token overrides, the built-in ChatML +
/// Hermes template, and the 400s.</summary>
[Collection(Stories260KServerCollection.Name)]
public sealed class ApplyTemplateEndpointTests(Stories260KServerFixture server)
{
    private const string Now = "2025-03-07T14:05:09Z";

    private static JsonNode Tools() => TemplateConversations.Tools();

    private static readonly object ToolLoop = new object[]
    {
        new { role = "user", content = "Weather in Paris?" },
        new
        {
            role = "assistant", content = "",
            tool_calls = new[] { new { id = "call_1", type = "function", function = new { name = "get_weather", arguments = "{\"city\": \"Paris\"}" } } },
        },
        new { role = "tool", tool_call_id = "call_1", name = "get_weather", content = "{\"temperature\": 18}" },
    };

    private Task<(int Status, JsonNode Body)> Post(object body) => ApiTestJson.PostAsync(server.Http, "/apply-template", body);

    [Fact]
    public async Task ApplyTemplate_Qwen3SourceWithToolsKwargsAndNow_RendersAsHfChatTemplate()
    {
        string source = TemplateConversations.Template("qwen3");
        var (status, body) = await Post(new
        {
            messages = new[] { new { role = "system", content = "You are a helpful assistant." }, new { role = "user", content = "What is the weather in Zürich?" } },
            tools = Tools(),
            chat_template = source,
            chat_template_kwargs = new { enable_thinking = false },
            bos_token = "<|bos|>",
            eos_token = "<|eos|>",
            now = Now,
        });

        Assert.Equal(200, status);
        var expected = HfChatTemplate.Render(source, new ChatTemplateInput(
            (JsonArray)JsonNode.Parse("""[{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": "What is the weather in Zürich?"}]""")!,
            TemplateConversations.Tools(), true, "<|bos|>", "<|eos|>", DateTimeOffset.Parse(Now), new JsonObject { ["enable_thinking"] = false }));
        Assert.Equal(expected, (string?)body["prompt"]);
        Assert.EndsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n", expected);
        Assert.Contains("<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"get_weather\"", expected);
        Assert.Equal("request", (string?)body["template"]);
        Assert.Equal("hermes", (string?)body["tool_call_format"]);
    }

    [Fact]
    public async Task ApplyTemplate_Llama31WithDateString_UsesTheKwarg()
    {
        var (status, body) = await Post(new
        {
            messages = new[] { new { role = "user", content = "Hi" } },
            tools = Tools(),
            chat_template = TemplateConversations.Template("llama3.1-instruct"),
            chat_template_kwargs = new { date_string = "07 Mar 2025" },
        });

        Assert.Equal(200, status);
        var prompt = (string)body["prompt"]!;
        Assert.Contains("Today Date: 07 Mar 2025\n", prompt);
        Assert.Contains("\"name\": \"calculate\"", prompt);
        Assert.StartsWith("<|start_header_id|>system", prompt); // bos_token is stories260K's "<s>", dropped: tokenizing adds it
        Assert.Equal("llama3_json", (string?)body["tool_call_format"]);
    }

    [Fact]
    public async Task ApplyTemplate_Now_IsTheTimeStrftimeNowFormats()
    {
        var (status, body) = await Post(new
        {
            messages = new[] { new { role = "user", content = "Hi" } },
            chat_template = "{{ strftime_now('%d %b %Y %H:%M') }}|{{ messages[0].content }}",
            now = "2025-03-07T14:05:09+02:00",
        });
        Assert.Equal(200, status);
        Assert.Equal("07 Mar 2025 14:05|Hi", (string?)body["prompt"]);
        Assert.Null(body["tool_call_format"]);
    }

    [Fact]
    public async Task ApplyTemplate_ToolsWithoutModelTemplate_RendersTheBuiltInHermesTemplate()
    {
        var (status, body) = await Post(new
        {
            messages = ToolLoop,
            tools = JsonNode.Parse("""[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]"""),
        });

        Assert.Equal(200, status);
        Assert.Equal("chatml-hermes", (string?)body["template"]);
        Assert.Equal("hermes", (string?)body["tool_call_format"]);
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.\n\n# Tools\n\nYou can call functions to answer the user. Each function is described by one JSON object per line inside <tools></tools>:\n<tools>\n"
            + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}}\n</tools>\n\n"
            + "To call a function, write its name and a JSON object of arguments inside <tool_call></tool_call> tags, one call per block:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <arguments-object>}\n</tool_call>\nThe results come back inside <tool_response></tool_response> tags.<|im_end|>\n"
            + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n{\"temperature\": 18}\n</tool_response><|im_end|>\n"
            + "<|im_start|>assistant\n",
            (string?)body["prompt"]);
    }

    [Fact]
    public async Task ApplyTemplate_NoToolsNoTemplate_StillUsesTheConfiguredFallback()
    {
        var (status, body) = await Post(new { messages = new[] { new { role = "user", content = "Hi" } } });
        Assert.Equal(200, status);
        Assert.Equal("chatml", (string?)body["template"]);
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", (string?)body["prompt"]);
    }

    [Fact]
    public async Task ApplyTemplate_BrokenTemplate_Is400NamingLineAndColumn()
    {
        var (status, body) = await Post(new
        {
            messages = new[] { new { role = "user", content = "Hi" } },
            chat_template = "{% for m in messages %}\n{{ m.content | no_such_filter }}\n{% endfor %}",
        });
        Assert.Equal(400, status);
        var error = ApiTestJson.AssertError(body, "invalid_request_error", "chat_template", "invalid_chat_template");
        Assert.Contains("line 2, column", (string?)error["message"]);
    }

    [Fact]
    public async Task ApplyTemplate_UnclosedBlock_Is400NamingLine()
    {
        var (status, body) = await Post(new { messages = new[] { new { role = "user", content = "Hi" } }, chat_template = "{% if true %}\nopen" });
        Assert.Equal(400, status);
        var error = ApiTestJson.AssertError(body, "invalid_request_error", "chat_template", "invalid_chat_template");
        Assert.Contains("line", (string?)error["message"]);
        Assert.Contains("does not parse", (string?)error["message"]);
    }

    [Fact]
    public async Task ApplyTemplate_BuiltInNameWithTools_Is400()
    {
        var (status, body) = await Post(new { messages = ToolLoop, tools = Tools(), chat_template = "chatml" });
        Assert.Equal(400, status);
        var error = ApiTestJson.AssertError(body, "invalid_request_error", "chat_template", "invalid_chat_template");
        Assert.Contains("'chatml' renders no tools", (string?)error["message"]);
    }

    [Fact]
    public async Task ApplyTemplate_ToolMessageAnsweringNoCall_Is400FromTheSharedRules()
    {
        var (status, body) = await Post(new
        {
            messages = new object[] { new { role = "user", content = "Hi" }, new { role = "tool", tool_call_id = "nope", content = "1" } },
        });
        Assert.Equal(400, status);
        ApiTestJson.AssertError(body, "invalid_request_error", "messages[1].tool_call_id");
    }

    [Fact]
    public async Task ApplyTemplate_BadNowOrKwargs_Is400()
    {
        var (status, body) = await Post(new { messages = new[] { new { role = "user", content = "Hi" } }, now = "yesterday" });
        Assert.Equal(400, status);
        ApiTestJson.AssertError(body, "invalid_request_error", "now");

        (status, body) = await Post(new { messages = new[] { new { role = "user", content = "Hi" } }, chat_template_kwargs = new[] { 1 } });
        Assert.Equal(400, status);

        (status, body) = await Post(new { messages = new[] { new { role = "user", content = "Hi" } }, chat_template = "{{ 1 }}", chat_template_kwargs = new { messages = 1 } });
        Assert.Equal(400, status);
        ApiTestJson.AssertError(body, "invalid_request_error", "chat_template", "invalid_chat_template");
    }

    [Fact]
    public async Task Props_ReportsTokensAndToolCallFormat()
    {
        using var response = await server.Http.GetAsync("/props");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("<s>", (string?)body["bos_token"]);
        Assert.Equal("</s>", (string?)body["eos_token"]);
        Assert.Equal("hermes", (string?)body["tool_call_format"]);
        Assert.Null(body["chat_template"]); // stories260K carries none
        Assert.Equal("Hermes", (string?)body["model"]!["tool_call_format"]);
    }
}
