using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Mcp;

namespace Workbench.Lab.Tests.Mcp;

/// <summary><c>AddMcpClient</c>: options bound and validated, the config file read on first use, connections in
/// the background, a broken file an error the page can show.</summary>
public sealed class McpClientServiceCollectionExtensionsTests
{
    [Fact]
    public async Task FirstUse_ConnectsTheConfigFileInTheBackground_ShowingConnectingMeanwhile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "mcp.json"), McpServersConfigFile.Write([McpReferenceServers.EverythingStdio("from-file")]));
        await using var services = Build(dir.Path, new() { ["Mcp:ConfigFile"] = "mcp.json", ["Mcp:ConnectTimeoutSeconds"] = "30" });
        var registry = (McpServerRegistry)services.GetRequiredService<IMcpServerRegistry>();

        var first = Assert.Single(registry.Servers);

        Assert.Equal(("from-file", McpServerStatus.Connecting, true), (first.Name, first.Status, first.FromConfigFile));
        Assert.Null(registry.ConfigError);
        await registry.WaitForConnectionsAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var connected = registry.Find("from-file")!;
        Assert.True(connected.Status == McpServerStatus.Connected, connected.Error);
    }

    [Fact]
    public async Task BrokenConfigFile_IsConfigError_WithNoServers()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "mcp.json"), """{"mcpServers": {"a": {}}}""");
        await using var services = Build(dir.Path, new() { ["Mcp:ConfigFile"] = "mcp.json" });
        var registry = services.GetRequiredService<IMcpServerRegistry>();

        Assert.Empty(registry.Servers);
        Assert.Contains("mcpServers.a needs exactly one of", registry.ConfigError);
    }

    [Fact]
    public async Task OutOfRangeOptions_FailValidation()
    {
        using var dir = new TempDirectory();
        await using var services = Build(dir.Path, new() { ["Mcp:ConnectTimeoutSeconds"] = "0" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<McpOptions>>().Value);
        Assert.Contains("Mcp:ConnectTimeoutSeconds must be within 1..120.", e.Message);
    }

    private static ServiceProvider Build(string root, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddMcpClient(configuration, root).BuildServiceProvider();
    }
}
