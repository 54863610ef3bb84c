using System.Text.Json;
using Microsoft.Extensions.Options;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Mcp;

namespace Workbench.Lab.Tests.Mcp;

/// <summary>The registry against server-everything over streamable HTTP (its own process on a free port).</summary>
public sealed class McpServerRegistryHttpTests : IAsyncLifetime
{
    private McpReferenceServers.RunningServer _server = null!;
    private McpServerRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        _server = await McpReferenceServers.StartHttpAsync();
        _registry = new McpServerRegistry(Options.Create(new McpOptions { ConnectTimeoutSeconds = 20, RequestTimeoutSeconds = 10 }), TestModels.RepoRoot);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _server.Dispose();
    }

    [Fact]
    public async Task Http_Connects_Lists_Calls_Reads_Pings_AndRecordsTheHandshake()
    {
        var s = await _registry.AddAsync(McpServerConfig.ForHttp("remote", _server.Url, new Dictionary<string, string> { ["X-Lab"] = "1" }));

        Assert.True(s.Status == McpServerStatus.Connected, s.Error);
        Assert.Equal(McpTransportKind.Http, s.Transport);
        Assert.Equal(_server.Url.AbsoluteUri, s.Target);
        Assert.Contains(s.Tools, t => t.Name == "echo");
        Assert.Contains(s.Tools, t => t.Name == "get-sum");
        Assert.Contains("resources", s.Capabilities);

        var echo = await _registry.CallToolAsync("remote", "echo", JsonDocument.Parse("""{"message":"over http"}""").RootElement);
        Assert.False(echo.IsError);
        Assert.Contains("over http", echo.Text);
        var sum = await _registry.CallToolAsync("remote", "get-sum", JsonDocument.Parse("""{"a":40,"b":2}""").RootElement);
        Assert.Contains("42", sum.Text);
        var mismatch = await _registry.CallToolAsync("remote", "get-sum", JsonDocument.Parse("""{"a":true,"b":2}""").RootElement);
        Assert.True(mismatch.IsError);
        Assert.Contains("/a: expected number, got boolean", mismatch.Text);
        var read = await _registry.ReadResourceAsync("remote", s.Resources[0].Uri);
        Assert.NotEmpty(read.Contents.EnumerateArray());
        Assert.True(await _registry.PingAsync("remote") > TimeSpan.Zero);

        var traffic = _registry.Traffic.Snapshot("remote").ToList();
        int init = traffic.FindIndex(e => e.Method == "initialize" && e.Kind == McpMessageKind.Request);
        Assert.True(init >= 0);
        Assert.Equal(McpMessageKind.Response, traffic[init + 1].Kind);
        Assert.Equal("notifications/initialized", traffic[init + 2].Method);
        Assert.Contains(traffic, e => e.Method == "tools/call" && e.Direction == McpDirection.Sent && e.Json.Contains("over http", StringComparison.Ordinal));
        Assert.DoesNotContain(traffic, e => e.Method == "tools/call" && e.Json.Contains("true", StringComparison.Ordinal) && e.Direction == McpDirection.Sent);
    }

    [Fact]
    public async Task Http_ServerStops_IsFailedOnTheNextRequest_OrByTheWatch()
    {
        Assert.Equal(McpServerStatus.Connected, (await _registry.AddAsync(McpServerConfig.ForHttp("remote", _server.Url))).Status);

        _server.Dispose();

        await Assert.ThrowsAsync<McpServerUnavailableException>(() => _registry.PingAsync("remote"));
        Assert.Equal(McpServerStatus.Failed, _registry.Find("remote")!.Status);
        var again = await _registry.ReconnectAsync("remote");
        Assert.Equal(McpServerStatus.Failed, again.Status);
        Assert.Contains("cannot reach", again.Error);
    }
}
