using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Workbench.Lab.Mcp;

/// <summary>
/// The MCP servers the lab is a client of: those of <c>Mcp:ConfigFile</c> (an <c>mcpServers</c> file, connected
/// at start-up) and those an instructor adds at run time. Each server has its own connection; one that does not
/// start, dies or hangs is <see cref="McpServerStatus.Failed"/> with an error and never blocks the others or the
/// caller longer than <see cref="McpOptions.ConnectTimeoutSeconds"/> / <see cref="McpOptions.RequestTimeoutSeconds"/>.
/// Every JSON-RPC message of every connection is recorded in <see cref="Traffic"/>.
/// </summary>
public interface IMcpServerRegistry
{
    /// <summary>Every configured server, config-file entries first, then run-time ones in the order added.</summary>
    IReadOnlyList<McpServerSnapshot> Servers { get; }

    /// <summary>The JSON-RPC traffic of all connections.</summary>
    McpTrafficLog Traffic { get; }

    /// <summary>Why <c>Mcp:ConfigFile</c> could not be used (not JSON, a bad entry, a name taken, more entries than
    /// <see cref="McpOptions.MaxServers"/>), as a person can act on it; null when it was read (or none is set). A file
    /// that does not parse adds no servers; the lab keeps running.</summary>
    string? ConfigError { get; }

    /// <summary>Raised after any server's snapshot changes (status, error, lists after <c>list_changed</c>).</summary>
    event Action? Changed;

    /// <summary>The server named <paramref name="name"/>, or null.</summary>
    McpServerSnapshot? Find(string name);

    /// <summary>Adds a server at run time and connects it (waits for the handshake or its failure).</summary>
    /// <returns>Its snapshot after the attempt (<see cref="McpServerStatus.Connected"/> or <see cref="McpServerStatus.Failed"/>).</returns>
    /// <exception cref="McpConfigException">The entry is invalid, or the name is taken, or the registry is full
    /// (<see cref="McpOptions.MaxServers"/>).</exception>
    Task<McpServerSnapshot> AddAsync(McpServerConfig config, CancellationToken cancellationToken = default);

    /// <summary>Disconnects and forgets a server (a config-file entry too, until the next start).</summary>
    /// <returns>False when no server has that name.</returns>
    Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Closes the server's connection (if any) and connects again.</summary>
    /// <exception cref="McpServerNotFoundException">Unknown name.</exception>
    Task<McpServerSnapshot> ReconnectAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sends <c>ping</c> and measures the round trip.</summary>
    /// <exception cref="McpServerNotFoundException">Unknown name.</exception>
    /// <exception cref="McpServerUnavailableException">Not connected, or no answer within the request timeout.</exception>
    Task<TimeSpan> PingAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Calls a tool (<c>tools/call</c>). The arguments are first checked against the tool's
    /// <c>inputSchema</c>; a mismatch is an error result (<see cref="McpToolCallResult.IsError"/>) naming the field,
    /// and nothing is sent. A tool that fails is an error result as the server wrote it.</summary>
    /// <param name="server">The server's name.</param>
    /// <param name="tool">The tool's name as listed.</param>
    /// <param name="arguments">A JSON object, or null for none.</param>
    /// <param name="cancellationToken">Cancels the call (a <c>notifications/cancelled</c> is sent).</param>
    /// <exception cref="McpServerNotFoundException">Unknown server.</exception>
    /// <exception cref="McpServerUnavailableException">Not connected, or no answer within the request timeout.</exception>
    /// <exception cref="ArgumentException">The server lists no tool of that name (the message lists those it has).</exception>
    Task<McpToolCallResult> CallToolAsync(string server, string tool, JsonElement? arguments, CancellationToken cancellationToken = default);

    /// <summary>Reads a resource (<c>resources/read</c>).</summary>
    /// <exception cref="McpServerNotFoundException">Unknown server.</exception>
    /// <exception cref="McpServerUnavailableException">Not connected, or no answer within the request timeout.</exception>
    /// <exception cref="ModelContextProtocol.McpException">The server answered with a JSON-RPC error (unknown URI).</exception>
    Task<McpResourceReadResult> ReadResourceAsync(string server, string uri, CancellationToken cancellationToken = default);

    /// <summary>Gets a prompt (<c>prompts/get</c>) with string arguments.</summary>
    /// <exception cref="McpServerNotFoundException">Unknown server.</exception>
    /// <exception cref="McpServerUnavailableException">Not connected, or no answer within the request timeout.</exception>
    /// <exception cref="ModelContextProtocol.McpException">The server answered with a JSON-RPC error.</exception>
    Task<McpPromptResult> GetPromptAsync(string server, string prompt, IReadOnlyDictionary<string, string>? arguments, CancellationToken cancellationToken = default);

    /// <summary>A connected server's tools as <see cref="AIFunction"/>s for the tool loop and the chat, under the
    /// names the server lists. Invoking one goes through <see cref="CallToolAsync"/> (schema check, timeout,
    /// traffic), and an error result is returned as text that says it is an error; the model reads it.</summary>
    /// <exception cref="McpServerNotFoundException">Unknown server.</exception>
    IReadOnlyList<AIFunction> GetTools(string server);
}
