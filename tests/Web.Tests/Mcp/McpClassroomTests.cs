using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using Workbench.Web.Auth;
using Workbench.Web.Mcp;
using Workbench.Web.Tests.Auth;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Mcp;

/// <summary>The real app in classroom mode with an instructor signed in and a joined student, and a quota of
/// <see cref="CallsPerMinute"/> MCP tool calls per member.</summary>
public sealed class McpClassroomFixture : IAsyncLifetime
{
    public const int CallsPerMinute = 3;

    public WorkbenchAppFactory App { get; } = new();
    public WebUser Instructor { get; private set; } = null!;
    public WebUser Student { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.Settings["Lab:Mode"] = "Classroom";
        App.Settings["Lab:Instructor:UserName"] = "prof";
        App.Settings["Lab:Instructor:Password"] = ClassroomAppFixture.InstructorPassword;
        App.Settings["Web:Mcp:CallsPerMinutePerMember"] = CallsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Instructor = new WebUser(App);
        Assert.Equal("/classes", (await Instructor.SignInAsync("prof", ClassroomAppFixture.InstructorPassword)).OriginalString);
        var classroom = await Instructor.PostJsonAsync("/api/classes", new { name = "MCP group" }, HttpStatusCode.Created);
        Student = new WebUser(App);
        await Student.JoinAsync(classroom.GetProperty("joinCode").GetString()!, "Grace");
        Assert.True(Student.HasAuthCookie);
    }

    public async Task DisposeAsync()
    {
        Instructor?.Dispose();
        Student?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Who may use <c>/mcp</c> in classroom mode (cookie or token, nobody else) and the per-member quota.</summary>
public sealed class McpClassroomTests(McpClassroomFixture fixture) : IClassFixture<McpClassroomFixture>
{
    [Fact]
    public async Task Post_NoCookieNoToken_Is401()
    {
        using var response = await McpHttpClients.PostInitializeAsync(fixture.App.CreateClient());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SdkClient_WithSessionCookie_ListsTools()
    {
        await using var client = await McpHttpClients.ConnectAsync(fixture.Instructor.Http);
        Assert.NotEmpty(await client.ListToolsAsync());
    }

    [Fact]
    public async Task TokenEndpoint_NoCookie_Is401()
    {
        using var response = await fixture.App.CreateClient().GetAsync(WorkbenchMcpEndpoints.TokenPath);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SdkClient_WithBearerTokenAndNoCookie_ListsAndCallsTools()
    {
        using var response = await fixture.Instructor.Http.GetAsync(WorkbenchMcpEndpoints.TokenPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));

        await using var client = await McpHttpClients.ConnectAsync(fixture.App.CreateClient(),
            new Dictionary<string, string> { ["Authorization"] = "Bearer " + body.GetProperty("token").GetString() });
        var result = await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["expression"] = "6*7" });
        Assert.Equal("42", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task Post_ExpiredToken_Is401()
    {
        var tokens = fixture.App.Services.GetRequiredService<McpAccessTokens>();
        var expired = tokens.Issue(new LabUser("u1", "Grace", "student", null), DateTimeOffset.UtcNow.AddSeconds(-1));
        using var response = await McpHttpClients.PostInitializeAsync(fixture.App.CreateClient(), r => r.Headers.Add("Authorization", "Bearer " + expired));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ForgedOrDamagedToken_Is401()
    {
        var tokens = fixture.App.Services.GetRequiredService<McpAccessTokens>();
        var (valid, _) = tokens.Issue(new LabUser("u1", "Grace", "student", null));
        var damaged = valid[..^4] + (valid[^4] == 'A' ? 'B' : 'A') + valid[^3..];
        foreach (var token in new[] { "not-a-token", damaged, Convert.ToBase64String("{\"UserId\":\"prof\",\"Role\":\"instructor\"}"u8.ToArray()) })
        {
            using var response = await McpHttpClients.PostInitializeAsync(fixture.App.CreateClient(), r => r.Headers.Add("Authorization", "Bearer " + token));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var accepted = await McpHttpClients.PostInitializeAsync(fixture.App.CreateClient(), r => r.Headers.Add("Authorization", "Bearer " + valid));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task CallTool_QuotaUsedUp_IsErrorResultWithRetryTime()
    {
        await using var client = await McpHttpClients.ConnectAsync(fixture.Student.Http);
        var arguments = new Dictionary<string, object?> { ["expression"] = "1+1" };
        for (var i = 0; i < McpClassroomFixture.CallsPerMinute; i++)
            Assert.NotEqual(true, (await client.CallToolAsync("calculate", arguments)).IsError);
        var refused = await client.CallToolAsync("calculate", arguments);
        Assert.True(refused.IsError);
        Assert.Matches(@"Too many tool calls: the limit is 3 a minute per member\. Try again in \d+ s\.",
            Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text);
        // Listing is not a call: the member still sees the tools.
        Assert.NotEmpty(await client.ListToolsAsync());
    }
}
