using Workbench.Lab.Mcp.Server;
using Workbench.Web.Hosting;

namespace Workbench.Web.Mcp;

/// <summary>
/// <c>Workbench.Web --mcp-stdio</c> (or <c>dotnet run --project src/Web --no-launch-profile -- --mcp-stdio</c>: without <c>--no-launch-profile</c>, dotnet run prints a line on standard output, the protocol's channel): the lab's MCP server
/// (<see cref="LabMcpPrimitives"/>) over stdio, for desktop MCP clients and for the web app's own <c>workbench</c>
/// client entry. JSON-RPC messages are lines on standard input and output; every log line goes to standard error.
/// It loads the lab content and the built-in tools only — no engine worker, no database, no web server. Settings
/// as for the web app (the root <c>appsettings.json</c>, environment, <c>--Lab:ContentDirectory=…</c>).
/// It ends when standard input closes.
/// </summary>
public static class McpStdioHost
{
    /// <summary>The switch that selects this mode.</summary>
    public const string Flag = "--mcp-stdio";

    /// <summary>Whether <paramref name="args"/> select stdio mode.</summary>
    /// <param name="args">The process arguments.</param>
    public static bool IsSelected(string[] args) => args.Contains(Flag, StringComparer.Ordinal);

    /// <summary>Runs the server until standard input closes.</summary>
    /// <param name="args">The process arguments (the flag is removed before the host reads them).</param>
    /// <returns>The exit code: 0.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder([.. args.Where(a => !string.Equals(a, Flag, StringComparison.Ordinal))]);
        var settingsRoot = WorkbenchPaths.FindSettingsRoot(builder.Environment.ContentRootPath);
        builder.Configuration.AddWorkbenchSettings(settingsRoot, builder.Environment.ContentRootPath);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddLabMcpContent(builder.Configuration, settingsRoot);
        builder.Services.AddMcpServer().WithStdioServerTransport().WithLabPrimitives();
        await builder.Build().RunAsync();
        return 0;
    }
}
