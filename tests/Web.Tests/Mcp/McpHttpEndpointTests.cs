using System.Net;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Workbench.Lab.Tools.Builtin;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Mcp;

/// <summary><c>/mcp</c> of the real app (self-paced mode: the local learner, no token) through the C# SDK's client,
/// and its Origin and Host rules on raw requests.</summary>
public sealed class McpHttpEndpointTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    [Fact]
    public async Task SdkClient_SelfPaced_ListsAndCallsTools()
    {
        await using var client = await McpHttpClients.ConnectAsync(app.CreateClient());
        Assert.Equal("workbench", client.ServerInfo!.Name);
        var tools = await client.ListToolsAsync();
        Assert.Equal(BuiltinTools.Names, tools.Select(t => t.Name));
        var result = await client.CallToolAsync("convert_units", new Dictionary<string, object?> { ["value"] = 1, ["from_unit"] = "km", ["to_unit"] = "m" });
        Assert.NotEqual(true, result.IsError);
        Assert.Contains("1000", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
        var resource = await client.ReadResourceAsync("lab://01-chat-completions");
        Assert.Contains("Chat", Assert.IsType<TextResourceContents>(Assert.Single(resource.Contents)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NoOrigin_IsAnswered()
    {
        using var response = await McpHttpClients.PostInitializeAsync(app.CreateClient());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"workbench\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OwnOrigin_IsAnswered()
    {
        using var response = await McpHttpClients.PostInitializeAsync(app.CreateClient(), r => r.Headers.Add("Origin", "http://localhost"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost:8080")]
    [InlineData("null")]
    public async Task Post_ForeignOrigin_Is403WithJsonRpcError(string origin)
    {
        using var response = await McpHttpClients.PostInitializeAsync(app.CreateClient(), r => r.Headers.Add("Origin", origin));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertJsonRpcRefusalAsync(response, "Cross-site");
    }

    [Fact]
    public async Task Post_CrossSiteFetchMetadata_Is403()
    {
        using var response = await McpHttpClients.PostInitializeAsync(app.CreateClient(), r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("localhost.evil.example")]
    public async Task Post_ForeignHost_Is403WithJsonRpcError(string host)
    {
        // DNS rebinding: the page's own origin (so Origin matches Host), but a name that is not this server's.
        using var response = await McpHttpClients.PostInitializeAsync(app.CreateClient(), r =>
        {
            r.Headers.Host = host;
            r.Headers.Add("Origin", $"http://{host}");
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertJsonRpcRefusalAsync(response, "Invalid Host");
    }

    [Fact]
    public async Task Get_Stateless_Is405()
    {
        using var response = await app.CreateClient().GetAsync("/mcp");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
    }

    private static async Task AssertJsonRpcRefusalAsync(HttpResponseMessage response, string message)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("2.0", body.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("id").ValueKind);
        Assert.Equal(-32000, body.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains(message, body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
