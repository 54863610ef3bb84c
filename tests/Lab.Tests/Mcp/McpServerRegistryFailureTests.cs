using System.Diagnostics;
using Microsoft.Extensions.Options;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Mcp;

namespace Workbench.Lab.Tests.Mcp;

/// <summary>Servers that do not start, die, hang or cannot be reached: each a <see cref="McpServerStatus.Failed"/>
/// with an error a person can act on, in bounded time, never affecting the other servers.</summary>
public sealed class McpServerRegistryFailureTests : IAsyncLifetime
{
    // Servers that should connect get a roomy connect timeout: node starting server-everything on two busy cores
    // can take longer than 2 s (CI saw it). The hanging server has a registry of its own with the short one.
    private McpServerRegistry _registry = null!;
    private McpServerRegistry _impatient = null!;

    public Task InitializeAsync()
    {
        _registry = new McpServerRegistry(Options.Create(new McpOptions { ConnectTimeoutSeconds = 30, RequestTimeoutSeconds = 5 }), TestModels.RepoRoot);
        _impatient = new McpServerRegistry(Options.Create(new McpOptions { ConnectTimeoutSeconds = 2 }), TestModels.RepoRoot);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _impatient.DisposeAsync();
    }

    [Fact]
    public async Task AddAsync_ProcessExits_IsFailed_WithExitCodeAndStderr()
    {
        var s = await _registry.AddAsync(McpServerConfig.ForStdio("dead", "node", ["-e", "console.error('boom: no config'); process.exit(3)"]));

        Assert.Equal(McpServerStatus.Failed, s.Status);
        Assert.Contains("code 3", s.Error);
        Assert.Contains("boom: no config", s.Error);
    }

    [Fact]
    public async Task AddAsync_HangingServer_IsFailedWithinAboutTheTimeout_AndTheProcessIsKilled()
    {
        string marker = $"--hang-{Guid.NewGuid():N}";
        var watch = Stopwatch.StartNew();

        var s = await _impatient.AddAsync(McpServerConfig.ForStdio("hang", "node", ["-e", "setInterval(()=>{},1000)", "--", marker]));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(McpServerStatus.Failed, s.Status);
        Assert.Contains("no answer to initialize within 2 s", s.Error);
        await WaitUntil(() => McpReferenceServers.FindProcessId(marker) is null, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AddAsync_MissingCommand_IsFailed_NamingIt()
    {
        var s = await _registry.AddAsync(McpServerConfig.ForStdio("missing", "no-such-mcp-command-xyz"));

        Assert.Equal(McpServerStatus.Failed, s.Status);
        Assert.Equal("command 'no-such-mcp-command-xyz' not found on PATH", s.Error);
    }

    [Fact]
    public async Task AddAsync_HttpRefused_IsFailed_SayingItCannotBeReached()
    {
        var url = new Uri($"http://127.0.0.1:{McpReferenceServers.FreePort()}/mcp");

        var s = await _registry.AddAsync(McpServerConfig.ForHttp("refused", url));

        Assert.Equal(McpServerStatus.Failed, s.Status);
        Assert.Contains("cannot reach", s.Error);
    }

    [Fact]
    public async Task AddAsync_Http404_IsFailed_NotAnMcpEndpoint()
    {
        using var server = await McpReferenceServers.StartHttpAsync();
        var url = new Uri(server.Url, "/not-mcp");

        var s = await _registry.AddAsync(McpServerConfig.ForHttp("notmcp", url));

        Assert.Equal(McpServerStatus.Failed, s.Status);
        Assert.Contains("404", s.Error);
    }

    [Fact]
    public async Task ServerDiesAfterConnecting_IsFailed_ClosedTheConnection_OthersUnaffected()
    {
        string marker = $"--victim-{Guid.NewGuid():N}";
        Assert.Equal(McpServerStatus.Connected, (await _registry.AddAsync(McpReferenceServers.EverythingStdio("victim", marker))).Status);
        Assert.Equal(McpServerStatus.Connected, (await _registry.AddAsync(McpReferenceServers.EverythingStdio("bystander"))).Status);
        int pid = McpReferenceServers.FindProcessId(marker) ?? throw new InvalidOperationException("victim not found");

        Process.GetProcessById(pid).Kill();
        await WaitUntil(() => _registry.Find("victim")!.Status == McpServerStatus.Failed, TimeSpan.FromSeconds(10));

        Assert.Contains("the server closed the connection", _registry.Find("victim")!.Error);
        await Assert.ThrowsAsync<McpServerUnavailableException>(() => _registry.PingAsync("victim"));
        Assert.Equal(McpServerStatus.Connected, _registry.Find("bystander")!.Status);
        await _registry.PingAsync("bystander");

        var again = await _registry.ReconnectAsync("victim");
        Assert.Equal(McpServerStatus.Connected, again.Status);
    }

    [Fact]
    public async Task RemoveAsync_KillsTheChild_AndForgetsTheServer()
    {
        string marker = $"--removed-{Guid.NewGuid():N}";
        await _registry.AddAsync(McpReferenceServers.EverythingStdio("removed", marker));
        Assert.NotNull(McpReferenceServers.FindProcessId(marker));

        Assert.True(await _registry.RemoveAsync("removed"));

        Assert.Null(McpReferenceServers.FindProcessId(marker));
        Assert.Null(_registry.Find("removed"));
        Assert.False(await _registry.RemoveAsync("removed"));
    }

    [Fact]
    public async Task AddAsync_DuplicateName_OrFull_ThrowsMcpConfigException()
    {
        var small = new McpServerRegistry(Options.Create(new McpOptions { MaxServers = 1, ConnectTimeoutSeconds = 2 }), TestModels.RepoRoot);
        await using var _ = small;
        await small.AddAsync(McpServerConfig.ForStdio("one", "no-such-mcp-command-xyz"));

        var duplicate = await Assert.ThrowsAsync<McpConfigException>(() => small.AddAsync(McpServerConfig.ForStdio("one", "x")));
        Assert.Contains("already configured", duplicate.Message);
        var full = await Assert.ThrowsAsync<McpConfigException>(() => small.AddAsync(McpServerConfig.ForStdio("two", "x")));
        Assert.Contains("At most 1", full.Message);
        await Assert.ThrowsAsync<McpConfigException>(() => small.AddAsync(McpServerConfig.ForStdio("bad name!", "x")));
    }

    [Fact]
    public async Task RequestTimeout_NoAnswer_ThrowsUnavailable_AndStaysConnected()
    {
        // server-everything's trigger-long-running-operation takes its duration in seconds; the request timeout is 5 s.
        var tools = (await _registry.AddAsync(McpReferenceServers.EverythingStdio("slow"))).Tools;
        var slow = tools.FirstOrDefault(t => t.Name.Contains("long-running", StringComparison.Ordinal));
        Assert.NotNull(slow);

        var e = await Assert.ThrowsAsync<McpServerUnavailableException>(() =>
            _registry.CallToolAsync("slow", slow.Name, System.Text.Json.JsonDocument.Parse("""{"duration":20,"steps":2}""").RootElement));

        Assert.Contains("did not answer tools/call within 5 s", e.Message);
        Assert.Equal(McpServerStatus.Connected, _registry.Find("slow")!.Status);
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit) Assert.Fail($"condition not met within {limit}");
            await Task.Delay(50);
        }
    }
}
