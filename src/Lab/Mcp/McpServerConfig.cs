namespace Workbench.Lab.Mcp;

/// <summary>How the lab reaches an MCP server (the two standard transports of the MCP specification).</summary>
public enum McpTransportKind
{
    /// <summary>A child process; JSON-RPC messages are lines on its standard input and output.</summary>
    Stdio,

    /// <summary>Streamable HTTP: JSON-RPC messages are POSTed to one URL, answers come as JSON or an SSE stream.</summary>
    Http,
}

/// <summary>
/// One entry of an <c>mcpServers</c> configuration, the format MCP clients (Claude Desktop, VS Code, Cursor) share:
/// <c>{"mcpServers": {"name": {"command": "npx", "args": ["-y", "pkg"], "env": {"K": "V"}, "cwd": "…"}}}</c> for
/// stdio, <c>{"mcpServers": {"name": {"url": "http://…/mcp", "headers": {"Authorization": "Bearer …"}}}}</c> for
/// streamable HTTP. Read by <see cref="McpServersConfigFile"/>.
/// </summary>
/// <param name="Name">The server's key in <c>mcpServers</c>: 1..64 characters of letters, digits, <c>-</c>, <c>_</c>,
/// <c>.</c>.</param>
/// <param name="Command">Stdio: the executable (looked up on PATH); null for HTTP.</param>
/// <param name="Args">Stdio: its arguments; empty for HTTP.</param>
/// <param name="Env">Stdio: environment variables added to the child's; empty for HTTP.</param>
/// <param name="WorkingDirectory">Stdio: the child's working directory (<c>cwd</c>); null = the lab's settings root.</param>
/// <param name="Url">HTTP: the streamable-HTTP endpoint (http or https); null for stdio.</param>
/// <param name="Headers">HTTP: headers sent with every request (e.g. <c>Authorization</c>); empty for stdio.</param>
public sealed record McpServerConfig(
    string Name,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string? WorkingDirectory,
    Uri? Url,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The transport this entry names: <see cref="McpTransportKind.Stdio"/> when it has a command.</summary>
    public McpTransportKind Transport => Command is not null ? McpTransportKind.Stdio : McpTransportKind.Http;

    /// <summary>A stdio server.</summary>
    public static McpServerConfig ForStdio(string name, string command, IReadOnlyList<string>? args = null,
        IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null) =>
        new(name, command, args ?? [], env ?? new Dictionary<string, string>(), workingDirectory, null, new Dictionary<string, string>());

    /// <summary>A streamable-HTTP server.</summary>
    public static McpServerConfig ForHttp(string name, Uri url, IReadOnlyDictionary<string, string>? headers = null) =>
        new(name, null, [], new Dictionary<string, string>(), null, url, headers ?? new Dictionary<string, string>());
}

/// <summary>A configuration that cannot be used: bad JSON, a missing <c>command</c>/<c>url</c>, both, a bad name, a
/// duplicate name. The message names the entry and the key.</summary>
public sealed class McpConfigException(string message) : Exception(message);

/// <summary>No server of that name is configured.</summary>
public sealed class McpServerNotFoundException(string name)
    : Exception($"No MCP server named '{name}' is configured.")
{
    /// <summary>The name asked for.</summary>
    public string ServerName { get; } = name;
}

/// <summary>The server exists but is not connected (it failed to start, died, timed out, or is still connecting);
/// the message is its status and error.</summary>
public sealed class McpServerUnavailableException(string name, string message) : Exception(message)
{
    /// <summary>The server's name.</summary>
    public string ServerName { get; } = name;
}
