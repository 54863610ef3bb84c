using Microsoft.Extensions.Options;
using Workbench.Lab.Mcp;
using Workbench.Web.Tests.Hosting;
using Workbench.Web.Tests.Mcp;

namespace Workbench.Web.Tests.Components.Mcp;

/// <summary>One real <see cref="McpServerRegistry"/> with server-everything connected over stdio
/// (<c>everything</c>), shared by a test class; tests that add servers remove them.</summary>
public sealed class McpRegistryFixture : IAsyncLifetime
{
    /// <summary>The registry.</summary>
    public McpServerRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = new McpServerRegistry(Options.Create(new McpOptions { ConnectTimeoutSeconds = 30, RequestTimeoutSeconds = 10 }), TestPaths.RepoRoot);
        var snapshot = await Registry.AddAsync(ApiReferenceServer.EverythingStdio());
        Assert.True(snapshot.Status == McpServerStatus.Connected, snapshot.Error);
    }

    public async Task DisposeAsync() => await Registry.DisposeAsync();
}
