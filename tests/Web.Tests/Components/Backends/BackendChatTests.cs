using System.Net;
using System.Net.Sockets;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Backends;
using Workbench.Lab.Tools.Builtin;
using Workbench.TestSupport.ScriptedOpenAi;
using Workbench.Web.Components.Pages.Chat;
using Workbench.Web.Components.Widgets.Backends;
using Workbench.Web.Components.Widgets.Tools;

namespace Workbench.Web.Tests.Components.Backends;

/// <summary>The chat page, the tool loop widget and the picker on a remote backend: the scripted OpenAI-compatible
/// server (a real HTTP server) and a closed port.</summary>
[Collection(EngineCollection.Name)]
public sealed class BackendChatTests(EngineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const string Key = "sk-bunit-SECRET-24680";

    private BunitContext Create(string name, Uri baseUrl, string model, bool widgets = false)
    {
        var ctx = widgets ? UiTestContext.CreateForWidgets(fixture) : UiTestContext.Create(fixture);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Backends:{name}:BaseUrl"] = baseUrl.ToString(),
            [$"Backends:{name}:Model"] = model,
            [$"Backends:{name}:ApiKey"] = Key,
            [$"Backends:{name}:DisplayName"] = "Scripted coder",
            [$"Backends:{name}:ContextWindow"] = "8192",
            [$"Backends:{name}:TimeoutSeconds"] = "5",
        }).Build();
        ctx.Services.AddChatBackends(configuration);
        if (widgets) ctx.Services.AddSingleton(new BuiltinTools(AppContext.BaseDirectory));
        return ctx;
    }

    private static Uri ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}/v1/");
    }

    [Fact]
    public async Task Chat_RemoteBackend_StreamsTheScriptedReplyWithFinishReasonAndUsage()
    {
        const string story = "Once upon a time a scripted model streamed this reply in small pieces.";
        await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Always(ScriptedReply.Text(story)));
        await using var ctx = Create("scripted", server.BaseUrl, server.ModelName);
        var cut = ctx.Render<ChatPage>();

        await cut.InvokeAsync(() => cut.Find("select[id^='backend-']").Change("scripted"));
        Assert.Contains($"Model {server.ModelName} at {server.BaseUrl.ToString().TrimEnd('/')}", cut.Find("[aria-label='Chat backend details']").TextContent);
        Assert.True(cut.Find("input[aria-label='Token probabilities']").HasAttribute("disabled"));
        Assert.Contains("Scripted coder", cut.Find("[aria-label='Remote backend note']").TextContent);
        await cut.InvokeAsync(() =>
        {
            cut.Find("#chat-input").Input("Tell me a story");
            cut.Find("form.wb-composer").Submit();
        });

        cut.WaitForAssertion(() => Assert.Equal("Idle", cut.Find("[aria-label='Chat state']").TextContent), Timeout);
        Assert.Equal(story, cut.Find("article[aria-label='Assistant message'] [aria-label='Reply text']").TextContent.Trim());
        Assert.Equal("stop", cut.Find("[aria-label='Finish reason']").TextContent);
        Assert.Matches(@"\d+ / 8192 tokens", cut.Find("[aria-label='Generation stats']").TextContent);
        var request = Assert.Single(server.Requests);
        Assert.True(request.Stream);
        Assert.Equal("Bearer " + Key, request.Authorization);
        Assert.Equal("Tell me a story", request.FirstUserText);
        Assert.Equal("system", request.Messages[0]["role"]!.GetValue<string>());
        Assert.Empty(cut.FindAll("[role='alert']"));
    }

    [Fact]
    public async Task Chat_SecondTurn_SendsTheWholeConversation()
    {
        await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Conversation(
            _ => ScriptedReply.Text("First answer."), r => ScriptedReply.Text($"I saw {r.AssistantTurns} earlier answer.")));
        await using var ctx = Create("scripted", server.BaseUrl, server.ModelName);
        var cut = ctx.Render<ChatPage>();
        await cut.InvokeAsync(() => cut.Find("select[id^='backend-']").Change("scripted"));

        foreach (var text in new[] { "one", "two" })
        {
            await cut.InvokeAsync(() =>
            {
                cut.Find("#chat-input").Input(text);
                cut.Find("form.wb-composer").Submit();
            });
            cut.WaitForAssertion(() => Assert.Equal("Idle", cut.Find("[aria-label='Chat state']").TextContent), Timeout);
        }

        var replies = cut.FindAll("article[aria-label='Assistant message'] [aria-label='Reply text']").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["First answer.", "I saw 1 earlier answer."], replies);
        Assert.Equal(["system", "user", "assistant", "user"], server.Requests[1].Messages.Select(m => m["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Chat_DeadBackend_ShowsTheErrorInTheReply_AndKeepsTheMessage()
    {
        var url = ClosedPort();
        await using var ctx = Create("vllm", url, "qwen3-coder");
        var cut = ctx.Render<ChatPage>();
        await cut.InvokeAsync(() => cut.Find("select[id^='backend-']").Change("vllm"));

        await cut.InvokeAsync(() =>
        {
            cut.Find("#chat-input").Input("Hello?");
            cut.Find("form.wb-composer").Submit();
        });

        cut.WaitForAssertion(() => Assert.Equal("Idle", cut.Find("[aria-label='Chat state']").TextContent), Timeout);
        var alert = cut.Find("article[aria-label='Assistant message'] [role='alert']").TextContent;
        Assert.Contains($"backend 'vllm' at {url.ToString().TrimEnd('/')} is not reachable: connection refused", alert);
        Assert.DoesNotContain(Key, cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Hello?", cut.Find("article[aria-label='User message']").TextContent);
        Assert.False(cut.Find("button[aria-label='Regenerate']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ToolLoop_RemoteBackend_RunsTheScriptedCallThenAnswers()
    {
        await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Conversation(
            _ => ScriptedReply.ToolCall("calculate", """{"expression":"12 * 7"}"""),
            r => ScriptedReply.Text("The answer is " + string.Join("|", r.LastToolResults))));
        await using var ctx = Create("scripted", server.BaseUrl, server.ModelName, widgets: true);
        var cut = ctx.Render<ToolLoopTraceView>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["tools"] = "calculate" }));

        await cut.InvokeAsync(() => cut.Find("select[id^='backend-']").Change("scripted"));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the loop']").Click());

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[aria-label='Loop summary']")), Timeout);
        var first = cut.Find("li[aria-label='Step 1']");
        Assert.Equal("calculate", first.QuerySelector("[aria-label='Function name']")!.TextContent);
        Assert.Equal("84", first.QuerySelector("[aria-label='Result']")!.TextContent.Trim());
        Assert.Contains("The answer is 84", cut.Find("li[aria-label='Step 2'] [aria-label='Answer']").TextContent);
        Assert.Equal("required", server.Requests[0].Body["tool_choice"]!.GetValue<string>());
        Assert.Equal(["calculate"], server.Requests[0].ToolNames);
    }

    [Fact]
    public async Task ToolLoop_BackendFailsMidRun_TraceEndsWithAnErrorLine()
    {
        await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Conversation(
            _ => ScriptedReply.ToolCall("calculate", """{"expression":"1 + 1"}"""),
            _ => ScriptedReply.HttpError(400, "This model's maximum context length is 4096 tokens.")));
        await using var ctx = Create("scripted", server.BaseUrl, server.ModelName, widgets: true);
        var cut = ctx.Render<ToolLoopTraceView>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["tools"] = "calculate" }));

        await cut.InvokeAsync(() => cut.Find("select[id^='backend-']").Change("scripted"));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the loop']").Click());

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[aria-label='Backend error']")), Timeout);
        Assert.Single(cut.FindAll("li[aria-label='Step 1']"));
        Assert.Contains("answered HTTP 400: This model's maximum context length is 4096 tokens.", cut.Find("[aria-label='Backend error text']").TextContent);
        Assert.Equal("Idle", cut.Find("[aria-label='Tool loop state']").TextContent);
    }

    [Fact]
    public async Task Picker_ShowsModelAndUrlOfTheChosen_AndRaisesValueChanged()
    {
        await using var ctx = Create("vllm", new Uri("http://gpu-box:8000/v1"), "Qwen/Qwen3-Coder-30B-A3B-Instruct");
        string? chosen = null;
        var cut = ctx.Render<BackendPicker>(p => p.Add(c => c.Value, IChatBackends.BuiltInName).Add(c => c.ValueChanged, (string v) => chosen = v).Add(c => c.Label, "Agent backend"));

        Assert.Equal(["Built-in engine", "Scripted coder"], cut.FindAll("option").Select(o => o.TextContent));
        Assert.StartsWith("The embedded llama.cpp engine", cut.Find("[aria-label='Agent backend details']").TextContent);
        var label = cut.Find("label");
        Assert.Equal("Agent backend", label.TextContent);
        Assert.Equal(cut.Find("select").Id, label.GetAttribute("for"));

        await cut.InvokeAsync(() => cut.Find("select").Change("vllm"));

        Assert.Equal("vllm", chosen);
        Assert.Equal("Model Qwen/Qwen3-Coder-30B-A3B-Instruct at http://gpu-box:8000/v1 · context 8,192 tokens.", cut.Find("[aria-label='Agent backend details']").TextContent);
        Assert.DoesNotContain(Key, cut.Markup, StringComparison.Ordinal);
    }
}
