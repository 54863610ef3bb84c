using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Tools.Builtin;
using Workbench.Web.Components.Pages.Modules;
using Workbench.Web.Components.Widgets.Tools;
using Workbench.Web.Tests.Components.Structured;

namespace Workbench.Web.Tests.Components.Tools;

/// <summary>The tool-calling module page and its engine widgets on the real engine and model (stories260K): the
/// format gallery over the real templates in ../shared/templates, a forced call with its raw text and parsed call, the
/// token budget, and a traced tool loop.</summary>
[Collection(EngineCollection.Name)]
public sealed class ToolCallingPageTests(EngineFixture fixture, StoriesModelFixture stories, WideStoriesModelFixture wide)
    : IClassFixture<StoriesModelFixture>, IClassFixture<WideStoriesModelFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private BunitContext Create(bool wideWindow = false)
    {
        var ctx = UiTestContext.CreateForWidgets(fixture, wideWindow ? wide.Engine : stories.Engine);
        ctx.Services.AddSingleton(new BuiltinTools(AppContext.BaseDirectory));
        ctx.Services.AddSingleton(ChatTemplateLibrary.Create(null, null));
        return ctx;
    }

    [Fact]
    public async Task Render_ShowsTheFourWidgetsAndTheLabLink()
    {
        await using var ctx = Create();

        var cut = ctx.Render<ToolCallingPage>();

        Assert.Equal("Tool calling", cut.Find("h1").TextContent);
        foreach (var label in new[] { "Tool definitions", "Format gallery", "Parser matching", "Tool loop trace" })
            Assert.NotNull(cut.Find($"section[aria-label='{label}']"));
        Assert.Equal("labs/05-tool-calling", cut.Find("a.wb-link-button").GetAttribute("href"));
    }

    [Fact]
    public async Task Gallery_SharedTemplates_EachFamilyRendersTheCallMarked()
    {
        await using var ctx = Create();
        var library = ChatTemplateLibrary.Create(null, null);
        Assert.True(library.Exists, $"no templates at {library.Directory}");
        var expected = library.Read().Where(t => t.Format is not null).Select(t => t.FileName).ToList();
        Assert.Contains("qwen2.5-instruct.jinja", expected);

        var cut = ctx.Render<ToolFormatGallery>();
        cut.WaitForAssertion(() => Assert.Equal(expected.Count, cut.FindAll("article.wb-tools-card").Count), Timeout);
        cut.WaitForAssertion(() => Assert.Contains("templates rendered", cut.Find("[aria-label='Gallery state']").TextContent), Timeout);

        foreach (var file in expected)
        {
            var card = cut.Find($"article[aria-label='{file}']");
            Assert.True(card.QuerySelector("[aria-label='Render error']") is null, $"{file}: {card.TextContent}");
            var prompt = card.QuerySelector("pre[aria-label^='Prompt rendered']")!.TextContent;
            Assert.Contains("get_weather", card.QuerySelector("[aria-label='Call markup']")!.TextContent);
            Assert.Contains("Oslo", prompt);
            Assert.NotNull(card.QuerySelector("mark.wb-tools-call"));
        }
        Assert.Contains("<tool_call>", cut.Find("article[aria-label='qwen2.5-instruct.jinja'] mark").TextContent);
        Assert.Contains("gemma3.jinja", cut.Find("[aria-label='Templates without a known format']").TextContent);
    }

    [Fact]
    public async Task Gallery_MissingFolder_SaysSoPlainly()
    {
        await using var ctx = UiTestContext.CreateForWidgets(fixture, stories.Engine);
        ctx.Services.AddSingleton(new ChatTemplateLibrary(Path.Combine(Path.GetTempPath(), "no-such-templates-" + Guid.NewGuid().ToString("N"))));

        var cut = ctx.Render<ToolFormatGallery>();

        cut.WaitForAssertion(() => Assert.Contains("does not exist", cut.Find("[aria-label='Gallery error']").TextContent), Timeout);
        Assert.Empty(cut.FindAll("article.wb-tools-card"));
    }

    [Fact]
    public async Task Send_RequiredOneTool_ShowsRawTextBesideTheParsedCall()
    {
        await using var ctx = Create(wideWindow: true);
        var tools = ToolDefinitionsJson.Write(new BuiltinTools(AppContext.BaseDirectory), [WeatherTool.ToolName]);
        var cut = ctx.Render<ToolDefinitionsEditor>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["tools"] = tools, ["max_tokens"] = "200" }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Send']").Click());

        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[aria-label='finish_reason']").Count == 1, cut.Find("section").TextContent), Timeout);
        var budget = cut.Find("[aria-label='Token budget']").TextContent;
        Assert.Contains("n_ctx", budget);
        Assert.Equal("tool_calls", cut.Find("[aria-label='finish_reason']").TextContent);
        Assert.Equal("get_weather", cut.Find("[aria-label='Function name']").TextContent);
        Assert.Contains("<tool_call>", cut.Find("[aria-label='Raw model text']").TextContent);
        Assert.Contains("\"city\"", cut.Find("[aria-label='Arguments']").TextContent);
        Assert.Contains("\"tool_choice\": \"required\"", cut.Find("[aria-label='Request body']").TextContent);
    }

    [Fact]
    public async Task Send_ToolsDoNotFitTheWindow_RefusedBeforeSendingThenSentWithoutRenderingThem()
    {
        await using var ctx = Create();
        var cut = ctx.Render<ToolDefinitionsEditor>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "400" }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Send']").Click());

        cut.WaitForAssertion(() => Assert.Contains("Too long", cut.Find("[aria-label='Token budget']").TextContent), Timeout);
        Assert.True(int.Parse(cut.Find("[aria-label='Prompt tokens']").TextContent) > stories.Engine.Model!.ContextSize);
        Assert.Empty(cut.FindAll("[aria-label='finish_reason']"));

        cut.FindAll("input[type=checkbox]").Single(i => i.ParentElement!.TextContent.Contains("render the tools")).Change(false);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Send']").Click());

        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[aria-label='finish_reason']").Count == 1, cut.Find("section").TextContent), Timeout);
        Assert.Equal("tool_calls", cut.Find("[aria-label='finish_reason']").TextContent);
        Assert.Contains(cut.Find("[aria-label='Function name']").TextContent, new[] { "get_weather", "convert_units" });
        Assert.DoesNotContain("Too long", cut.Find("[aria-label='Token budget']").TextContent);
    }

    [Fact]
    public async Task Send_NotJson_InlineErrorAndNothingSent()
    {
        await using var ctx = Create();
        var cut = ctx.Render<ToolDefinitionsEditor>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["tools"] = "[{\"type\": \"function\"," }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Send']").Click());

        Assert.Contains("Not JSON", cut.Find("[aria-label='Tool definitions error']").TextContent);
        Assert.Empty(cut.FindAll("[aria-label='finish_reason']"));
    }

    [Fact]
    public async Task Send_UnsupportedKeyword_TheEngineRejectsItInline()
    {
        await using var ctx = Create();
        const string tools = """[{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {"s": {"type": "string", "pattern": "a+"}}}}}]""";
        var cut = ctx.Render<ToolDefinitionsEditor>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["tools"] = tools }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Send']").Click());

        cut.WaitForAssertion(() => Assert.Contains("pattern", cut.Find("[aria-label='Tool definitions error']").TextContent), Timeout);
        Assert.Empty(cut.FindAll("[aria-label='finish_reason']"));
    }

    [Fact]
    public async Task RunLoop_FirstStepForced_TraceShowsTheCallAndItsResult()
    {
        await using var ctx = Create(wideWindow: true);
        var cut = ctx.Render<ToolLoopTraceView>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["tools"] = "calculate", ["max_iterations"] = "2", ["max_tokens"] = "200",
        }));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the loop']").Click());

        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[aria-label='Loop summary']").Count == 1, cut.Find("section").TextContent), Timeout);
        var first = cut.Find("li[aria-label='Step 1']");
        Assert.Equal("calculate", first.QuerySelector("[aria-label='Function name']")!.TextContent);
        Assert.Contains("<tool_call>", first.QuerySelector("[aria-label='Raw model text']")!.TextContent);
        Assert.NotNull(first.QuerySelector("[aria-label='Result']"));
        Assert.InRange(cut.FindAll("li.wb-tools-step").Count, 1, 2);
    }
}
