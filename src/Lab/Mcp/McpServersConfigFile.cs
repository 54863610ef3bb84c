using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workbench.Lab.Mcp;

/// <summary>
/// Reads and writes the <c>mcpServers</c> configuration format that MCP clients share (Claude Desktop's
/// <c>claude_desktop_config.json</c>, VS Code's and Cursor's <c>mcp.json</c>):
/// <code>
/// {"mcpServers": {
///    "everything": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"], "env": {"K": "V"}},
///    "remote":     {"url": "http://127.0.0.1:3001/mcp", "headers": {"Authorization": "Bearer …"}}}}
/// </code>
/// An entry with <c>command</c> is stdio (optional <c>args</c>, <c>env</c>, <c>cwd</c>); one with <c>url</c> is
/// streamable HTTP (optional <c>headers</c>); <c>type</c> (<c>stdio</c>, <c>http</c>, <c>streamable-http</c>) is
/// accepted when it agrees. Unknown keys are ignored, as other clients do.
/// </summary>
public static partial class McpServersConfigFile
{
    /// <summary>Parses a whole file.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The entries in file order.</returns>
    /// <exception cref="McpConfigException">Not JSON, no <c>mcpServers</c> object, or an entry that
    /// <see cref="ParseEntry"/> refuses; the message names the entry and key.</exception>
    public static IReadOnlyList<McpServerConfig> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new McpConfigException($"The MCP configuration is not valid JSON: {e.Message}");
        }
        if (root is not JsonObject obj || obj["mcpServers"] is not JsonObject servers)
            throw new McpConfigException("The MCP configuration must be an object with an \"mcpServers\" object.");
        return [.. servers.Select(p => ParseEntry(p.Key, p.Value))];
    }

    /// <summary>Parses one entry (the value under its name).</summary>
    /// <exception cref="McpConfigException">A bad name; not an object; neither or both of <c>command</c> and
    /// <c>url</c>; a <c>url</c> that is not absolute http(s); <c>args</c> not strings; <c>env</c> or
    /// <c>headers</c> not string maps; a <c>type</c> that contradicts the rest.</exception>
    public static McpServerConfig ParseEntry(string name, JsonNode? entry)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NamePattern().IsMatch(name))
            throw new McpConfigException($"MCP server name '{name}' must be 1 to 64 letters, digits, '-', '_' or '.'.");
        if (entry is not JsonObject e)
            throw new McpConfigException($"mcpServers.{name} must be an object.");
        string? command = OptionalString(e, "command", name);
        string? url = OptionalString(e, "url", name);
        string? type = OptionalString(e, "type", name);
        if (command is null == url is null)
            throw new McpConfigException($"mcpServers.{name} needs exactly one of \"command\" (stdio) or \"url\" (streamable HTTP).");
        if (type is not null && !(command is not null ? type is "stdio" : type is "http" or "streamable-http" or "streamableHttp"))
            throw new McpConfigException($"mcpServers.{name}.type \"{type}\" does not match its {(command is not null ? "command" : "url")}.");
        if (command is not null)
        {
            if (command.Trim().Length == 0) throw new McpConfigException($"mcpServers.{name}.command is empty.");
            var args = e["args"] switch
            {
                null => [],
                JsonArray a when a.All(v => v is JsonValue value && value.GetValueKind() == JsonValueKind.String) => a.Select(v => (string)v!).ToList(),
                _ => throw new McpConfigException($"mcpServers.{name}.args must be an array of strings."),
            };
            return McpServerConfig.ForStdio(name, command, args, StringMap(e, "env", name), OptionalString(e, "cwd", name));
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new McpConfigException($"mcpServers.{name}.url must be an absolute http or https URL.");
        return McpServerConfig.ForHttp(name, uri, StringMap(e, "headers", name));
    }

    /// <summary>Writes entries in the same format (what <see cref="Parse"/> reads back).</summary>
    public static string Write(IEnumerable<McpServerConfig> servers)
    {
        var map = new JsonObject();
        foreach (var s in servers)
        {
            var entry = new JsonObject();
            if (s.Command is not null)
            {
                entry["command"] = s.Command;
                if (s.Args.Count > 0) entry["args"] = new JsonArray([.. s.Args.Select(a => (JsonNode)a)]);
                if (s.Env.Count > 0) entry["env"] = Map(s.Env);
                if (s.WorkingDirectory is not null) entry["cwd"] = s.WorkingDirectory;
            }
            else
            {
                entry["url"] = s.Url!.AbsoluteUri;
                if (s.Headers.Count > 0) entry["headers"] = Map(s.Headers);
            }
            map[s.Name] = entry;
        }
        return new JsonObject { ["mcpServers"] = map }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        static JsonObject Map(IReadOnlyDictionary<string, string> values) => new([.. values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]);
    }

    private static string? OptionalString(JsonObject entry, string key, string name) => entry[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (string)v!,
        _ => throw new McpConfigException($"mcpServers.{name}.{key} must be a string."),
    };

    private static Dictionary<string, string> StringMap(JsonObject entry, string key, string name) => entry[key] switch
    {
        null => [],
        JsonObject o when o.All(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String) =>
            o.ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal),
        _ => throw new McpConfigException($"mcpServers.{name}.{key} must be an object of strings."),
    };

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex NamePattern();
}
