using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Mcp;

namespace Workbench.Lab.Tests.Mcp;

/// <summary>
/// The third-party MCP servers of <c>tests/reference/mcp</c> (npm <c>@modelcontextprotocol/server-everything</c>,
/// pinned by its package-lock.json; <c>npm ci</c> runs once per test run when its node_modules is missing), for any
/// test that needs a real server: <see cref="EverythingStdio"/> as a registry entry, or <see cref="StartHttpAsync"/>
/// for a streamable-HTTP one.
/// </summary>
public static class McpReferenceServers
{
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The reference folder.</summary>
    public static string Folder => Path.Combine(TestModels.RepoRoot, "tests", "reference", "mcp");

    /// <summary>server-everything's entry script (installed on first use).</summary>
    public static string EverythingScript => Path.Combine(Installed.Value, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <summary>server-everything over stdio: <c>node index.js stdio</c>. <paramref name="marker"/>, when given, is
    /// an extra argument (the server ignores it) that <see cref="FindProcessId"/> finds the child by.</summary>
    public static McpServerConfig EverythingStdio(string name = "everything", string? marker = null) =>
        McpServerConfig.ForStdio(name, "node", marker is null ? [EverythingScript, "stdio"] : [EverythingScript, "stdio", marker]);

    /// <summary>Starts server-everything over streamable HTTP on a free port and waits until it accepts connections
    /// (at most 30 s). Dispose the result to kill it.</summary>
    public static async Task<RunningServer> StartHttpAsync(CancellationToken cancellationToken = default)
    {
        int port = FreePort();
        var psi = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Folder };
        psi.ArgumentList.Add(EverythingScript);
        psi.ArgumentList.Add("streamableHttp");
        psi.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new RunningServer(process, new Uri($"http://127.0.0.1:{port}/mcp"));
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>The id of a running process whose command line holds <paramref name="marker"/> (Linux /proc), or null.</summary>
    public static int? FindProcessId(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal)) return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Install() => Workbench.Tests.Reference.NpmReference.EnsureInstalled(Folder, "@modelcontextprotocol/server-everything");

    /// <summary>A server process started by <see cref="StartHttpAsync"/>.</summary>
    /// <param name="Process">The node process.</param>
    /// <param name="Url">Its streamable-HTTP endpoint.</param>
    public sealed record RunningServer(Process Process, Uri Url) : IDisposable
    {
        /// <summary>Kills the process and waits for it.</summary>
        public void Dispose()
        {
            try
            {
                if (!Process.HasExited) { Process.Kill(true); Process.WaitForExit(5000); }
            }
            catch (InvalidOperationException) { }
            Process.Dispose();
        }
    }
}
