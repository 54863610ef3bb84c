namespace Workbench.Web.Mcp;

/// <summary>The <c>Web:Mcp</c> section: the lab's own MCP server (<c>/mcp</c>, <c>--mcp-stdio</c>) and the quota on
/// MCP tool calls.</summary>
public sealed class WebMcpOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Web:Mcp";

    /// <summary>Tool calls a member may make per minute, through <c>/mcp</c> and through the module page together
    /// (1..10000). Default 60.</summary>
    public int CallsPerMinutePerMember { get; set; } = 60;

    /// <summary>Whether the lab is a client of its own MCP server over stdio (a server named <c>workbench</c>: this
    /// executable with <c>--mcp-stdio</c>), so the module page has a real server to show on a fresh machine.
    /// Default true.</summary>
    public bool IncludeWorkbenchServer { get; set; } = true;
}
