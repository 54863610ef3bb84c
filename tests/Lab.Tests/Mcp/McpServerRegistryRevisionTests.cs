using Microsoft.Extensions.Options;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Mcp;

namespace Workbench.Lab.Tests.Mcp;

/// <summary>The protocol revision: the lab asks for <see cref="McpOptions.ProtocolVersion"/> (2025-11-25) and a
/// server that answers with an older one (tests/reference/mcp/old-revision-server.mjs, 2025-03-26 only, written on
/// the raw wire) is still connected, through the SDK's negotiation.</summary>
public sealed class McpServerRegistryRevisionTests : IAsyncLifetime
{
    private McpServerRegistry _registry = null!;

    public Task InitializeAsync()
    {
        _registry = new McpServerRegistry(Options.Create(new McpOptions { ConnectTimeoutSeconds = 20 }), TestModels.RepoRoot);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task AddAsync_ServerOfAnOlderRevision_ConnectsOnItsRevision_AfterThePinnedOneWasRefused()
    {
        string script = Path.Combine(McpReferenceServers.Folder, "old-revision-server.mjs");

        var s = await _registry.AddAsync(McpServerConfig.ForStdio("old", "node", [script]));

        Assert.True(s.Status == McpServerStatus.Connected, s.Error);
        Assert.Equal("2025-03-26", s.ProtocolVersion);
        Assert.Equal("noop", Assert.Single(s.Tools).Name);
        var initializes = _registry.Traffic.Snapshot("old").Where(e => e.Method == "initialize" && e.Kind == McpMessageKind.Request).ToList();
        Assert.Contains("2025-11-25", initializes[0].Json);
        Assert.True(initializes.Count >= 2, "the client must connect again after the server answered another revision");
    }

    [Fact]
    public async Task AddAsync_CurrentServer_IsAskedForThePinnedRevision_Once()
    {
        var s = await _registry.AddAsync(McpReferenceServers.EverythingStdio("pinned"));

        Assert.True(s.Status == McpServerStatus.Connected, s.Error);
        Assert.Equal("2025-11-25", s.ProtocolVersion);
        Assert.Single(_registry.Traffic.Snapshot("pinned"), e => e.Method == "initialize" && e.Kind == McpMessageKind.Request);
        Assert.DoesNotContain(_registry.Traffic.Snapshot("pinned"), e => e.Method == "server/discover");
    }
}
