using Workbench.Lab.Mcp;
using Workbench.Web.Hosting;

namespace Workbench.Web.Mcp;

/// <summary>The client-side entry of the lab's own stdio server: <c>workbench</c>, this executable with
/// <see cref="McpStdioHost.Flag"/>, added to <see cref="McpOptions.HostServers"/> when
/// <see cref="WebMcpOptions.IncludeWorkbenchServer"/> is true.</summary>
public static class WorkbenchStdioServer
{
    /// <summary>The server's name in the lab's client.</summary>
    public const string Name = "workbench";

    /// <summary>The entry: the apphost <c>Workbench.Web</c> beside the running assembly when present, else the
    /// running .NET host (<see cref="Environment.ProcessPath"/>, <c>dotnet</c> under the muxer) with
    /// <c>Workbench.Web.dll</c>; arguments <c>--mcp-stdio --Lab:ContentDirectory=&lt;contentDirectory&gt;</c>.</summary>
    /// <param name="contentDirectory">The resolved lab content folder the child serves.</param>
    public static McpServerConfig Config(string contentDirectory)
    {
        var args = new List<string> { McpStdioHost.Flag, $"--Lab:ContentDirectory={contentDirectory}" };
        if (File.Exists(WorkerProcess.ExecutablePath)) return McpServerConfig.ForStdio(Name, WorkerProcess.ExecutablePath, args);
        var dotnet = Environment.ProcessPath ?? "dotnet";
        return McpServerConfig.ForStdio(Name, dotnet, [typeof(McpStdioHost).Assembly.Location, .. args]);
    }
}
