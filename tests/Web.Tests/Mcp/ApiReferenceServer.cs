using Workbench.Lab.Mcp;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Mcp;

/// <summary>The third-party MCP server of <c>tests/reference/mcp</c> (npm <c>@modelcontextprotocol/server-everything</c>,
/// pinned by its package-lock.json; <c>npm ci</c> runs once when its node_modules is missing), for the web tests'
/// registries and app factories.</summary>
internal static class ApiReferenceServer
{
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The reference folder.</summary>
    public static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "reference", "mcp");

    /// <summary>server-everything's entry script (installed on first use).</summary>
    public static string EverythingScript => Path.Combine(Installed.Value, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <summary>server-everything over stdio: <c>node index.js stdio</c>.</summary>
    public static McpServerConfig EverythingStdio(string name = "everything") =>
        McpServerConfig.ForStdio(name, "node", [EverythingScript, "stdio"]);

    /// <summary>Writes an <c>mcpServers</c> file holding <paramref name="servers"/> into a new temp folder.</summary>
    public static string WriteConfigFile(params McpServerConfig[] servers)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wb-mcp-config-").FullName, "mcp.json");
        File.WriteAllText(path, McpServersConfigFile.Write(servers));
        return path;
    }

    private static string Install() => Workbench.Tests.Reference.NpmReference.EnsureInstalled(Folder, "@modelcontextprotocol/server-everything");
}
