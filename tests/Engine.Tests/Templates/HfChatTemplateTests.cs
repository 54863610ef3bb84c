using System.Text.Json.Nodes;
using Workbench.Engine.Templates;

namespace Workbench.Engine.Tests.Templates;

/// <summary>HfChatTemplate's own duties: the variables it binds, string tool-call arguments parsed into objects,
/// strftime_now on the given time, the parse cache.</summary>
public sealed class HfChatTemplateTests
{
    [Fact]
    public void Render_ToolCallArgumentsString_ReachesTemplateAsObject()
    {
        var input = TemplateConversations.Input("tool-loop");
        string prompt = HfChatTemplate.Render(TemplateConversations.Template("qwen2.5-instruct"), input);
        Assert.Contains("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Zürich\", \"unit\": \"celsius\"}}", prompt, StringComparison.Ordinal);
        // the caller's messages are not changed
        Assert.Equal("{\"city\": \"Zürich\", \"unit\": \"celsius\"}", (string?)input.Messages[2]!["tool_calls"]![0]!["function"]!["arguments"]);
    }

    [Fact]
    public void Render_ArgumentsNotJson_ThrowsArgumentExceptionNamingTheField()
    {
        var input = TemplateConversations.Input("tool-loop");
        input.Messages[2]!["tool_calls"]![0]!["function"]!["arguments"] = "{not json";
        var e = Assert.Throws<ArgumentException>(() => HfChatTemplate.Render("{{ messages | length }}", input));
        Assert.Contains("messages[2].tool_calls[0].function.arguments", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BindsTransformersVariablesAndKwargs()
    {
        var input = new ChatTemplateInput([], null, false, "<s>", "</s>", new DateTimeOffset(2024, 7, 26, 9, 3, 0, TimeSpan.Zero),
            new JsonObject { ["enable_thinking"] = false });
        string output = HfChatTemplate.Render(
            "{{ bos_token }}{{ eos_token }} {{ tools is none }} {{ documents is none }} {{ add_generation_prompt }} {{ enable_thinking }} {{ strftime_now('%d %b %Y %H:%M %A %j') }}",
            input);
        Assert.Equal("<s></s> True True False False 26 Jul 2024 09:03 Friday 208", output);
    }

    [Fact]
    public void Render_ReservedKwarg_Throws()
    {
        var input = new ChatTemplateInput([], Kwargs: new JsonObject { ["messages"] = 1 });
        Assert.Throws<ArgumentException>(() => HfChatTemplate.Render("x", input));
    }

    [Fact]
    public void Get_SameSource_ReturnsTheCachedParse()
    {
        string source = TemplateConversations.Template("gemma3");
        Assert.Same(HfChatTemplate.Get(source), HfChatTemplate.Get(source));
    }
}
