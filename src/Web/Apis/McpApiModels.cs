using System.Text.Json;
using System.Text.Json.Serialization;
using Workbench.Lab.Mcp;

namespace Workbench.Web.Apis;

// The MCP API's wire shapes (camelCase; enum values lower-case words: "stdio", "http", "connected", "sent", …).

/// <summary>One configured MCP server: <c>{name, transport, status, error, target, fromConfigFile, serverInfo,
/// protocolVersion, instructions, capabilities, tools, resources, prompts, connectedAt}</c>.</summary>
internal sealed record McpServerView(
    string Name, string Transport, string Status, string? Error, string Target, bool FromConfigFile,
    McpServerInfoView? ServerInfo, string? ProtocolVersion, string? Instructions, IReadOnlyList<string> Capabilities,
    IReadOnlyList<McpToolView> Tools, IReadOnlyList<McpResourceInfo> Resources, IReadOnlyList<McpPromptInfo> Prompts,
    DateTimeOffset? ConnectedAt)
{
    public static McpServerView From(McpServerSnapshot s) => new(
        s.Name, McpApiNames.Of(s.Transport), McpApiNames.Of(s.Status), s.Error, s.Target, s.FromConfigFile,
        s.ServerName is null ? null : new McpServerInfoView(s.ServerName, s.ServerVersion),
        s.ProtocolVersion, s.Instructions, s.Capabilities,
        s.Tools.Select(t => new McpToolView(t.Name, t.Description, t.InputSchema)).ToList(), s.Resources, s.Prompts, s.ConnectedAt);
}

/// <summary>The <c>serverInfo</c> of <c>initialize</c>.</summary>
internal sealed record McpServerInfoView(string Name, string? Version);

/// <summary>A tool as listed: <c>{name, description, inputSchema}</c>.</summary>
internal sealed record McpToolView(string Name, string? Description, JsonElement InputSchema);

/// <summary>The body of <c>POST /api/mcp/servers/{name}/tools/call</c>: the tool's <c>name</c> and its
/// <c>arguments</c> (a JSON object; absent = none).</summary>
internal sealed record McpToolCallRequest(string? Name, JsonElement? Arguments);

/// <summary>A <c>tools/call</c> result: <c>{content, isError, structuredContent, milliseconds}</c>.</summary>
internal sealed record McpToolCallView(JsonElement Content, bool IsError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? StructuredContent, double Milliseconds)
{
    public static McpToolCallView From(McpToolCallResult r) => new(r.Content, r.IsError, r.StructuredContent, r.Milliseconds);
}

/// <summary>A ping's round trip in milliseconds.</summary>
internal sealed record McpPingView(string Server, double Milliseconds);

/// <summary>One JSON-RPC message of the traffic log.</summary>
internal sealed record McpTrafficView(
    long Sequence, string Server, string Direction, string Kind, string? Method, string? Id, DateTimeOffset Timestamp,
    double? ElapsedMs, string Json)
{
    public static McpTrafficView From(McpTrafficEntry e) => new(
        e.Sequence, e.Server, McpApiNames.Of(e.Direction), McpApiNames.Of(e.Kind), e.Method, e.Id, e.Timestamp, e.ElapsedMs, e.Json);
}

/// <summary>Enum values on the wire: lower-case (<c>Stdio</c> → <c>stdio</c>).</summary>
internal static class McpApiNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
