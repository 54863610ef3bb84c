using Microsoft.Extensions.Options;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Mcp;

namespace Workbench.Lab.Tests.Mcp;

/// <summary>One registry with server-everything connected over stdio (<c>everything</c>), shared by the tests of
/// <see cref="McpEverythingCollection"/>; each test may add servers of its own (and removes them).</summary>
public sealed class McpEverythingFixture : IAsyncLifetime
{
    /// <summary>The registry.</summary>
    public McpServerRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new McpOptions { ConnectTimeoutSeconds = 30, RequestTimeoutSeconds = 10 };
        Registry = new McpServerRegistry(Options.Create(options), TestModels.RepoRoot);
        var snapshot = await Registry.AddAsync(McpReferenceServers.EverythingStdio());
        Assert.True(snapshot.Status == McpServerStatus.Connected, snapshot.Error);
    }

    public async Task DisposeAsync() => await Registry.DisposeAsync();
}

/// <summary>The tests sharing one <see cref="McpEverythingFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class McpEverythingCollection : ICollectionFixture<McpEverythingFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "mcp-everything";
}
