using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Mcp;
using Workbench.Lab.Tools.Builtin;
using Workbench.Web.Components.Pages.Chat;
using Workbench.Web.Tests.Components.Mcp;
using Workbench.Web.Tests.Components.Tools;

namespace Workbench.Web.Tests.Components;

/// <summary>Tools in the chat page on the real engine (stories260K with a 2048-token window: the tool definitions fit)
/// and the real MCP registry with server-everything: a forced built-in call, a forced MCP call that goes out as
/// tools/call, and the page without tools as before.</summary>
[Collection(EngineCollection.Name)]
public sealed class ChatToolsTests(EngineFixture fixture, WideStoriesModelFixture wide, McpRegistryFixture mcp)
    : IClassFixture<WideStoriesModelFixture>, IClassFixture<McpRegistryFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private BunitContext Create()
    {
        var ctx = UiTestContext.Create(fixture, wide.Engine);
        ctx.Services.AddSingleton(new BuiltinTools(AppContext.BaseDirectory));
        ctx.Services.AddSingleton<IMcpServerRegistry>(mcp.Registry);
        return ctx;
    }

    [Fact]
    public async Task Send_BuiltinCalculateForced_CallBubbleToolBubbleAndAFinalStep()
    {
        await using var ctx = Create();
        var cut = ctx.Render<ChatPage>();
        Change(cut, "#max-tokens", "200");
        Change(cut, "#tool-source", ChatToolSelection.BuiltinSource);
        Assert.Contains("calculate", cut.Find("input[type=checkbox]:checked").ParentElement!.TextContent); // the default pick
        Change(cut, "#tool-choice", "calculate");

        Send(cut, "What is 6 times 7?");

        cut.WaitForAssertion(() => Assert.Equal("Idle", cut.Find("[aria-label='Chat state']").TextContent), Timeout);
        Assert.Empty(cut.FindAll("[role=alert]"));
        var articles = cut.FindAll("article");
        Assert.Equal("User message", articles[0].GetAttribute("aria-label"));
        // Step 1: the forced call(s) of calculate, shown with their arguments, and the reply's finish reason.
        var first = articles[1];
        Assert.Equal("Assistant message", first.GetAttribute("aria-label"));
        var calls = first.QuerySelectorAll("[aria-label='Tool calls'] li");
        Assert.NotEmpty(calls);
        foreach (var call in calls)
        {
            Assert.Equal("calculate", call.QuerySelector("[aria-label='Function name']")!.TextContent);
            using var arguments = JsonDocument.Parse(call.QuerySelector("[aria-label='Arguments']")!.TextContent);
            Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("expression").ValueKind);
        }
        Assert.Equal("tool_calls", first.QuerySelector("[aria-label='Finish reason']")!.TextContent);
        // One tool bubble per call, answering it by id, with the result (or the error) the model read.
        var tools = articles.Skip(2).Take(calls.Length).ToList();
        Assert.All(tools, t => Assert.Equal("Tool result", t.GetAttribute("aria-label")));
        var ids = calls.Select(c => c.QuerySelector("[aria-label='Call id']")!.TextContent).ToList();
        Assert.Equal(ids, tools.Select(t => t.QuerySelector("[aria-label='Call id']")!.TextContent));
        Assert.All(tools, t => Assert.Equal("calculate", t.QuerySelector("[aria-label='Tool name']")!.TextContent));
        var results = tools.Select(t => t.QuerySelector("[aria-label='Result text']")!.TextContent).ToList();
        Assert.All(results, r => Assert.False(string.IsNullOrWhiteSpace(r) || r == "running…", r));
        // Later steps are auto: the story model does not call again, so step 2 is the final reply, and its prompt
        // carried the calls and their results.
        var rest = articles.Skip(2 + calls.Length).ToList();
        Assert.NotEmpty(rest);
        Assert.Equal("Assistant message", rest[^1].GetAttribute("aria-label"));
        Assert.Empty(rest[^1].QuerySelectorAll("[aria-label='Tool calls'] li"));
        Assert.NotEqual("tool_calls", rest[^1].QuerySelector("[aria-label='Finish reason']")!.TextContent);
        var prompt = cut.Find("[aria-label='Rendered prompt']").TextContent;
        Assert.Contains("<tools>", prompt);
        Assert.Contains("\"calculate\"", prompt);
        Assert.All(results, r => Assert.Contains(r.Trim(), prompt));
    }

    [Fact]
    public async Task Send_McpGetSumForced_TheCallGoesOutAsToolsCall()
    {
        await using var ctx = Create();
        var before = mcp.Registry.Traffic.Snapshot().LastOrDefault()?.Sequence ?? 0;
        var cut = ctx.Render<ChatPage>();
        Change(cut, "#max-tokens", "200");
        Change(cut, "#tool-source", ChatToolSelection.McpSource("everything"));
        Assert.Contains("get-sum", cut.Find("input[type=checkbox]:checked").ParentElement!.TextContent);
        Assert.Equal(ChatToolSelection.RequiredChoice, cut.Find("#tool-choice").GetAttribute("value"));

        Send(cut, "Add two numbers.");

        cut.WaitForAssertion(() => Assert.Equal("Idle", cut.Find("[aria-label='Chat state']").TextContent), Timeout);
        Assert.Empty(cut.FindAll("[role=alert]"));
        var first = cut.FindAll("article[aria-label='Assistant message']")[0];
        var names = first.QuerySelectorAll("[aria-label='Tool calls'] [aria-label='Function name']").Select(n => n.TextContent).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Equal("get-sum", n));
        var tools = cut.FindAll("article[aria-label='Tool result']");
        Assert.Equal(names.Count, tools.Count);
        Assert.All(tools, t => Assert.Contains("sum", t.QuerySelector("[aria-label='Result text']")!.TextContent, StringComparison.OrdinalIgnoreCase));
        // Each call went to the server as one tools/call request, answered by one response.
        var traffic = mcp.Registry.Traffic.Snapshot("everything", before).Where(e => e.Method == "tools/call").ToList();
        var requests = traffic.Where(e => e.Kind == McpMessageKind.Request).ToList();
        Assert.Equal(names.Count, requests.Count);
        Assert.All(requests, r => Assert.Contains("\"get-sum\"", r.Json));
        Assert.Equal(requests.Select(r => r.Id).Order(), traffic.Where(e => e.Kind == McpMessageKind.Response).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Send_ToolsPickedThenOff_PlainChatAsBefore()
    {
        await using var ctx = Create();
        var before = mcp.Registry.Traffic.Snapshot().LastOrDefault()?.Sequence ?? 0;
        var cut = ctx.Render<ChatPage>();
        Change(cut, "#max-tokens", "16");
        Assert.Equal(ChatToolSelection.NoneSource, cut.Find("#tool-source").GetAttribute("value")); // the default
        Change(cut, "#tool-source", ChatToolSelection.BuiltinSource);
        Change(cut, "#tool-source", ChatToolSelection.NoneSource);
        Assert.Empty(cut.FindAll("#tool-choice"));

        Send(cut, "Hello");

        cut.WaitForAssertion(() => Assert.Equal("Idle", cut.Find("[aria-label='Chat state']").TextContent), Timeout);
        Assert.Equal(["User message", "Assistant message"], cut.FindAll("article").Select(a => a.GetAttribute("aria-label")));
        Assert.Empty(cut.FindAll("[aria-label='Tool calls']"));
        var reason = cut.Find("[aria-label='Finish reason']").TextContent;
        Assert.Contains(reason, new[] { "stop", "length" });
        var prompt = cut.Find("[aria-label='Rendered prompt']").TextContent;
        Assert.DoesNotContain("<tools>", prompt);
        Assert.DoesNotContain("calculate", prompt);
        Assert.Contains("<|im_start|>user\nHello", prompt);
        Assert.DoesNotContain(mcp.Registry.Traffic.Snapshot("everything", before), e => e.Method == "tools/call");
    }

    private static void Send(IRenderedComponent<ChatPage> cut, string text) => cut.InvokeAsync(() =>
    {
        cut.Find("#chat-input").Input(text);
        cut.Find("form.wb-composer").Submit();
    }).GetAwaiter().GetResult();

    // Find and trigger in one dispatcher turn (see ChatPageTests).
    private static void Change<T>(IRenderedComponent<ChatPage> cut, string selector, T value) =>
        cut.InvokeAsync(() => cut.Find(selector).Change(value)).GetAwaiter().GetResult();
}
