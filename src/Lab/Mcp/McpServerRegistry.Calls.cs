using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol;

namespace Workbench.Lab.Mcp;

// The requests: ping, tools/call (schema check first), resources/read, prompts/get, and the tools as AIFunctions.
public sealed partial class McpServerRegistry
{
    /// <inheritdoc/>
    public Task<TimeSpan> PingAsync(string name, CancellationToken cancellationToken = default) =>
        Get(name).RequestAsync("ping", async (client, token) =>
        {
            long started = Stopwatch.GetTimestamp();
            await client.PingAsync(cancellationToken: token).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(started);
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<McpToolCallResult> CallToolAsync(string server, string tool, JsonElement? arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var connection = Get(server);
        long started = Stopwatch.GetTimestamp();
        if (connection.Snapshot.Status == McpServerStatus.Connected && connection.FindTool(tool) is null)
            throw new ArgumentException(
                $"MCP server '{server}' lists no tool '{tool}'. Its tools: {string.Join(", ", connection.Snapshot.Tools.Select(t => t.Name))}.", nameof(tool));
        var info = connection.FindTool(tool);
        if (info is not null)
        {
            if (arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) } a)
                return Refused($"/: expected object, got {a.ValueKind.ToString().ToLowerInvariant()}", started);
            string? mismatch;
            try
            {
                mismatch = McpToolArgumentValidator.Validate(info.InputSchema, arguments);
            }
            catch (ArgumentException e)
            {
                mismatch = e.Message;
            }
            if (mismatch is not null) return Refused(mismatch, started);
        }
        var values = ToDictionary(arguments);
        var result = await connection.RequestAsync("tools/call",
            (client, token) => client.CallToolAsync(tool, values, cancellationToken: token).AsTask(), cancellationToken).ConfigureAwait(false);
        var content = JsonSerializer.SerializeToElement(result.Content, McpJsonUtilities.DefaultOptions);
        JsonElement? structured = result.StructuredContent is { } s ? JsonSerializer.SerializeToElement(s, McpJsonUtilities.DefaultOptions) : null;
        return new McpToolCallResult(content, result.IsError == true, structured, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <inheritdoc/>
    public async Task<McpResourceReadResult> ReadResourceAsync(string server, string uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var result = await Get(server).RequestAsync("resources/read",
            (client, token) => client.ReadResourceAsync(uri, cancellationToken: token).AsTask(), cancellationToken).ConfigureAwait(false);
        return new McpResourceReadResult(JsonSerializer.SerializeToElement(result.Contents, McpJsonUtilities.DefaultOptions));
    }

    /// <inheritdoc/>
    public async Task<McpPromptResult> GetPromptAsync(string server, string prompt, IReadOnlyDictionary<string, string>? arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var values = arguments?.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        var result = await Get(server).RequestAsync("prompts/get",
            (client, token) => client.GetPromptAsync(prompt, values, cancellationToken: token).AsTask(), cancellationToken).ConfigureAwait(false);
        return new McpPromptResult(result.Description, JsonSerializer.SerializeToElement(result.Messages, McpJsonUtilities.DefaultOptions));
    }

    /// <inheritdoc/>
    /// <remarks>The functions are made from the tools listed now; after a <c>list_changed</c>, call again.</remarks>
    public IReadOnlyList<AIFunction> GetTools(string server)
    {
        var connection = Get(server);
        return [.. connection.Snapshot.Tools.Select(t => new McpToolFunction(this, server, t))];
    }

    private static McpToolCallResult Refused(string message, long started)
    {
        var content = JsonSerializer.SerializeToElement(new[] { new { type = "text", text = $"Invalid arguments: {message}" } });
        return new McpToolCallResult(content, true, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static Dictionary<string, object?>? ToDictionary(JsonElement? arguments) =>
        arguments is { ValueKind: JsonValueKind.Object } a
            ? a.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
            : null;
}
