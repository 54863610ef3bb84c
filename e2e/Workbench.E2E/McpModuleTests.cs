using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The MCP module in Chromium on the real app, worker and default model (stories260K), with the real
/// third-party server-everything (tests/reference/mcp) added over stdio through the page's own "Add server" form:
/// it connects and lists its tools; get-sum is tried by hand through the form generated from its inputSchema; the
/// model's forced call runs in the tool loop; the traffic panel shows the handshake (initialize, explained) and the
/// tools/call messages; axe finds no serious violations.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class McpModuleTests(WorkbenchApp app)
{
    [Fact]
    public async Task McpPage_AddServerTryAToolLetTheModelCallItAndSeeTheTraffic()
    {
        var script = EverythingScript();
        var page = await app.OpenReadyAsync("modules/mcp");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("MCP");

        // Add server-everything over stdio through the form (the self-paced learner may).
        var servers = page.GetByRole(AriaRole.Region, new() { Name = "MCP servers" });
        var add = servers.GetByRole(AriaRole.Form, new() { Name = "Add server" });
        await add.GetByLabel("Name", new() { Exact = true }).FillAsync("everything");
        var entry = new JsonObject { ["command"] = "node", ["args"] = new JsonArray(script, "stdio") };
        await add.GetByLabel("mcpServers entry").FillAsync(entry.ToJsonString());
        await add.GetByRole(AriaRole.Button, new() { Name = "Add server" }).ClickAsync();
        var server = servers.GetByRole(AriaRole.Listitem, new() { Name = "Server everything" });
        await Expect(server.GetByRole(AriaRole.Status, new() { Name = "Status of everything" })).ToHaveTextAsync("connected", new() { Timeout = 60_000 });
        await Expect(server.GetByLabel("Server info")).ToContainTextAsync("mcp-servers/everything");
        await server.GetByText("tools", new() { Exact = false }).First.ClickAsync();
        await Expect(server.GetByLabel("Tools of everything")).ToContainTextAsync("get-sum");

        // Try get-sum by hand: two required number fields from its schema.
        var tryTool = page.GetByRole(AriaRole.Region, new() { Name = "Try an MCP tool" });
        await tryTool.GetByLabel("Server", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "everything (connected)" });
        await tryTool.GetByLabel("Tool", new() { Exact = true }).SelectOptionAsync("get-sum");
        var a = tryTool.GetByRole(AriaRole.Spinbutton, new() { Name = "a", Exact = true });
        await Expect(a).ToHaveAttributeAsync("aria-required", "true");
        await a.FillAsync("2");
        await tryTool.GetByRole(AriaRole.Spinbutton, new() { Name = "b", Exact = true }).FillAsync("3");
        await tryTool.GetByRole(AriaRole.Button, new() { Name = "Call the tool" }).ClickAsync();
        await Expect(tryTool.GetByRole(AriaRole.Status, new() { Name = "isError" })).ToHaveTextAsync("isError: false", new() { Timeout = 30_000 });
        await Expect(tryTool.GetByLabel("Text block")).ToContainTextAsync("5");

        // The model's forced call of get-sum in the tool loop: on the built-in story model, whose first step is a
        // forced call (the lab's tool model, the page's default, decides with tool_choice auto and has never seen get-sum).
        var loop = page.GetByRole(AriaRole.Region, new() { Name = "MCP tool loop" });
        await loop.GetByLabel("Tool loop backend", new() { Exact = true }).SelectOptionAsync("built-in");
        await loop.GetByLabel("Server whose tools the model gets").SelectOptionAsync("everything");
        await loop.GetByLabel("max iterations").FillAsync("1");
        await loop.GetByLabel("max_tokens").FillAsync("200");
        await loop.GetByRole(AriaRole.Button, new() { Name = "Run the loop" }).ClickAsync();
        await Expect(loop.GetByRole(AriaRole.Status, new() { Name = "Loop summary" })).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var step = loop.GetByRole(AriaRole.Listitem, new() { Name = "Step 1" });
        await Expect(step.GetByLabel("Function name").First).ToHaveTextAsync("get-sum");

        // The traffic panel: the handshake explained, initialize and the tools/call messages.
        var traffic = page.GetByRole(AriaRole.Region, new() { Name = "MCP traffic" });
        await traffic.GetByLabel("Server", new() { Exact = true }).SelectOptionAsync("everything");
        await Expect(traffic.GetByRole(AriaRole.Note, new() { Name = "The MCP handshake" })).ToBeVisibleAsync();
        await Expect(traffic.Locator("tr[data-method='initialize'][data-kind='request']")).ToHaveCountAsync(1);
        await Expect(traffic.Locator("tr[data-method='notifications/initialized']")).ToHaveCountAsync(1);
        Assert.True(await traffic.Locator("tr[data-method='tools/call'][data-kind='request']").CountAsync() >= 2, "the hand call and the model's call");
        await Expect(traffic.Locator("tr[data-method='tools/call'][data-kind='response']").Last).ToContainTextAsync("←");

        await Screenshots.SaveAsync(page, "mcp.png");
        await Screenshots.SaveAsync(servers, "mcp-servers.png");
        await Screenshots.SaveAsync(tryTool, "mcp-tool-try.png");
        await Screenshots.SaveAsync(loop, "mcp-tool-loop.png");
        await traffic.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "mcp-traffic.png", fullPage: false);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the MCP module after its widgets ran");
    }

    // server-everything from tests/reference/mcp (npm ci there once when its node_modules is missing).
    private static string EverythingScript() => Path.Combine(
        Workbench.Tests.Reference.NpmReference.EnsureInstalled(Path.Combine(WorkbenchApp.RepoRoot, "tests", "reference", "mcp"), "@modelcontextprotocol/server-everything"),
        "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
}
