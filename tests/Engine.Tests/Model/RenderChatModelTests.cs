using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Templates;
using Workbench.Engine.Templates.Builtin;
using Workbench.Engine.Tools;
using Xunit;

namespace Workbench.Engine.Tests.Model;

/// <summary><c>LlamaModel.RenderChat</c>: the template resolution on the real models (phi-3's vocabulary carries a
/// template, stories260K none), the built-in ChatML + Hermes template, the configured format, and the errors.</summary>
[Collection(ModelCollection.Name)]
public class RenderChatModelTests(ModelFixture models)
{
    private static readonly ToolDefinition Weather = new("get_weather", "Weather of a city.",
        JsonDocument.Parse("""{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}""").RootElement);

    private static readonly PromptMessage[] ToolLoop =
    [
        new("user", "Weather in Paris and Rome?"),
        new("assistant", "Let me look.") { ToolCalls = [new ToolCall("c1", "get_weather", "{\"city\": \"Paris\"}"), new ToolCall("c2", "get_weather", "{\"city\":\"Rome\"}")] },
        new("tool", "18") { ToolCallId = "c1", Name = "get_weather" },
        new("tool", "21") { ToolCallId = "c2", Name = "get_weather" },
    ];

    [Fact]
    public void RenderChat_Phi3OwnTemplate_IsHfChatTemplatesRendering()
    {
        PromptMessage[] messages = [new("user", "Hi"), new("assistant", "Hello"), new("user", "Bye")];
        var request = new ChatRenderRequest { Messages = messages, BosToken = "<B>", EosToken = "<E>" };

        RenderedPrompt prompt = models.Phi3.RenderChat(request, "chatml", null);

        var json = (JsonArray)JsonNode.Parse("""[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "Bye"}]""")!;
        Assert.Equal(HfChatTemplate.Render(models.Phi3.OwnChatTemplate()!, new ChatTemplateInput(json, null, true, "<B>", "<E>")), prompt.Text);
        Assert.StartsWith("<B><|user|>\nHi<|end|>", prompt.Text);
        Assert.Equal("model", prompt.TemplateName);
        Assert.Null(prompt.ToolCallFormat); // phi-3's template renders no tool calls
        Assert.Null(models.Phi3.DefaultToolCallFormat(null));
    }

    [Fact]
    public void RenderChat_NoTemplateWithToolCalls_UsesTheHermesTemplateGroupingResults()
    {
        RenderedPrompt prompt = models.Stories260K.RenderChat(new ChatRenderRequest { Messages = ToolLoop, AddGenerationPrompt = false }, "chatml", null);

        Assert.Equal(HermesChatMlTemplate.Name, prompt.TemplateName);
        Assert.Equal(ToolCallFormat.Hermes, prompt.ToolCallFormat);
        Assert.Equal(
            "<|im_start|>user\nWeather in Paris and Rome?<|im_end|>\n"
            + "<|im_start|>assistant\nLet me look.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n"
            + "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Rome\"}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n18\n</tool_response>\n<tool_response>\n21\n</tool_response><|im_end|>\n",
            prompt.Text);
    }

    [Fact]
    public void RenderChat_HermesTemplateWithoutTools_RendersAsLlamaCppChatml()
    {
        PromptMessage[] chat = [new("system", "Be brief."), new("user", "Hi"), new("assistant", "Hello!"), new("user", "Bye")];
        string ours = models.Stories260K.RenderChat(new ChatRenderRequest { Messages = chat, TemplateName = HermesChatMlTemplate.Name }, "chatml", null).Text;
        string llamaCpp = models.Stories260K.ApplyChatTemplate(chat, "chatml", "chatml", addAssistant: true).Text;
        Assert.Equal(llamaCpp, ours);
        Assert.Contains(HermesChatMlTemplate.DefaultSystemPrompt, HermesChatMlTemplate.Source);
    }

    [Fact]
    public void RenderChat_ToolsWithSystemMessage_PutsTheToolsInTheSystemTurn()
    {
        var prompt = models.Stories260K.RenderChat(new ChatRenderRequest { Messages = [new("system", "Be brief."), new("user", "Hi")], Tools = [Weather] }, "chatml", null);
        Assert.StartsWith("<|im_start|>system\nBe brief.\n\n# Tools\n", prompt.Text);
        Assert.Contains("\n{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Weather of a city.\", \"parameters\": {\"type\": \"object\"", prompt.Text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(prompt.Text, "Be brief"));
        Assert.EndsWith("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
    }

    [Fact]
    public void RenderChat_ConfiguredFormat_OverridesDetection()
    {
        var request = new ChatRenderRequest { Messages = [new("user", "Hi")], Tools = [Weather] };
        Assert.Equal(ToolCallFormat.Mistral, models.Stories260K.RenderChat(request, "chatml", ToolCallFormat.Mistral).ToolCallFormat);
        Assert.Equal(ToolCallFormat.Mistral, models.Phi3.RenderChat(request with { Tools = [] }, "chatml", ToolCallFormat.Mistral).ToolCallFormat);
        Assert.Equal(ToolCallFormat.Hermes, models.Stories260K.DefaultToolCallFormat(null));
        Assert.Equal(ToolCallFormat.Llama31, models.Phi3.DefaultToolCallFormat(ToolCallFormat.Llama31));
    }

    [Fact]
    public void RenderChat_BuiltInNameWithToolCallsInHistory_Throws()
    {
        var e = Assert.Throws<ChatTemplateException>(() => models.Stories260K.RenderChat(new ChatRenderRequest { Messages = ToolLoop, TemplateName = "llama3" }, "chatml", null));
        Assert.Contains("'llama3' renders no tools", e.Message);
    }

    [Fact]
    public void RenderChat_TemplateRaises_NamesLineAndColumn()
    {
        var request = new ChatRenderRequest { Messages = [new("user", "Hi")], TemplateSource = "ok\n  {{ raise_exception('no tools here') }}" };
        var e = Assert.Throws<ChatTemplateException>(() => models.Stories260K.RenderChat(request, "chatml", null));
        Assert.Contains("no tools here", e.Message);
        Assert.Contains("line 2, column", e.Message);
    }

    [Fact]
    public void RenderChat_ReservedVariableOrBadArguments_IsChatTemplateException()
    {
        var reserved = new ChatRenderRequest
        {
            Messages = [new("user", "Hi")], TemplateSource = "{{ 1 }}",
            TemplateVariables = new Dictionary<string, JsonElement> { ["tools"] = JsonDocument.Parse("1").RootElement },
        };
        Assert.Contains("chat_template_kwargs.tools", Assert.Throws<ChatTemplateException>(() => models.Stories260K.RenderChat(reserved, "chatml", null)).Message);

        var badArguments = new ChatRenderRequest { Messages = [new("assistant", "") { ToolCalls = [new ToolCall("c", "f", "{not json")] }] };
        Assert.Contains("arguments is not JSON", Assert.Throws<ChatTemplateException>(() => models.Stories260K.RenderChat(badArguments, "chatml", null)).Message);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("hermes", ToolCallFormat.Hermes)]
    [InlineData("QWEN3_CODER", ToolCallFormat.Qwen3Coder)]
    [InlineData("Llama31", ToolCallFormat.Llama31)]
    [InlineData("llama3_json", ToolCallFormat.Llama31)]
    [InlineData(" mistral ", ToolCallFormat.Mistral)]
    public void EngineOptions_ToolCallFormat_ReadsVllmAndEnumNames(string value, ToolCallFormat? expected)
    {
        var options = new EngineOptions { ToolCallFormat = value };
        options.Validate();
        Assert.Equal(expected, options.ToolCallFormatOverride);
    }

    [Fact]
    public void EngineOptions_UnknownToolCallFormat_FailsValidationNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new EngineOptions { ToolCallFormat = "xml" }.Validate());
        Assert.Contains("Engine:ToolCallFormat", e.Message);
    }
}
