using Workbench.Engine.Inference;
using Workbench.Engine.Serving;
using Workbench.Engine.Templates;
using Workbench.Engine.Templates.Jinja;
using Workbench.Engine.Tests.Templates;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary><see cref="IInferenceEngine.RenderChatAsync"/> with every template of ../shared/templates as the
/// request's source, on stories260K: the in-process engine renders what <see cref="HfChatTemplate"/> renders from the
/// conversation's JSON directly (itself byte-checked against jinja2), and the remote engine over the real worker API
/// gives the same bytes and format; where the template refuses, both raise a <see cref="ChatTemplateException"/>
/// naming the line.</summary>
[Collection(Stories260KServerCollection.Name)]
public sealed class RenderChatTests(Stories260KServerFixture server) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public void Dispose() => _http.Dispose();

    public static Xunit.TheoryData<string, string> Cases() => TemplateRenderRequests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RenderChatAsync_SharedTemplateSource_MatchesHfChatTemplateInProcessAndRemote(string template, string conversation)
    {
        string source = TemplateConversations.Template(template);
        var request = TemplateRenderRequests.Request(conversation, source);
        var remote = new RemoteInferenceEngine(_http, () => new Uri(server.BaseUrl));
        string expected;
        try
        {
            expected = HfChatTemplate.Render(source, TemplateConversations.Input(conversation));
        }
        catch (JinjaException refused)
        {
            var local = await Assert.ThrowsAsync<ChatTemplateException>(() => server.Engine.RenderChatAsync(request, CancellationToken.None).AsTask());
            Assert.Contains($"line {refused.Line}", local.Message, StringComparison.Ordinal);
            var far = await Assert.ThrowsAsync<ChatTemplateException>(() => remote.RenderChatAsync(request, CancellationToken.None).AsTask());
            Assert.Equal(local.Message, far.Message);
            return;
        }

        var rendered = await server.Engine.RenderChatAsync(request, CancellationToken.None);
        Assert.Equal(expected, rendered.Text);
        Assert.Equal("request", rendered.TemplateName);
        Assert.Equal(ToolCallFormatDetector.Detect(source), rendered.ToolCallFormat);

        var overHttp = await remote.RenderChatAsync(request, CancellationToken.None);
        Assert.Equal(rendered, overHttp);
    }

    [Fact]
    public async Task RenderChatAsync_SharedTemplates_DetectTheirFormats()
    {
        var formats = new Dictionary<string, ToolCallFormat?>();
        foreach (var name in TemplateConversations.TemplateNames)
        {
            var rendered = await server.Engine.RenderChatAsync(TemplateRenderRequests.Request("tools", TemplateConversations.Template(name)), CancellationToken.None);
            formats[name] = rendered.ToolCallFormat;
        }
        Assert.Equal(ToolCallFormat.Hermes, formats["qwen2.5-instruct"]);
        Assert.Equal(ToolCallFormat.Hermes, formats["qwen3"]);
        Assert.Equal(ToolCallFormat.Hermes, formats["hermes3-tool-use"]);
        Assert.Equal(ToolCallFormat.Qwen3Coder, formats["qwen3-coder"]);
        Assert.Equal(ToolCallFormat.Llama31, formats["llama3.1-instruct"]);
        Assert.Equal(ToolCallFormat.Mistral, formats["mistral-nemo"]);
        Assert.Null(formats["gemma3"]);
    }

    [Fact]
    public async Task RenderChatAsync_ModelBosAtTheStart_IsRemovedBecauseTokenizingAddsIt()
    {
        // stories260K's vocabulary adds BOS when tokenizing with add_special; llama.cpp drops the template's copy.
        Assert.Equal(server.Model.BosToken, (await server.Engine.TokenizeAsync("", addSpecial: true, parseSpecial: false, CancellationToken.None))[0]);
        var request = new ChatRenderRequest { Messages = [new("user", "Hi")], TemplateSource = "{{ bos_token }}[{{ messages[0].content }}]" };

        var own = await server.Engine.RenderChatAsync(request, CancellationToken.None);
        var overridden = await server.Engine.RenderChatAsync(request with { BosToken = "<B>" }, CancellationToken.None);

        Assert.Equal("<s>", server.Model.BosText);
        Assert.Equal("[Hi]", own.Text);
        Assert.Equal("<B>[Hi]", overridden.Text);
    }

    [Fact]
    public async Task RenderChatAsync_ThroughADecoratorThatOverridesNothing_StillRendersTools()
    {
        await using var decorated = new PassThroughEngine(server.Engine);
        var request = TemplateRenderRequests.Request("tool-loop-empty-content", null) with { BosToken = null, EosToken = null };

        var rendered = await decorated.RenderChatAsync(request, CancellationToken.None);

        Assert.Equal("chatml-hermes", rendered.TemplateName);
        Assert.Equal(ToolCallFormat.Hermes, rendered.ToolCallFormat);
        Assert.Contains("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Zürich\", \"unit\": \"celsius\"}}\n</tool_call>", rendered.Text);
    }

    [Fact]
    public async Task ApplyChatTemplateAsync_ToolHistory_RendersRolesAndContentsAlikeInProcessAndRemote()
    {
        var messages = TemplateRenderRequests.Request("tool-loop-empty-content", null).Messages;
        var remote = new RemoteInferenceEngine(_http, () => new Uri(server.BaseUrl));

        var local = await server.Engine.ApplyChatTemplateAsync(messages, null, addAssistantPrompt: true, CancellationToken.None);
        var far = await remote.ApplyChatTemplateAsync(messages, null, addAssistantPrompt: true, CancellationToken.None);

        Assert.Equal("chatml", local.TemplateName);
        Assert.DoesNotContain("tool_call", local.Text);
        Assert.Contains("<|im_start|>tool\n{\"temperature\": 21.5, \"sky\": \"sunny\"}<|im_end|>", local.Text);
        Assert.Equal(local, far);
    }

    private sealed class PassThroughEngine(IInferenceEngine inner) : DelegatingInferenceEngine(inner, ownsInner: false);
}
