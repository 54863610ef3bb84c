using System.Text.Json.Nodes;

namespace Workbench.Web.Components.Widgets.Mcp;

/// <summary>A ready-made entry for the "Add server" form of the <c>mcp-servers</c> widget: an <c>mcpServers</c>
/// entry (without its name) as the form's JSON.</summary>
/// <param name="Label">What the preset menu shows.</param>
/// <param name="Name">The server name it suggests.</param>
/// <param name="Entry">The entry for the app's base address (e.g. <c>http://127.0.0.1:5080/</c>): <c>{"command",
/// "args"}</c> or <c>{"url"}</c>.</param>
public sealed record McpServerPreset(string Label, string Name, Func<Uri, JsonObject> Entry)
{
    /// <summary>The presets, as data: the reference server over npx (stdio; npx downloads it on first use), the
    /// same over streamable HTTP when it runs on its default port, and the lab's own <c>/mcp</c> over HTTP.</summary>
    public static IReadOnlyList<McpServerPreset> All { get; } =
    [
        new("server-everything over stdio (npx)", "everything", _ => new JsonObject
        {
            ["command"] = "npx",
            ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-everything", "stdio"),
        }),
        new("server-everything over streamable HTTP (port 3001)", "everything-http", _ => new JsonObject
        {
            ["url"] = "http://127.0.0.1:3001/mcp",
        }),
        new("This lab's own /mcp over streamable HTTP", "workbench-http", baseUri => new JsonObject
        {
            ["url"] = new Uri(baseUri, "mcp").AbsoluteUri,
        }),
    ];
}
