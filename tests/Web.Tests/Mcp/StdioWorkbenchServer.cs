using ModelContextProtocol.Client;
using Workbench.Web.Mcp;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Mcp;

/// <summary>The built Workbench.Web executable started with <c>--mcp-stdio</c> exactly as the web app's own
/// <c>workbench</c> client entry starts it (<see cref="WorkbenchStdioServer.Config"/>), serving the repository's
/// labs, with the C# SDK's client connected over stdio.</summary>
public sealed class StdioWorkbenchServer : IAsyncLifetime
{
    /// <summary>The labs folder the server serves.</summary>
    public static string LabsDirectory => Path.Combine(TestPaths.RepoRoot, "labs");

    /// <summary>The connected client.</summary>
    public McpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var entry = WorkbenchStdioServer.Config(LabsDirectory);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = entry.Name,
            Command = entry.Command!,
            Arguments = [.. entry.Args],
            WorkingDirectory = TestPaths.RepoRoot,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (Client is not null) await Client.DisposeAsync();
    }
}
