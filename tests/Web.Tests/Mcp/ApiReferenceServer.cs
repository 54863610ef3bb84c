using System.Diagnostics;
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

    private static string Install()
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "server-everything", "package.json")))
        {
            var psi = new ProcessStartInfo("npm") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start npm");
            var stderr = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(true); throw new TimeoutException("npm ci in tests/reference/mcp ran past 3 minutes"); }
            if (p.ExitCode != 0) throw new InvalidOperationException($"npm ci in tests/reference/mcp exited {p.ExitCode}: {stderr.Result}");
        }
        return Folder;
    }
}
