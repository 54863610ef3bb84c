using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Mcp;
using Workbench.Lab.Tools.Builtin;
using Workbench.Web.Components.Pages.Modules;
using Workbench.Web.Components.Widgets.Mcp;
using Workbench.Web.Tests.Components.Tools;

namespace Workbench.Web.Tests.Components.Mcp;

/// <summary>The MCP tool loop on the real engine (stories260K, 2048-token window) and the real registry with
/// server-everything: the first step's forced call of get-sum runs as a tools/call the traffic log holds; and the
/// module page composes the four widgets.</summary>
[Collection(EngineCollection.Name)]
public sealed class McpToolLoopTests(EngineFixture fixture, WideStoriesModelFixture wide, McpRegistryFixture mcp)
    : IClassFixture<WideStoriesModelFixture>, IClassFixture<McpRegistryFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private BunitContext Create()
    {
        var ctx = UiTestContext.CreateForWidgets(fixture, wide.Engine);
        ctx.Services.AddSingleton(new BuiltinTools(AppContext.BaseDirectory));
        ctx.Services.AddSingleton<IMcpServerRegistry>(mcp.Registry);
        return ctx;
    }

    [Fact]
    public async Task RunLoop_ForcedGetSum_TraceShowsTheCallAndTheTrafficTheSameToolsCall()
    {
        await using var ctx = Create();
        long before = mcp.Registry.Traffic.Snapshot().LastOrDefault()?.Sequence ?? 0;
        var cut = ctx.Render<McpToolLoop>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["server"] = "everything", ["max_iterations"] = "1", ["max_tokens"] = "200",
        }));
        Assert.Contains("get-sum", cut.Find("fieldset legend").ParentElement!.TextContent);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the loop']").Click());

        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[aria-label='Loop summary']").Count == 1, cut.Find("section").TextContent), Timeout);
        var first = cut.Find("li[aria-label='Step 1']");
        var names = first.QuerySelectorAll("[aria-label='Function name']").Select(n => n.TextContent).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Equal("get-sum", n));
        // The raw text is the model's whole output, every call's markup included (not only the content left over).
        var raw = first.QuerySelector("[aria-label='Raw model text']")!.TextContent;
        Assert.True(raw.Split("<tool_call>").Length - 1 >= names.Count, raw);
        var results = first.QuerySelectorAll("[aria-label='Result']").Select(r => r.TextContent).ToList();
        Assert.Equal(names.Count, results.Count);
        // The model's calls went out as tools/call on the server, one request and one response each.
        var calls = mcp.Registry.Traffic.Snapshot("everything", before).Where(e => e.Method == "tools/call").ToList();
        var requests = calls.Where(e => e.Kind == McpMessageKind.Request).ToList();
        Assert.Equal(names.Count, requests.Count);
        Assert.All(requests, r => Assert.Contains("\"get-sum\"", r.Json));
        Assert.Equal(requests.Select(r => r.Id).Order(), calls.Where(e => e.Kind == McpMessageKind.Response).Select(r => r.Id).Order());
        Assert.All(results, r => Assert.Contains("sum", r, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task McpPage_ShowsTheFourWidgetsAndTheLabLink()
    {
        await using var ctx = Create();

        var cut = ctx.Render<McpPage>();

        Assert.StartsWith("MCP", cut.Find("h1").TextContent);
        foreach (var label in new[] { "MCP servers", "Try an MCP tool", "MCP tool loop", "MCP traffic" })
            Assert.NotNull(cut.Find($"section[aria-label='{label}']"));
        Assert.Contains("--mcp-stdio", cut.Find(".wb-markdown").TextContent);
        Assert.Equal("labs/06-mcp", cut.Find("a.wb-link-button").GetAttribute("href"));
    }
}
