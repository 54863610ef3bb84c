using System.Text.Json.Nodes;
using Workbench.Lab.Mcp;

namespace Workbench.Lab.Tests.Mcp;

/// <summary>The <c>mcpServers</c> format: every refusal names the entry and key; Write and Parse round-trip.</summary>
public sealed class McpServersConfigFileTests
{
    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "\"mcpServers\" object")]
    [InlineData("""{"servers": {}}""", "\"mcpServers\" object")]
    [InlineData("""{"mcpServers": []}""", "\"mcpServers\" object")]
    [InlineData("""{"mcpServers": {"bad name": {"command": "x"}}}""", "MCP server name 'bad name'")]
    [InlineData("""{"mcpServers": {"a": 1}}""", "mcpServers.a must be an object")]
    [InlineData("""{"mcpServers": {"a": {}}}""", "mcpServers.a needs exactly one of")]
    [InlineData("""{"mcpServers": {"a": {"command": "x", "url": "http://h/mcp"}}}""", "mcpServers.a needs exactly one of")]
    [InlineData("""{"mcpServers": {"a": {"command": 3}}}""", "mcpServers.a.command must be a string")]
    [InlineData("""{"mcpServers": {"a": {"command": "  "}}}""", "mcpServers.a.command is empty")]
    [InlineData("""{"mcpServers": {"a": {"command": "x", "args": [1]}}}""", "mcpServers.a.args must be an array of strings")]
    [InlineData("""{"mcpServers": {"a": {"command": "x", "env": {"K": 1}}}}""", "mcpServers.a.env must be an object of strings")]
    [InlineData("""{"mcpServers": {"a": {"command": "x", "type": "http"}}}""", "mcpServers.a.type \"http\" does not match its command")]
    [InlineData("""{"mcpServers": {"a": {"url": "ftp://h/mcp"}}}""", "mcpServers.a.url must be an absolute http or https URL")]
    [InlineData("""{"mcpServers": {"a": {"url": "/relative"}}}""", "mcpServers.a.url must be an absolute http or https URL")]
    [InlineData("""{"mcpServers": {"a": {"url": "http://h/mcp", "headers": []}}}""", "mcpServers.a.headers must be an object of strings")]
    [InlineData("""{"mcpServers": {"a": {"url": "http://h/mcp", "type": "stdio"}}}""", "mcpServers.a.type \"stdio\" does not match its url")]
    public void Parse_BadConfiguration_ThrowsMcpConfigException_NamingTheProblem(string json, string expected)
    {
        var e = Assert.Throws<McpConfigException>(() => McpServersConfigFile.Parse(json));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Write_ThenParse_RoundTrips_StdioAndHttp()
    {
        McpServerConfig[] servers =
        [
            McpServerConfig.ForStdio("everything", "npx", ["-y", "@modelcontextprotocol/server-everything"], new Dictionary<string, string> { ["K"] = "V" }, "tools"),
            McpServerConfig.ForHttp("remote", new Uri("http://127.0.0.1:3001/mcp"), new Dictionary<string, string> { ["Authorization"] = "Bearer t" }),
        ];

        var parsed = McpServersConfigFile.Parse(McpServersConfigFile.Write(servers));

        Assert.Equal(2, parsed.Count);
        Assert.Equal(("everything", "npx", McpTransportKind.Stdio, "tools"), (parsed[0].Name, parsed[0].Command, parsed[0].Transport, parsed[0].WorkingDirectory));
        Assert.Equal(servers[0].Args, parsed[0].Args);
        Assert.Equal("V", parsed[0].Env["K"]);
        Assert.Equal(("remote", McpTransportKind.Http, new Uri("http://127.0.0.1:3001/mcp")), (parsed[1].Name, parsed[1].Transport, parsed[1].Url));
        Assert.Equal("Bearer t", parsed[1].Headers["Authorization"]);
    }

    [Fact]
    public void Parse_ClaudeDesktopStyle_WithCommentsAndTypes_IsAccepted()
    {
        var parsed = McpServersConfigFile.Parse("""
            // comments and trailing commas, as editors write them
            {"mcpServers": {
              "fs": {"type": "stdio", "command": "node", "args": ["server.js"], "unknown": true},
              "web": {"type": "streamable-http", "url": "https://example.org/mcp"},
            }}
            """);

        Assert.Equal(["fs", "web"], parsed.Select(p => p.Name));
        Assert.Equal(McpTransportKind.Http, parsed[1].Transport);
        Assert.Equal(McpTransportKind.Stdio, McpServersConfigFile.ParseEntry("x", JsonNode.Parse("""{"command":"c"}""")).Transport);
    }
}
