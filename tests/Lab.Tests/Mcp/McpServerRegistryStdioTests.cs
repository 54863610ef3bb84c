using System.Text.Json;
using Workbench.Lab.Mcp;

namespace Workbench.Lab.Tests.Mcp;

/// <summary>The registry against server-everything (npm, a server no one here wrote) over stdio.</summary>
[Collection(McpEverythingCollection.Name)]
public sealed class McpServerRegistryStdioTests(McpEverythingFixture fixture)
{
    private McpServerRegistry Registry => fixture.Registry;

    [Fact]
    public void Connect_Everything_IsConnected_WithServerInfo_Capabilities_AndTools()
    {
        var s = Assert.Single(Registry.Servers, s => s.Name == "everything");
        Assert.Equal(McpServerStatus.Connected, s.Status);
        Assert.Null(s.Error);
        Assert.Equal(McpTransportKind.Stdio, s.Transport);
        Assert.StartsWith("node ", s.Target);
        Assert.False(string.IsNullOrEmpty(s.ServerName));
        Assert.False(string.IsNullOrEmpty(s.ProtocolVersion));
        Assert.NotNull(s.ConnectedAt);
        Assert.Contains("tools", s.Capabilities);
        Assert.Contains("resources", s.Capabilities);
        Assert.Contains("prompts", s.Capabilities);

        var echo = Assert.Single(s.Tools, t => t.Name == "echo");
        Assert.False(string.IsNullOrEmpty(echo.Description));
        Assert.Equal("object", echo.InputSchema.GetProperty("type").GetString());
        Assert.Equal("string", echo.InputSchema.GetProperty("properties").GetProperty("message").GetProperty("type").GetString());
        Assert.Contains("message", echo.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var sum = Assert.Single(s.Tools, t => t.Name == "get-sum");
        Assert.Equal("number", sum.InputSchema.GetProperty("properties").GetProperty("a").GetProperty("type").GetString());
        Assert.Equal("number", sum.InputSchema.GetProperty("properties").GetProperty("b").GetProperty("type").GetString());
        Assert.NotEmpty(s.Resources);
        Assert.NotEmpty(s.Prompts);
    }

    [Fact]
    public async Task CallToolAsync_Echo_ReturnsTheText_AndTheCallIsInTheTraffic()
    {
        long before = LastSequence();
        var result = await Registry.CallToolAsync("everything", "echo", Json("""{"message":"hello mcp"}"""));

        Assert.False(result.IsError);
        Assert.Contains("hello mcp", result.Text);
        Assert.True(result.Milliseconds > 0);
        var traffic = Registry.Traffic.Snapshot("everything", before);
        var request = Assert.Single(traffic, e => e.Method == "tools/call" && e.Kind == McpMessageKind.Request);
        Assert.Equal(McpDirection.Sent, request.Direction);
        using var doc = JsonDocument.Parse(request.Json);
        Assert.Equal("echo", doc.RootElement.GetProperty("params").GetProperty("name").GetString());
        Assert.Equal("hello mcp", doc.RootElement.GetProperty("params").GetProperty("arguments").GetProperty("message").GetString());
        var response = Assert.Single(traffic, e => e.Id == request.Id && e.Kind == McpMessageKind.Response);
        Assert.Equal(McpDirection.Received, response.Direction);
        Assert.Equal("tools/call", response.Method);
        Assert.NotNull(response.ElapsedMs);
        Assert.Contains("hello mcp", response.Json);
    }

    [Fact]
    public async Task CallToolAsync_GetSum_AddsTheNumbers()
    {
        var result = await Registry.CallToolAsync("everything", "get-sum", Json("""{"a":2,"b":3.5}"""));

        Assert.False(result.IsError);
        Assert.Contains("5.5", result.Text);
    }

    [Fact]
    public async Task CallToolAsync_SchemaMismatch_IsAnErrorResult_NamingThePointer_AndNothingIsSent()
    {
        long before = LastSequence();
        var result = await Registry.CallToolAsync("everything", "get-sum", Json("""{"a":"two","b":3}"""));

        Assert.True(result.IsError);
        Assert.Contains("/a: expected number, got string", result.Text);
        Assert.Empty(Registry.Traffic.Snapshot("everything", before));
    }

    [Fact]
    public async Task CallToolAsync_MissingRequired_IsAnErrorResult_AndNothingIsSent()
    {
        long before = LastSequence();
        var result = await Registry.CallToolAsync("everything", "echo", null);

        Assert.True(result.IsError);
        Assert.Contains("message", result.Text);
        Assert.Contains("/:", result.Text);
        Assert.Empty(Registry.Traffic.Snapshot("everything", before));
    }

    [Fact]
    public async Task CallToolAsync_UnknownTool_ThrowsArgumentException_ListingTheTools()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Registry.CallToolAsync("everything", "no-such-tool", null));

        Assert.Contains("echo", e.Message);
        Assert.Contains("get-sum", e.Message);
    }

    [Fact]
    public async Task Calls_UnknownServer_ThrowMcpServerNotFound()
    {
        await Assert.ThrowsAsync<McpServerNotFoundException>(() => Registry.CallToolAsync("nobody", "echo", null));
        await Assert.ThrowsAsync<McpServerNotFoundException>(() => Registry.PingAsync("nobody"));
        Assert.Throws<McpServerNotFoundException>(() => Registry.GetTools("nobody"));
        Assert.Null(Registry.Find("nobody"));
    }

    [Fact]
    public async Task ReadResourceAsync_ListedResource_ReturnsItsContents()
    {
        var resource = Registry.Find("everything")!.Resources[0];

        var result = await Registry.ReadResourceAsync("everything", resource.Uri);

        var item = Assert.Single(result.Contents.EnumerateArray());
        Assert.Equal(resource.Uri, item.GetProperty("uri").GetString());
        Assert.True(item.TryGetProperty("text", out _) || item.TryGetProperty("blob", out _));
    }

    [Fact]
    public async Task ReadResourceAsync_UnknownUri_ThrowsMcpException()
    {
        await Assert.ThrowsAnyAsync<ModelContextProtocol.McpException>(() => Registry.ReadResourceAsync("everything", "demo://no/such/resource"));
    }

    [Fact]
    public async Task GetPromptAsync_ListedPrompt_ReturnsMessages()
    {
        var prompt = Registry.Find("everything")!.Prompts.First(p => p.Arguments.All(a => !a.Required));

        var result = await Registry.GetPromptAsync("everything", prompt.Name, null);

        Assert.NotEmpty(result.Messages.EnumerateArray());
        Assert.Contains(result.Messages.EnumerateArray(), m => m.GetProperty("role").GetString() is "user" or "assistant");
    }

    [Fact]
    public async Task PingAsync_Connected_MeasuresTheRoundTrip_AndSendsPing()
    {
        long before = LastSequence();
        var elapsed = await Registry.PingAsync("everything");

        Assert.True(elapsed > TimeSpan.Zero && elapsed < TimeSpan.FromSeconds(10));
        Assert.Contains(Registry.Traffic.Snapshot("everything", before), e => e.Method == "ping" && e.Kind == McpMessageKind.Request);
        Assert.Contains(Registry.Traffic.Snapshot("everything", before), e => e.Method == "ping" && e.Kind == McpMessageKind.Response);
    }

    [Fact]
    public void Traffic_Handshake_InitializeThenItsResponseThenInitializedThenToolsList()
    {
        var traffic = Registry.Traffic.Snapshot("everything");
        int initialize = traffic.ToList().FindIndex(e => e.Method == "initialize" && e.Kind == McpMessageKind.Request);
        Assert.True(initialize >= 0, string.Join("\n", traffic.Take(6).Select(e => e.Json)));
        Assert.Equal(0, initialize); // the pinned revision (McpOptions.ProtocolVersion) sends no server/discover probe first
        var init = traffic[initialize];
        Assert.Contains("\"protocolVersion\":\"2025-11-25\"", init.Json);
        Assert.Equal(McpDirection.Sent, init.Direction);
        Assert.Contains("\"llm-workbench\"", init.Json);
        var answer = traffic[initialize + 1];
        Assert.Equal((McpDirection.Received, McpMessageKind.Response, "initialize", init.Id), (answer.Direction, answer.Kind, answer.Method, answer.Id));
        Assert.NotNull(answer.ElapsedMs);
        Assert.Contains("serverInfo", answer.Json);
        Assert.Equal("2025-11-25", Registry.Find("everything")!.ProtocolVersion);
        var initialized = traffic[initialize + 2];
        Assert.Equal((McpDirection.Sent, McpMessageKind.Notification, "notifications/initialized"), (initialized.Direction, initialized.Kind, initialized.Method));
        Assert.Null(initialized.Id);
        var toolsList = traffic.Skip(initialize + 3).First(e => e.Direction == McpDirection.Sent);
        Assert.Equal(("tools/list", McpMessageKind.Request), (toolsList.Method, toolsList.Kind));
    }

    [Fact]
    public void Traffic_ToolsListChanged_IsFollowedByANewToolsList()
    {
        // server-everything announces notifications/tools/list_changed once it is initialized; the client lists again.
        var traffic = Registry.Traffic.Snapshot("everything").ToList();
        int changed = traffic.FindIndex(e => e.Method == "notifications/tools/list_changed" && e.Direction == McpDirection.Received);
        Assert.True(changed >= 0, string.Join("\n", traffic.Take(12).Select(e => $"{e.Direction} {e.Kind} {e.Method}")));
        Assert.Contains(traffic.Skip(changed + 1), e => e.Method == "tools/list" && e.Kind == McpMessageKind.Request && e.Direction == McpDirection.Sent);
        // One list per connection at start, and one more for the notification.
        int connections = traffic.Count(e => e.Method == "initialize" && e.Kind == McpMessageKind.Request);
        Assert.True(traffic.Count(e => e.Method == "tools/list" && e.Kind == McpMessageKind.Request) > connections);
    }

    [Fact]
    public async Task GetTools_Echo_IsAnAIFunction_WithTheSchema_ThatCallsTheServer()
    {
        var echo = Assert.Single(Registry.GetTools("everything"), f => f.Name == "echo");
        Assert.Equal("object", echo.JsonSchema.GetProperty("type").GetString());

        var value = await echo.InvokeAsync(new Microsoft.Extensions.AI.AIFunctionArguments { ["message"] = "via function" });

        Assert.Contains("via function", value?.ToString());
        var bad = await Assert.ThrowsAsync<Workbench.Lab.Tools.ToolException>(async () =>
            await echo.InvokeAsync(new Microsoft.Extensions.AI.AIFunctionArguments { ["message"] = 42 }));
        Assert.Contains("/message: expected string, got integer", bad.Message);
    }

    private long LastSequence() => Registry.Traffic.Snapshot().LastOrDefault()?.Sequence ?? 0;

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
