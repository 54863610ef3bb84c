using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Workbench.Lab.Mcp;

// Requests on a connected server: each under the request timeout, the lists, and the list_changed re-lists.
internal sealed partial class McpServerConnection
{
    /// <summary>Runs one request on the connected client under <see cref="McpOptions.RequestTimeoutSeconds"/>.</summary>
    /// <exception cref="McpServerUnavailableException">Not connected, no answer in time, or the connection broke.</exception>
    public async Task<T> RequestAsync<T>(string method, Func<McpClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var current = client;
        var state = snapshot;
        int currentGeneration = Volatile.Read(ref generation);
        if (current is null || state.Status != McpServerStatus.Connected)
            throw new McpServerUnavailableException(Name, state.Status switch
            {
                McpServerStatus.Connecting => $"MCP server '{Name}' is still connecting.",
                McpServerStatus.Failed => $"MCP server '{Name}' is not connected: {state.Error}",
                _ => $"MCP server '{Name}' is not connected ({state.Status}).",
            });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            return await call(current, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new McpServerUnavailableException(Name, $"MCP server '{Name}' did not answer {method} within {options.RequestTimeoutSeconds} s.");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException || (e is InvalidOperationException && e is not McpException))
        {
            // The transport is gone (a process that exited, an HTTP server that stopped): the server is Failed until a reconnect.
            string error = $"the server closed the connection ({e.Message})";
            if (Volatile.Read(ref generation) == currentGeneration && snapshot.Status == McpServerStatus.Connected)
                SetSnapshot(snapshot with { Status = McpServerStatus.Failed, Error = error });
            throw new McpServerUnavailableException(Name, $"MCP server '{Name}': {error} during {method}.");
        }
    }

    /// <summary>A tool as last listed, or null.</summary>
    public McpToolInfo? FindTool(string tool) => snapshot.Tools.FirstOrDefault(t => t.Name == tool);

    private static async Task<IReadOnlyList<McpToolInfo>> ListToolsAsync(McpClient c, CancellationToken cancellationToken) =>
        [.. (await c.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(t => new McpToolInfo(t.ProtocolTool.Name, t.ProtocolTool.Description, t.ProtocolTool.InputSchema.Clone()))];

    private static async Task<IReadOnlyList<McpResourceInfo>> ListResourcesAsync(McpClient c, CancellationToken cancellationToken) =>
        [.. (await c.ListResourcesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(r => new McpResourceInfo(r.Uri, r.Name, r.Description, r.MimeType))];

    private static async Task<IReadOnlyList<McpPromptInfo>> ListPromptsAsync(McpClient c, CancellationToken cancellationToken) =>
        [.. (await c.ListPromptsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(p => new McpPromptInfo(p.Name, p.Description,
                [.. (p.ProtocolPrompt.Arguments ?? []).Select(a => new McpPromptArgumentInfo(a.Name, a.Description, a.Required ?? false))]))];

    // A list_changed notification: re-list off the SDK's message loop (a request from inside its handler would wait
    // on the loop that is running the handler).
    private ValueTask Relist(int current, string what)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var c = client;
                if (c is null || Volatile.Read(ref generation) != current) return;
                using var timeout = new CancellationTokenSource(RequestTimeout);
                switch (what)
                {
                    case "tools":
                        var tools = await ListToolsAsync(c, timeout.Token).ConfigureAwait(false);
                        if (Volatile.Read(ref generation) == current) SetSnapshot(snapshot with { Tools = tools });
                        break;
                    case "resources":
                        var resources = await ListResourcesAsync(c, timeout.Token).ConfigureAwait(false);
                        if (Volatile.Read(ref generation) == current) SetSnapshot(snapshot with { Resources = resources });
                        break;
                    default:
                        var prompts = await ListPromptsAsync(c, timeout.Token).ConfigureAwait(false);
                        if (Volatile.Read(ref generation) == current) SetSnapshot(snapshot with { Prompts = prompts });
                        break;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "MCP server {Server}: re-listing {What} after list_changed failed", Name, what);
            }
        });
        return ValueTask.CompletedTask;
    }
}
