namespace Workbench.Lab.Mcp;

/// <summary>The <c>Mcp</c> section of appsettings.json: the lab as an MCP client.</summary>
public sealed class McpOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Mcp";

    /// <summary>An <c>mcpServers</c> JSON file (relative paths resolve against the settings root); empty (default)
    /// or a missing file = no servers at start-up. A file that does not parse leaves the lab running and is
    /// reported as an error on the module page and in the log.</summary>
    public string ConfigFile { get; set; } = "";

    /// <summary>Seconds a connection may take, process start or HTTP session through <c>initialize</c> and the
    /// first lists (1..120). Default 15.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 15;

    /// <summary>Seconds any one request may wait for its answer (1..600). Default 30.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>The MCP revision the lab asks for in <c>initialize</c>. Default <c>2025-11-25</c>: the handshake the
    /// specification's lifecycle page teaches (initialize → result → notifications/initialized), which every current
    /// server speaks. A server that answers with another revision is connected again with the SDK's own negotiation.
    /// Empty = the SDK's default from the start: it prefers <c>2026-07-28</c>, which has no <c>initialize</c> (it
    /// probes with <c>server/discover</c> and falls back).</summary>
    public string ProtocolVersion { get; set; } = SpecRevision;

    /// <summary>The MCP revision the lab teaches and asks for by default (the grader's client asks for it too):
    /// <c>2025-11-25</c>.</summary>
    public const string SpecRevision = "2025-11-25";

    /// <summary>How many servers may be configured at once (1..64). Default 16.</summary>
    public int MaxServers { get; set; } = 16;

    /// <summary>How many JSON-RPC messages the traffic panel keeps (100..100000). Default 2000.</summary>
    public int TrafficCapacity { get; set; } = 2000;

    /// <summary>Servers the host adds ahead of the config file's (the web app adds <c>workbench</c>, itself over
    /// stdio, when <c>Web:Mcp:IncludeWorkbenchServer</c> is true). Not bound from configuration.</summary>
    public List<McpServerConfig> HostServers { get; } = [];
}
