using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Mcp;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Tests.Mcp;

/// <summary>An MCP tool in the real tool loop: <see cref="ToolLoop"/> over <see cref="EngineChatClient"/> on
/// stories260K (no template, so the call comes from the grammar of the named tool choice) with server-everything's
/// <c>echo</c>; the call is in the trace and the same <c>tools/call</c> in the traffic.</summary>
[Collection(McpEverythingCollection.Name)]
public sealed class McpToolLoopTests(McpEverythingFixture fixture) : IAsyncLifetime
{
    private LlamaEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = new LlamaEngine(TestModels.Options(o =>
        {
            o.DefaultModel = TestModels.Stories260K;
            o.ParallelSequences = 1;
            o.ContextSize = 2048;
        }));
        await _engine.LoadModelAsync(TestModels.Stories260K, null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task ToolLoop_NamedEcho_CallsTheServer_TraceAndTrafficAgree()
    {
        var registry = fixture.Registry;
        var tools = registry.GetTools("everything").Where(t => t.Name == "echo").ToList();
        long before = registry.Traffic.Snapshot().LastOrDefault()?.Sequence ?? 0;
        using var client = new EngineChatClient(_engine);
        var loop = new ToolLoop(client);
        var chat = new ChatOptions { ToolMode = ChatToolMode.RequireSpecific("echo"), AllowMultipleToolCalls = false, MaxOutputTokens = 120, Seed = 3 };

        var result = await loop.RunAsync([new ChatMessage(ChatRole.User, "Say something back.")], tools, chat, new ToolLoopOptions { MaxIterations = 1 });

        var call = Assert.Single(result.Trace.Steps[0].Calls);
        Assert.Equal("echo", call.Name);
        var toolResult = Assert.Single(result.Trace.Steps[0].Results);
        Assert.False(toolResult.IsError, toolResult.Text);
        using var arguments = JsonDocument.Parse(call.Arguments);
        string message = arguments.RootElement.GetProperty("message").GetString()!;
        Assert.Contains(message, toolResult.Text);

        var sent = Assert.Single(registry.Traffic.Snapshot("everything", before), e => e.Method == "tools/call" && e.Kind == McpMessageKind.Request);
        using var wire = JsonDocument.Parse(sent.Json);
        Assert.Equal("echo", wire.RootElement.GetProperty("params").GetProperty("name").GetString());
        Assert.Equal(message, wire.RootElement.GetProperty("params").GetProperty("arguments").GetProperty("message").GetString());
        Assert.Contains(registry.Traffic.Snapshot("everything", before), e => e.Id == sent.Id && e.Kind == McpMessageKind.Response);
    }
}
