using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Mcp;
using Workbench.Lab.Storage;
using Workbench.Web.Components.Widgets.Mcp;

namespace Workbench.Web.Tests.Components.Mcp;

/// <summary>The MCP widgets on the real registry and server-everything over stdio: the server list and its controls,
/// the form generated from get-sum's inputSchema and a call's result, the traffic panel filling live.</summary>
[Collection(EngineCollection.Name)]
public sealed class McpWidgetTests(EngineFixture fixture, McpRegistryFixture mcp) : IClassFixture<McpRegistryFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private BunitContext Create(string role = LabRoles.Learner, string userId = "local")
    {
        var ctx = UiTestContext.Create(fixture);
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(role == LabRoles.Learner ? "You" : "Ada");
        auth.SetRoles(role);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        ctx.Services.AddSingleton<IMcpServerRegistry>(mcp.Registry);
        return ctx;
    }

    [Fact]
    public async Task Servers_Learner_ListsEverythingConnectedWithItsListsAndControls()
    {
        await using var ctx = Create();

        var cut = ctx.Render<McpServers>();

        var server = cut.Find("li[aria-label='Server everything']");
        Assert.Equal("connected", server.QuerySelector("[aria-label='Status of everything']")!.TextContent);
        Assert.Contains("mcp-servers/everything", server.QuerySelector("[aria-label='Server info']")!.TextContent);
        var tools = server.QuerySelector("[aria-label='Tools of everything']")!.TextContent;
        Assert.Contains("get-sum", tools);
        Assert.Contains("echo", tools);
        Assert.NotEmpty(server.QuerySelectorAll("[aria-label='Resources of everything'] li"));
        Assert.NotEmpty(server.QuerySelectorAll("[aria-label='Prompts of everything'] li"));
        Assert.NotNull(cut.Find("button[aria-label='Reconnect everything']"));
        Assert.NotNull(cut.Find("form[aria-label='Add server']"));
    }

    [Fact]
    public async Task Servers_Student_SeesNoControlsAndNoAddForm()
    {
        await using var ctx = Create(LabRoles.Student, "student-1");

        var cut = ctx.Render<McpServers>();

        Assert.NotNull(cut.Find("li[aria-label='Server everything']"));
        Assert.Empty(cut.FindAll("button[aria-label='Reconnect everything']"));
        Assert.Empty(cut.FindAll("form[aria-label='Add server']"));
    }

    [Fact]
    public async Task Servers_AddACommandThatDoesNotExist_ShowsItFailedWithItsError_ThenRemoveIt()
    {
        await using var ctx = Create();
        var cut = ctx.Render<McpServers>();
        var name = "broken-" + Guid.NewGuid().ToString("N")[..6];

        cut.Find("form[aria-label='Add server'] input").Input(name);
        cut.Find("form[aria-label='Add server'] textarea").Input("""{"command": "wb-no-such-command-xyz"}""");
        await cut.InvokeAsync(() => cut.Find("form[aria-label='Add server']").Submit());

        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find($"[aria-label='Status of {name}']").TextContent), Timeout);
        Assert.False(string.IsNullOrWhiteSpace(cut.Find($"[aria-label='Error of {name}']").TextContent));
        Assert.Equal("connected", cut.Find("[aria-label='Status of everything']").TextContent);

        await cut.InvokeAsync(() => cut.Find($"button[aria-label='Remove {name}']").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"li[aria-label='Server {name}']")), Timeout);
        Assert.Null(mcp.Registry.Find(name));
    }

    [Fact]
    public async Task Servers_AddABadEntry_SaysWhichKey()
    {
        await using var ctx = Create();
        var cut = ctx.Render<McpServers>();

        cut.Find("form[aria-label='Add server'] input").Input("bad");
        cut.Find("form[aria-label='Add server'] textarea").Input("""{"command": "node", "args": "not-a-list"}""");
        await cut.InvokeAsync(() => cut.Find("form[aria-label='Add server']").Submit());

        Assert.Contains("mcpServers.bad.args", cut.Find("[aria-label='Add server error']").TextContent);
        Assert.Null(mcp.Registry.Find("bad"));
    }

    [Fact]
    public async Task Servers_PresetForTheLabsOwnServer_FillsItsUrl()
    {
        await using var ctx = Create();
        var cut = ctx.Render<McpServers>();

        cut.Find("form[aria-label='Add server'] select").Change("2");

        Assert.Equal("workbench-http", cut.Find("form[aria-label='Add server'] input").GetAttribute("value"));
        Assert.Contains("\"url\":\"http://localhost/mcp\"", cut.Find("form[aria-label='Add server'] textarea").GetAttribute("value"));
    }

    [Fact]
    public async Task ToolTry_GetSum_FormFromItsSchema_CallShowsTheResult()
    {
        await using var ctx = Create();
        var cut = ctx.Render<McpToolTry>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["server"] = "everything", ["tool"] = "get-sum" }));

        var a = cut.Find("input[id$='-f-a']");
        var b = cut.Find("input[id$='-f-b']");
        Assert.Equal("number", a.GetAttribute("type"));
        Assert.Equal("true", a.GetAttribute("aria-required"));
        Assert.Contains("*", cut.Find($"label[for='{a.Id}']").TextContent);
        Assert.Equal("number, required · First number", cut.Find($"#{a.GetAttribute("aria-describedby")}").TextContent);
        a.Input("2");
        b.Input("3");
        Assert.Contains("\"a\": 2", cut.Find("[aria-label='Call params']").TextContent);

        await cut.InvokeAsync(() => cut.Find("form[aria-label='Arguments']").Submit());

        cut.WaitForAssertion(() => Assert.Equal("isError: false", cut.Find("[aria-label='isError']").TextContent), Timeout);
        Assert.Contains("5", cut.Find("[aria-label='Text block']").TextContent);
    }

    [Fact]
    public async Task ToolTry_RequiredFieldLeftEmpty_IsAnErrorResultFromTheSchemaCheck()
    {
        await using var ctx = Create();
        var cut = ctx.Render<McpToolTry>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["server"] = "everything", ["tool"] = "get-sum" }));

        cut.Find("input[id$='-f-a']").Input("2");
        await cut.InvokeAsync(() => cut.Find("form[aria-label='Arguments']").Submit());

        cut.WaitForAssertion(() => Assert.Equal("isError: true", cut.Find("[aria-label='isError']").TextContent), Timeout);
        Assert.Contains("b", cut.Find("[aria-label='Text block']").TextContent);
    }

    [Fact]
    public async Task ToolTry_EnumProperty_IsAMenuOfItsValues()
    {
        await using var ctx = Create();
        var cut = ctx.Render<McpToolTry>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["server"] = "everything", ["tool"] = "get-structured-content" }));

        var location = cut.Find("select[id$='-f-location']");
        Assert.Equal(["", "\"New York\"", "\"Chicago\"", "\"Los Angeles\""], location.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        location.Change("\"Chicago\"");
        Assert.Contains("\"location\": \"Chicago\"", cut.Find("[aria-label='Call params']").TextContent);
        await cut.InvokeAsync(() => cut.Find("form[aria-label='Arguments']").Submit());

        cut.WaitForAssertion(() => Assert.Equal("isError: false", cut.Find("[aria-label='isError']").TextContent), Timeout);
        Assert.Contains("temperature", cut.Find("[aria-label='structuredContent']").TextContent);
    }

    [Fact]
    public async Task Traffic_ShowsTheHandshakeThenNewCallsLive_FilteredAndCleared()
    {
        await using var ctx = Create();
        var cut = ctx.Render<McpTraffic>();

        Assert.NotNull(cut.Find("[aria-label='The MCP handshake']"));
        var handshake = cut.FindAll("tr.wb-mcp-row-handshake").Select(r => r.GetAttribute("data-method")).ToList();
        Assert.Equal("initialize", handshake[0]);
        Assert.Contains("notifications/initialized", handshake);
        Assert.Contains("tools/list", handshake);

        await mcp.Registry.CallToolAsync("everything", "echo", System.Text.Json.JsonDocument.Parse("""{"message": "live row"}""").RootElement);

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("tr[data-method='tools/call']"), r => r.TextContent.Contains("live row")), Timeout);
        var response = cut.FindAll("tr[data-method='tools/call'][data-kind='response']").Last();
        Assert.Contains("←", response.TextContent);

        // On the renderer's dispatcher, as the Clear below: a live row's throttled render may be running right now,
        // and an event raised from the test thread would then be handled after the assertion.
        await cut.InvokeAsync(() => cut.Find("select").Change("no-such-server"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("tr.wb-mcp-row")), Timeout);
        await cut.InvokeAsync(() => cut.Find("select").Change(""));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr.wb-mcp-row")), Timeout);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Clear the traffic view']").Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("tr.wb-mcp-row")), Timeout);
        Assert.NotEmpty(mcp.Registry.Traffic.Snapshot()); // the log others see is untouched
    }
}
