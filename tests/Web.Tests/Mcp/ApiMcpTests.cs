using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Web.Tests.Auth;

namespace Workbench.Web.Tests.Mcp;

/// <summary>/api/mcp on the real app, the real registry and server-everything over stdio (from the config file), in
/// classroom mode: every status code of the API and its policies (members list and call; only the instructor adds,
/// removes, reconnects and pings).</summary>
public sealed class ApiMcpTests(ApiMcpAppFixture fixture) : IClassFixture<ApiMcpAppFixture>
{
    [Fact]
    public async Task ListServers_Student_SeesEverythingConnectedWithToolsAndSchemas()
    {
        var servers = await fixture.Ada.GetJsonAsync("/api/mcp/servers");

        var everything = servers.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "everything");
        Assert.Equal("stdio", everything.GetProperty("transport").GetString());
        Assert.Equal("connected", everything.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, everything.GetProperty("error").ValueKind);
        Assert.True(everything.GetProperty("fromConfigFile").GetBoolean());
        Assert.Contains("node", everything.GetProperty("target").GetString());
        Assert.Equal("mcp-servers/everything", everything.GetProperty("serverInfo").GetProperty("name").GetString());
        var sum = everything.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "get-sum");
        Assert.Equal("number", sum.GetProperty("inputSchema").GetProperty("properties").GetProperty("a").GetProperty("type").GetString());
        Assert.NotEmpty(everything.GetProperty("resources").EnumerateArray());
        Assert.NotEmpty(everything.GetProperty("prompts").EnumerateArray());
        Assert.Contains("tools", everything.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task ListServers_NotSignedIn_Returns401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.Visitor.StatusOfGetAsync("/api/mcp/servers"));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.Visitor.StatusOfGetAsync("/api/mcp/traffic"));
    }

    [Fact]
    public async Task CallTool_GetSum_ReturnsItsTextAndTheTrafficShowsTheCall()
    {
        long before = LastSequence(await fixture.Ada.GetJsonAsync("/api/mcp/traffic?server=everything"));

        var result = await fixture.Ada.PostJsonAsync("/api/mcp/servers/everything/tools/call",
            new { name = "get-sum", arguments = new { a = 2, b = 3 } }, HttpStatusCode.OK);

        Assert.False(result.GetProperty("isError").GetBoolean());
        var text = result.GetProperty("content")[0];
        Assert.Equal("text", text.GetProperty("type").GetString());
        Assert.Contains("5", text.GetProperty("text").GetString());
        Assert.True(result.GetProperty("milliseconds").GetDouble() > 0);
        var traffic = await fixture.Ada.GetJsonAsync($"/api/mcp/traffic?server=everything&after={before}");
        var request = traffic.EnumerateArray().Single(e => e.GetProperty("method").GetString() == "tools/call" && e.GetProperty("kind").GetString() == "request");
        Assert.Equal("sent", request.GetProperty("direction").GetString());
        Assert.Contains("get-sum", request.GetProperty("json").GetString());
        var response = traffic.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "response" && e.GetProperty("id").GetString() == request.GetProperty("id").GetString());
        Assert.Equal("received", response.GetProperty("direction").GetString());
        Assert.True(response.GetProperty("elapsedMs").GetDouble() >= 0);
        Assert.All(traffic.EnumerateArray(), e => Assert.True(e.GetProperty("sequence").GetInt64() > before));
    }

    [Fact]
    public async Task CallTool_ArgumentsBreakTheSchema_Is200IsErrorAndNothingIsSent()
    {
        long before = LastSequence(await fixture.Ada.GetJsonAsync("/api/mcp/traffic?server=everything"));

        var result = await fixture.Ada.PostJsonAsync("/api/mcp/servers/everything/tools/call",
            new { name = "get-sum", arguments = new { a = 2, b = "three" } }, HttpStatusCode.OK);

        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Contains("b", result.GetProperty("content")[0].GetProperty("text").GetString());
        var traffic = await fixture.Ada.GetJsonAsync($"/api/mcp/traffic?server=everything&after={before}");
        Assert.DoesNotContain(traffic.EnumerateArray(), e => e.GetProperty("method").GetString() == "tools/call");
    }

    [Fact]
    public async Task CallTool_UnknownServerToolOrNoName_Are404And400()
    {
        var noServer = await PostAsync(fixture.Ada, "/api/mcp/servers/nope/tools/call", new { name = "echo" });
        var noTool = await PostAsync(fixture.Ada, "/api/mcp/servers/everything/tools/call", new { name = "no-such-tool" });
        var noName = await PostAsync(fixture.Ada, "/api/mcp/servers/everything/tools/call", new { arguments = new { } });

        Assert.Equal(HttpStatusCode.NotFound, noServer.Status);
        Assert.Contains("nope", noServer.Detail);
        Assert.Equal(HttpStatusCode.BadRequest, noTool.Status);
        Assert.Contains("no-such-tool", noTool.Detail);
        Assert.Contains("get-sum", noTool.Detail);
        Assert.Contains("echo", noTool.Detail);
        Assert.Equal(HttpStatusCode.BadRequest, noName.Status);
    }

    [Fact]
    public async Task AddFailingServer_Instructor_Is201FailedThenCallsAre409AndItCanBeRemoved()
    {
        var added = await fixture.Instructor.PostJsonAsync("/api/mcp/servers",
            new { name = "broken", command = "wb-no-such-command-" + Guid.NewGuid().ToString("N")[..6] }, HttpStatusCode.Created);

        Assert.Equal("failed", added.GetProperty("status").GetString());
        var error = added.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        var call = await PostAsync(fixture.Ada, "/api/mcp/servers/broken/tools/call", new { name = "echo" });
        Assert.Equal(HttpStatusCode.Conflict, call.Status);
        Assert.Contains("failed", call.Detail);
        var ping = await PostAsync(fixture.Instructor, "/api/mcp/servers/broken/ping", null);
        Assert.Equal(HttpStatusCode.Conflict, ping.Status);
        var again = await PostAsync(fixture.Instructor, "/api/mcp/servers", new { name = "broken", command = "node" });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);

        using (var removed = await fixture.Instructor.Http.DeleteAsync("/api/mcp/servers/broken"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var gone = await fixture.Instructor.Http.DeleteAsync("/api/mcp/servers/broken"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain((await fixture.Ada.GetJsonAsync("/api/mcp/servers")).EnumerateArray(), s => s.GetProperty("name").GetString() == "broken");
    }

    [Theory]
    [InlineData("""{"command": "node"}""", "name")]
    [InlineData("""{"name": "x"}""", "exactly one of")]
    [InlineData("""{"name": "x", "command": "node", "args": "not-an-array"}""", "mcpServers.x.args")]
    [InlineData("""{"name": "x", "url": "ftp://example.org/mcp"}""", "mcpServers.x.url")]
    [InlineData("""{"name": "bad name!", "command": "node"}""", "bad name!")]
    public async Task AddServer_BadEntry_Is400NamingTheKey(string body, string expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Instructor.Http.PostAsync("/api/mcp/servers", content);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ReconnectAndPing_Instructor_ReconnectsAndMeasures()
    {
        var reconnected = await fixture.Instructor.PostJsonAsync("/api/mcp/servers/everything/reconnect", null, HttpStatusCode.OK);
        Assert.Equal("connected", reconnected.GetProperty("status").GetString());

        var ping = await fixture.Instructor.PostJsonAsync("/api/mcp/servers/everything/ping", null, HttpStatusCode.OK);

        Assert.Equal("everything", ping.GetProperty("server").GetString());
        Assert.True(ping.GetProperty("milliseconds").GetDouble() >= 0);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(fixture.Instructor, "/api/mcp/servers/nope/reconnect", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(fixture.Instructor, "/api/mcp/servers/nope/ping", null)).Status);
        var traffic = await fixture.Instructor.GetJsonAsync("/api/mcp/traffic?server=everything");
        Assert.Contains(traffic.EnumerateArray(), e => e.GetProperty("method").GetString() == "ping" && e.GetProperty("kind").GetString() == "response");
        Assert.Contains(traffic.EnumerateArray(), e => e.GetProperty("method").GetString() == "notifications/initialized");
    }

    [Fact]
    public async Task ControlRoutes_Student_Are403AndChangeNothing()
    {
        var add = await PostAsync(fixture.Ada, "/api/mcp/servers", new { name = "student-server", command = "node", args = new[] { "-e", "1" } });
        var reconnect = await PostAsync(fixture.Ada, "/api/mcp/servers/everything/reconnect", null);
        var ping = await PostAsync(fixture.Ada, "/api/mcp/servers/everything/ping", null);
        using var remove = await fixture.Ada.Http.DeleteAsync("/api/mcp/servers/everything");

        Assert.Equal(HttpStatusCode.Forbidden, add.Status);
        Assert.Equal(HttpStatusCode.Forbidden, reconnect.Status);
        Assert.Equal(HttpStatusCode.Forbidden, ping.Status);
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        var names = (await fixture.Ada.GetJsonAsync("/api/mcp/servers")).EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("everything", names);
        Assert.DoesNotContain("student-server", names);
    }

    [Fact]
    public async Task CallTool_QuotaUsedUp_Is429WithRetryAfter()
    {
        for (int i = 0; i < ApiMcpAppFixture.CallsPerMinute; i++)
            await fixture.Bob.PostJsonAsync("/api/mcp/servers/everything/tools/call", new { name = "echo", arguments = new { message = $"hi {i}" } }, HttpStatusCode.OK);

        using var refused = await fixture.Bob.Http.PostAsJsonAsync("/api/mcp/servers/everything/tools/call", new { name = "echo", arguments = new { message = "one more" } });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { } delta && delta >= TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.ToString());
        // Another member's quota is their own.
        await fixture.Ada.PostJsonAsync("/api/mcp/servers/everything/tools/call", new { name = "echo", arguments = new { message = "Ada" } }, HttpStatusCode.OK);
    }

    private static long LastSequence(JsonElement traffic) =>
        traffic.GetArrayLength() == 0 ? 0 : traffic[traffic.GetArrayLength() - 1].GetProperty("sequence").GetInt64();

    private static async Task<(HttpStatusCode Status, string Detail)> PostAsync(WebUser user, string path, object? body)
    {
        using var response = body is null ? await user.Http.PostAsync(path, null) : await user.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        var detail = text.Length > 0 && text.TrimStart().StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : text;
        return (response.StatusCode, detail);
    }
}
