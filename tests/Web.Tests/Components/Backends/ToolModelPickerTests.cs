using System.Runtime.CompilerServices;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Inference;
using Workbench.Lab.Backends;
using Workbench.Lab.Tools.Builtin;
using Workbench.Web.Components.Widgets.Tools;
using Workbench.Web.Tests.Components.Tools;

namespace Workbench.Web.Tests.Components.Backends;

/// <summary>The tool calling widget's backend picker and the lab's tool model (issue 15): it starts on
/// <c>workbench-tools</c> when that backend is available and runs the loop there (first step <c>auto</c>), on
/// <c>built-in</c> when it is not (listed, disabled, with its note) or not configured; the tool definitions widget
/// sends to it with <c>tool_choice: auto</c>. A real engine (stories260K with a 2048-token window, which holds the
/// rendered tools) plays the tool model; the default engine beside it counts calls to show which one ran.</summary>
[Collection(EngineCollection.Name)]
public sealed class ToolModelPickerTests(EngineFixture fixture, WideStoriesModelFixture wide) : IClassFixture<WideStoriesModelFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private BunitContext Create(CountingEngine main, IToolModelBackend? toolModel)
    {
        var ctx = UiTestContext.CreateForWidgets(fixture, main);
        ctx.Services.AddSingleton(new BuiltinTools(AppContext.BaseDirectory));
        if (toolModel is not null) ctx.Services.AddSingleton(toolModel);
        ctx.Services.AddChatBackends(new ConfigurationBuilder().Build());
        return ctx;
    }

    [Fact]
    public async Task ToolModelAvailable_PickerStartsOnWorkbenchTools_AndTheLoopRunsOnTheToolModel()
    {
        await using var main = new CountingEngine(fixture.Engine);
        await using var toolEngine = new CountingEngine(wide.Engine);
        await using var ctx = Create(main, new ToolModel(true, toolEngine));

        var cut = ctx.Render<ToolLoopTraceView>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["tools"] = "calculate", ["max_iterations"] = "1", ["max_tokens"] = "8",
        }));

        var select = cut.Find("select[id^='backend-']");
        Assert.Equal(IChatBackends.ToolModelName, select.GetAttribute("value"));
        Assert.Equal(IChatBackends.ToolModelName, cut.Instance.Backend);
        Assert.Contains("trained tool-calling model stories260K.gguf", cut.Find("[aria-label='Tool loop backend details']").TextContent);
        Assert.Contains("tool_choice: auto", cut.Find(".wb-tools-intro").TextContent);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Run the loop']").Click());
        cut.WaitForAssertion(() => Assert.Equal("Idle", cut.Find("[aria-label='Tool loop state']").TextContent), Timeout);
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[aria-label='Loop summary']").Count == 1, cut.Find("section").TextContent), Timeout);

        Assert.True(toolEngine.Generations > 0);
        Assert.Equal(0, main.Generations);
        Assert.Empty(cut.FindAll("[aria-label='Backend error']"));
    }

    [Fact]
    public async Task SelectedBackend_StartsThePickerOnIt_AndAPickIsReportedBack()
    {
        // A parent that re-creates the trace view (the MCP loop, when a server re-lists its tools) passes the
        // user's choice back through SelectedBackend: the new view must start on it, not on the default.
        await using var main = new CountingEngine(fixture.Engine);
        await using var toolEngine = new CountingEngine(wide.Engine);
        await using var ctx = Create(main, new ToolModel(true, toolEngine));
        var picked = new List<string>();

        var cut = ctx.Render<ToolLoopTraceView>(p => p
            .Add(c => c.SelectedBackend, IChatBackends.BuiltInName)
            .Add(c => c.SelectedBackendChanged, (string name) => picked.Add(name)));

        Assert.Equal(IChatBackends.BuiltInName, cut.Find("select[id^='backend-']").GetAttribute("value"));
        Assert.Equal(IChatBackends.BuiltInName, cut.Instance.Backend);
        Assert.Contains("tool_choice: required", cut.Find(".wb-tools-intro").TextContent);

        await cut.InvokeAsync(() => cut.Find("select[id^='backend-']").Change(IChatBackends.ToolModelName));
        Assert.Equal([IChatBackends.ToolModelName], picked);
        Assert.Equal(IChatBackends.ToolModelName, cut.Instance.Backend);
    }

    [Fact]
    public async Task SelectedBackend_Unavailable_FallsBackToTheDefault()
    {
        await using var main = new CountingEngine(fixture.Engine);
        await using var ctx = Create(main, new ToolModel(false, main));

        var cut = ctx.Render<ToolLoopTraceView>(p => p.Add(c => c.SelectedBackend, IChatBackends.ToolModelName));

        Assert.Equal(IChatBackends.BuiltInName, cut.Instance.Backend);
    }

    [Fact]
    public async Task ToolModelMissing_PickerStartsOnBuiltIn_AndShowsTheToolModelDisabled()
    {
        await using var main = new CountingEngine(fixture.Engine);
        await using var ctx = Create(main, new ToolModel(false, main));

        var cut = ctx.Render<ToolLoopTraceView>();

        Assert.Equal(IChatBackends.BuiltInName, cut.Find("select[id^='backend-']").GetAttribute("value"));
        Assert.Equal(IChatBackends.BuiltInName, cut.Instance.Backend);
        var option = cut.Find($"option[value='{IChatBackends.ToolModelName}']");
        Assert.True(option.HasAttribute("disabled"));
        Assert.Contains("(not available)", option.TextContent);
        Assert.Contains("tool_choice: required", cut.Find(".wb-tools-intro").TextContent);

        await cut.InvokeAsync(() => cut.Find("select[id^='backend-']").Change(IChatBackends.ToolModelName));
        Assert.Contains("Not available: the file is missing", cut.Find("[aria-label='Tool loop backend details']").TextContent);
    }

    [Fact]
    public async Task NoToolModel_PickerStartsOnBuiltIn_WithoutTheEntry()
    {
        await using var main = new CountingEngine(fixture.Engine);
        await using var ctx = Create(main, toolModel: null);

        var cut = ctx.Render<ToolLoopTraceView>();

        Assert.Equal(IChatBackends.BuiltInName, cut.Find("select[id^='backend-']").GetAttribute("value"));
        Assert.Empty(cut.FindAll($"option[value='{IChatBackends.ToolModelName}']"));
    }

    [Fact]
    public async Task ToolDefinitions_ToolModelAvailable_SendsToItWithToolChoiceAuto()
    {
        await using var main = new CountingEngine(fixture.Engine);
        await using var toolEngine = new CountingEngine(wide.Engine);
        await using var ctx = Create(main, new ToolModel(true, toolEngine));
        var tools = ToolDefinitionsJson.Write(new BuiltinTools(AppContext.BaseDirectory), [WeatherTool.ToolName]);
        var cut = ctx.Render<ToolDefinitionsEditor>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["tools"] = tools, ["max_tokens"] = "24" }));

        Assert.Equal("tool", cut.Instance.ModelChoice);
        Assert.Equal("auto", cut.Find("select.wb-tools-choice").GetAttribute("value"));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Send']").Click());

        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[aria-label='finish_reason']").Count == 1, cut.Find("section").TextContent), Timeout);
        Assert.Contains("\"tool_choice\": \"auto\"", cut.Find("[aria-label='Request body']").TextContent);
        Assert.Contains("\"model\": \"stories260K.gguf\"", cut.Find("[aria-label='Request body']").TextContent);
        Assert.True(toolEngine.Generations > 0);
        Assert.Equal(0, main.Generations);
    }

    [Fact]
    public async Task ToolDefinitions_ToolModelMissing_StaysOnTheLoadedModel_WithTheNote()
    {
        await using var main = new CountingEngine(fixture.Engine);
        await using var ctx = Create(main, new ToolModel(false, main));

        var cut = ctx.Render<ToolDefinitionsEditor>();

        Assert.Equal("default", cut.Instance.ModelChoice);
        Assert.Equal("required", cut.Find("select.wb-tools-choice").GetAttribute("value"));
        Assert.True(cut.Find("select.wb-tools-model option[value='tool']").HasAttribute("disabled"));
        Assert.Contains("the file is missing", cut.Find("[aria-label='Tool model note']").TextContent);
    }

    /// <summary>The tool model as the host would offer it, over a given engine.</summary>
    private sealed class ToolModel(bool available, IInferenceEngine engine) : IToolModelBackend
    {
        public bool IsConfigured => true;
        public bool IsAvailable => available;
        public string? Note => available ? null : "the file is missing (test).";
        public string? ModelFileName => engine.Model?.Id;
        public int? ContextWindow => engine.Model?.ContextSize;
        public IInferenceEngine Engine => engine;
    }

    /// <summary>Counts generations on the real engine (not owned).</summary>
    private sealed class CountingEngine(IInferenceEngine inner) : DelegatingInferenceEngine(inner, ownsInner: false)
    {
        private int _generations;

        public int Generations => _generations;

        public override async IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _generations);
            await foreach (var update in Inner.GenerateAsync(request, cancellationToken)) yield return update;
        }
    }
}
