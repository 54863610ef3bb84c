using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Workbench.E2E;

/// <summary>The lab's own MCP server on the real app and port, reached by an MCP client no one here wrote: the
/// TypeScript SDK's <c>Client</c> + <c>StreamableHTTPClientTransport</c> (<c>tests/reference/mcp/client.mjs</c>,
/// npm <c>@modelcontextprotocol/sdk</c> pinned by its package-lock.json; <c>npm ci</c> runs once when its
/// node_modules is missing).</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class McpServerTests(WorkbenchApp app)
{
    private static readonly string ReferenceDirectory = Path.Combine(WorkbenchApp.RepoRoot, "tests", "reference", "mcp");

    [Fact]
    public async Task TypeScriptSdkClient_InitializesListsAndCallsCalculate()
    {
        await EnsureInstalledAsync();
        var (exitCode, stdout, stderr) = await RunAsync("node", ["client.mjs", new Uri(app.BaseAddress, "/mcp").ToString(), "(2 + 3) * 4"], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"client.mjs exited {exitCode}: {stderr}\n{app.Log}");

        using var answer = JsonDocument.Parse(stdout);
        var root = answer.RootElement;
        Assert.Equal("workbench", root.GetProperty("server").GetProperty("name").GetString());
        Assert.Equal(["get_weather", "get_time", "calculate", "convert_units", "search_files"],
            root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("object", root.GetProperty("calculateSchema").GetProperty("type").GetString());
        var result = root.GetProperty("result");
        Assert.False(result.GetProperty("isError").GetBoolean());
        Assert.Equal("20", result.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ForeignOrigin_IsRefusedWith403()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Accept", "application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(-32000, body.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    private static Task EnsureInstalledAsync() =>
        Task.Run(() => Workbench.Tests.Reference.NpmReference.EnsureInstalled(ReferenceDirectory, "@modelcontextprotocol/sdk"));

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string command, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(command)
        {
            WorkingDirectory = ReferenceDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{command} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
